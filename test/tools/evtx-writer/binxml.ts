// BinXML encoding of template definitions, template instances and their substitution values.
// Names and template definitions are written inline on first use in a chunk and back-referenced after.

import { createHash } from 'node:crypto';
import { ByteWriter } from './bytes';
import { encodeValue, guidBytes, TYPE_CODE, ValueType } from './values';
import type { Value, ValueTypeCode } from './values';
import { nameHash } from './tables';
import type { ChunkTables } from './tables';

const Token = {
  EOF: 0x00,
  OpenStartElement: 0x01,
  CloseStartElement: 0x02,
  CloseEmptyElement: 0x03,
  EndElement: 0x04,
  Value: 0x05,
  Attribute: 0x06,
  TemplateInstance: 0x0c,
  NormalSubstitution: 0x0d,
  OptionalSubstitution: 0x0e,
  FragmentHeader: 0x0f,
  HasMore: 0x40,
} as const;

const FRAGMENT_HEADER = Uint8Array.of(0x0f, 0x01, 0x01, 0x00);

export type TemplateNode = ElementNode | TextNode | SubstitutionNode;
export interface ElementNode {
  kind: 'element';
  name: string;
  attrs: { name: string; value: TextNode | SubstitutionNode }[];
  children: TemplateNode[];
}
export interface TextNode {
  kind: 'text';
  text: string;
}
export interface SubstitutionNode {
  kind: 'sub';
  index: number;
  type: ValueTypeCode;
  optional: boolean;
}

export const el = (name: string, attrs: ElementNode['attrs'] = [], children: TemplateNode[] = []): ElementNode => ({
  kind: 'element',
  name,
  attrs,
  children,
});
export const text = (t: string): TextNode => ({ kind: 'text', text: t });
export const sub = (index: number, type: ValueTypeCode, optional = true): SubstitutionNode => ({
  kind: 'sub',
  index,
  type,
  optional,
});

/** A template: an element tree with substitution slots, identified by a stable key. */
export class Template {
  readonly guid: string;
  readonly id: number;
  constructor(
    readonly key: string,
    readonly root: ElementNode,
  ) {
    const h = createHash('md5').update(key).digest('hex');
    this.guid = `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`;
    this.id = Buffer.from(guidBytes(this.guid)).readUInt32LE(0);
  }
}

/**
 * A value for a substitution slot: a plain typed value or a nested template instance (BinXml, type 0x21).
 * `fragmentHeader: false` writes the instance without the fragment header before it, as Windows writes
 * some EventData values (StolenSzechuan System.evtx: 204 of its 60,189 records).
 */
export type SlotValue = Value | { type: 'binxml'; template: Template; values: SlotValue[]; fragmentHeader?: boolean };

function writeName(w: ByteWriter, name: string, tables: ChunkTables): void {
  const known = tables.names.get(name);
  if (known !== undefined) {
    w.u32(known);
    return;
  }
  const offset = w.pos + 4;
  w.u32(offset);
  w.u32(tables.addName(name, offset));
  w.u16(nameHash(name));
  w.u16(name.length);
  w.utf16(name);
  w.u16(0);
}

function writeContent(w: ByteWriter, node: TextNode | SubstitutionNode): void {
  if (node.kind === 'text') {
    w.u8(Token.Value).u8(ValueType.String).u16(node.text.length).utf16(node.text);
  } else {
    w.u8(node.optional ? Token.OptionalSubstitution : Token.NormalSubstitution).u16(node.index).u8(node.type);
  }
}

function writeElement(w: ByteWriter, e: ElementNode, tables: ChunkTables): void {
  const dep = e.children.find((c): c is SubstitutionNode => c.kind === 'sub' && c.optional)?.index ?? 0xffff;
  w.u8(Token.OpenStartElement | (e.attrs.length ? Token.HasMore : 0)).u16(dep);
  const sizeAt = w.length;
  w.u32(0);
  writeName(w, e.name, tables);
  if (e.attrs.length) {
    const attrSizeAt = w.length;
    w.u32(0);
    e.attrs.forEach((a, i) => {
      w.u8(Token.Attribute | (i < e.attrs.length - 1 ? Token.HasMore : 0));
      writeName(w, a.name, tables);
      writeContent(w, a.value);
    });
    w.patchU32(attrSizeAt, w.length - attrSizeAt - 4);
  }
  if (e.children.length) {
    w.u8(Token.CloseStartElement);
    for (const c of e.children) {
      if (c.kind === 'element') writeElement(w, c, tables);
      else writeContent(w, c);
    }
    w.u8(Token.EndElement);
  } else {
    w.u8(Token.CloseEmptyElement);
  }
  w.patchU32(sizeAt, w.length - sizeAt - 4);
}

/** Template instance token, the definition inline if the chunk has not seen it, then the instance data. */
function writeTemplateInstance(w: ByteWriter, t: Template, values: SlotValue[], tables: ChunkTables): void {
  w.u8(Token.TemplateInstance).u8(0x01).u32(t.id);
  const known = tables.templates.get(t.key);
  if (known !== undefined) {
    w.u32(known);
  } else {
    const offset = w.pos + 4;
    w.u32(offset);
    w.u32(tables.addTemplate(t.key, t.id, offset));
    w.bytes(guidBytes(t.guid));
    const sizeAt = w.length;
    w.u32(0);
    w.bytes(FRAGMENT_HEADER);
    writeElement(w, t.root, tables);
    w.u8(Token.EOF);
    w.patchU32(sizeAt, w.length - sizeAt - 4);
  }
  // Instance data: count, descriptors (u16 size, u8 type, u8 0), values back to back.
  let at = w.pos + 4 + 4 * values.length;
  const encoded: { bytes: Uint8Array; type: number }[] = [];
  for (const v of values) {
    let bytes: Uint8Array;
    let type: number;
    if (v.type === 'binxml') {
      const nested = new ByteWriter(at);
      writeFragment(nested, v.template, v.values, tables, v.fragmentHeader ?? true);
      bytes = nested.toBytes();
      type = ValueType.BinXml;
    } else {
      bytes = encodeValue(v);
      type = TYPE_CODE[v.type];
    }
    if (bytes.length > 0xffff) throw new Error('substitution value larger than 65535 bytes');
    encoded.push({ bytes, type });
    at += bytes.length;
  }
  w.u32(values.length);
  for (const e of encoded) w.u16(e.bytes.length).u8(e.type).u8(0);
  for (const e of encoded) w.bytes(e.bytes);
}

/** A BinXML fragment: fragment header (unless `header` is false), one template instance, end of stream. */
export function writeFragment(w: ByteWriter, t: Template, values: SlotValue[], tables: ChunkTables, header = true): void {
  if (header) w.bytes(FRAGMENT_HEADER);
  writeTemplateInstance(w, t, values, tables);
  w.u8(Token.EOF);
}
