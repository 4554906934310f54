/**
 * The BinXML token reader (libyal EVTX doc §4.2 "Tokens"; MS-EVEN6 §3.1.4.7): turns a token
 * stream into `XNode`s. Used for record streams, template definition bodies and nested BinXML
 * values. Open-start-element headers carry a u16 dependency identifier in records and template
 * bodies but not in nested (0x21) values; since writers are not consistent, an impossible data
 * size or name offset makes the reader retry the other layout (as the Rust crate does).
 */
import { ByteCursor } from '../byte-cursor';
import { EvtxFormatError } from '../errors';
import type { ChunkContext } from './context';
import { readNameRef } from './names';
import type { AttrNode, ElementNode, PINode, XNode } from './nodes';
import { readTemplateInstance } from './template';
import { readValueToken, setNestedParser } from './values';
import { decodeUtf16 } from '../text';

const MAX_DEPTH = 24;
/** Element nesting limit (real events nest < 10 deep); keeps renderers' recursion shallow. */
const MAX_ELEMENT_DEPTH = 256;

// Lazily bound: template.ts and this module import each other.
let readTI: typeof readTemplateInstance | null = null;

/** Is `[p, p+8)` a plausible (data size, name offset) pair of an open-start-element? */
function plausibleHeader(cur: ByteCursor, p: number): boolean {
  if (p + 8 > cur.end) return false;
  const b = cur.buf;
  // A top byte set means ≥ 2^24, past any chunk (64 KiB), so implausible; read as a u32 such a value
  // (≥ 2^31 for garbage bytes) would leave V8's small integers and deoptimise the token loop inlining this.
  if ((b[p + 3]! | b[p + 7]!) !== 0 && b.length < 0x1000000) return false;
  const size = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  const nameOff = (b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24)) >>> 0;
  return size <= cur.end - p && nameOff + 8 <= b.length;
}

function readElementHeader(cur: ByteCursor, hasDep: boolean): void {
  const start = cur.pos;
  const first = hasDep ? start + 2 : start;
  if (!plausibleHeader(cur, first)) {
    const other = hasDep ? start : start + 2;
    if (plausibleHeader(cur, other)) cur.pos = other;
    else cur.pos = first;
  } else cur.pos = first;
  cur.u32('element.data_size');
}

/**
 * Reads tokens from `cur` until end-of-stream (0x00) or the end of the cursor's range.
 * `hasDep`: whether open-start-element tokens carry the dependency identifier.
 */
export function parseTokens(cur: ByteCursor, ctx: ChunkContext, hasDep: boolean, depth: number): XNode[] {
  if (depth > MAX_DEPTH) {
    throw new EvtxFormatError('evtx.binxml.depth', `BinXML nesting deeper than ${MAX_DEPTH}`, { chunk: ctx.chunkIndex, offset: cur.pos });
  }
  const root: XNode[] = [];
  const stack: ElementNode[] = [];
  let container = root;
  let attr: AttrNode | null = null;
  let lastPI: PINode | null = null;
  while (cur.pos < cur.end) {
    const tokPos = cur.pos;
    const tok = cur.u8('binxml.token');
    const target: XNode[] = attr !== null ? (attr as AttrNode).value : container;
    switch (tok) {
      case 0x00:
        return root;
      case 0x0f:
        cur.skip(3, 'fragment_header');
        break;
      case 0x01:
      case 0x41: {
        readElementHeader(cur, hasDep);
        const name = readNameRef(cur, ctx, 'element.name');
        if (tok === 0x41) cur.u32('element.attribute_list_size');
        if (stack.length >= MAX_ELEMENT_DEPTH) {
          throw new EvtxFormatError('evtx.binxml.depth', `elements nested deeper than ${MAX_ELEMENT_DEPTH}`, { chunk: ctx.chunkIndex, offset: tokPos });
        }
        const el: ElementNode = { k: 1, name, attrs: [], children: [] };
        container.push(el);
        stack.push(el);
        container = el.children;
        attr = null;
        break;
      }
      case 0x02:
        attr = null;
        break;
      case 0x03:
      case 0x04:
        attr = null;
        stack.pop();
        container = stack.length > 0 ? stack[stack.length - 1]!.children : root;
        break;
      case 0x05:
      case 0x45: {
        const v = readValueToken(cur, ctx);
        target.push(typeof v === 'string' ? v : v === null ? '' : String(v));
        break;
      }
      case 0x06:
      case 0x46: {
        const name = readNameRef(cur, ctx, 'attribute.name');
        const el = stack[stack.length - 1];
        if (el === undefined) {
          throw new EvtxFormatError('evtx.binxml.token', 'attribute outside an element', { chunk: ctx.chunkIndex, offset: tokPos });
        }
        attr = { name, value: [] };
        el.attrs.push(attr);
        break;
      }
      case 0x0d:
      case 0x0e: {
        const index = cur.u16('substitution.index');
        const type = cur.u8('substitution.type');
        target.push({ k: 2, index, type, optional: tok === 0x0e });
        break;
      }
      default:
        // one call site for every token that template bodies and records seldom hold (V8 compiles
        // this loop without them; the first such token of a worker's life deoptimises it at most once)
        lastPI = rareToken(tok, tokPos, cur, ctx, depth, container, target, lastPI);
    }
  }
  return root;
}

/**
 * The tokens other than elements, attributes, values and substitutions: template instances inside
 * a token stream, CDATA, character and entity references, processing instructions; throws on an
 * unknown token. Returns the last processing instruction (its data token may follow).
 */
function rareToken(tok: number, tokPos: number, cur: ByteCursor, ctx: ChunkContext, depth: number, container: XNode[], target: XNode[], lastPI: PINode | null): PINode | null {
  switch (tok) {
    case 0x0c:
      container.push((readTI ??= readTemplateInstance)(cur, ctx, depth));
      return lastPI;
    case 0x07:
    case 0x47: {
      const n = cur.u16('cdata.char_count');
      const p = cur.pos;
      cur.skip(n * 2, 'cdata.chars');
      target.push({ k: 5, text: decodeUtf16(cur.buf, p, n) });
      return lastPI;
    }
    case 0x08:
    case 0x48:
      target.push({ k: 3, code: cur.u16('char_ref') });
      return lastPI;
    case 0x09:
    case 0x49:
      target.push({ k: 4, name: readNameRef(cur, ctx, 'entity_ref.name') });
      return lastPI;
    case 0x0a: {
      const pi: PINode = { k: 6, target: readNameRef(cur, ctx, 'pi.target'), data: '' };
      container.push(pi);
      return pi;
    }
    case 0x0b: {
      const n = cur.u16('pi.char_count');
      const p = cur.pos;
      cur.skip(n * 2, 'pi.chars');
      if (lastPI !== null) lastPI.data = decodeUtf16(cur.buf, p, n);
      return lastPI;
    }
    default:
      throw new EvtxFormatError('evtx.binxml.token', `unknown BinXML token 0x${tok.toString(16)}`, { chunk: ctx.chunkIndex, offset: tokPos });
  }
}

/**
 * A nested BinXML value (0x21): almost always a fragment header and one template instance (the
 * EventData or UserData of the record's provider), read without the token loop; the result is
 * what `parseTokens` returns (anything else, or content after the instance, goes through it
 * from the start).
 */
function parseNested(cur: ByteCursor, ctx: ChunkContext, depth: number): XNode[] {
  const b = cur.buf;
  const start = cur.pos;
  if (depth <= MAX_DEPTH && start + 5 <= cur.end && b[start] === 0x0f && b[start + 4] === 0x0c) {
    cur.pos = start + 5;
    const instance = (readTI ??= readTemplateInstance)(cur, ctx, depth);
    if (cur.pos >= cur.end || b[cur.pos] === 0x00) return [instance];
    cur.pos = start;
  }
  return parseTokens(cur, ctx, false, depth);
}

setNestedParser(parseNested);
