/**
 * Expanded element tree → Event XML as Event Viewer / evtxexport write it: two-space indent,
 * `<X/>` for empty elements, text escaped (`&`, `<`, `>`; in attributes also `"`). Characters
 * that XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF) are written as
 * `&#xN;` references so no byte of evidence is silently dropped. An element whose only content
 * is an array substitution is repeated once per item (MS-EVEN6 array semantics).
 */
import type { Scalar } from '../binxml/nodes';
import { EvtxFormatError } from '../errors';
import { MAX_RECORD_XML_CHARS } from './expansion-budget';
import { CData, EntityText, PInstr, isElem, scalarText } from './tree';
import type { Child, Elem } from './tree';

const ESC_TEXT = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const ESC_ATTR = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function escChar(ch: string): string {
  switch (ch) {
    case '&': return '&amp;';
    case '<': return '&lt;';
    case '>': return '&gt;';
    case '"': return '&quot;';
    default: return `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`;
  }
}
function escapeText(s: string): string {
  ESC_TEXT.lastIndex = 0;
  return ESC_TEXT.test(s) ? s.replace(ESC_TEXT, escChar) : s;
}
function escapeAttr(s: string): string {
  ESC_ATTR.lastIndex = 0;
  return ESC_ATTR.test(s) ? s.replace(ESC_ATTR, escChar) : s;
}

function leafXml(c: Child): string {
  if (c instanceof CData) return `<![CDATA[${c.text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
  if (c instanceof EntityText) return `&${c.name};`;
  if (c instanceof PInstr) return `<?${c.target}${c.data ? ' ' + c.data : ''}?>`;
  return escapeText(scalarText(c as Scalar | Scalar[]));
}

function openTag(el: Elem): string {
  let s = '<' + el.name;
  for (const a of el.attrs) s += ` ${a.name}="${escapeAttr(scalarText(a.value))}"`;
  return s;
}

/** Characters written for the current record (an array repeats its element with all its attributes). */
let written = 0;
function emit(out: string[], s: string): void {
  written += s.length;
  if (written > MAX_RECORD_XML_CHARS) {
    throw new EvtxFormatError('evtx.record.expansion', `record's Event XML exceeds ${MAX_RECORD_XML_CHARS} characters; not rendered`);
  }
  out.push(s);
}

function writeElem(el: Elem, indent: string, out: string[]): void {
  const ch = el.children;
  if (ch.length === 1 && Array.isArray(ch[0]) && (ch[0] as Scalar[]).length > 1) {
    for (const item of ch[0] as Scalar[]) writeElem({ name: el.name, attrs: el.attrs, children: [item] }, indent, out);
    return;
  }
  const open = openTag(el);
  let hasElem = false;
  let hasText = false;
  let hasPI = false;
  for (const c of ch) {
    if (isElem(c)) hasElem = true;
    else if (c instanceof PInstr) hasPI = true;
    else if (c !== null && c !== '' && !(Array.isArray(c) && c.length === 0)) hasText = true;
  }
  if (!hasElem && !hasPI) {
    let s = '';
    if (hasText) for (const c of ch) s += leafXml(c);
    emit(out, s === '' ? `${indent}${open}/>` : `${indent}${open}>${s}</${el.name}>`);
  } else if (hasText) {
    emit(out, `${indent}${open}>${inline(ch)}</${el.name}>`);
  } else {
    emit(out, `${indent}${open}>`);
    for (const c of ch) {
      if (isElem(c)) writeElem(c, indent + '  ', out);
      else if (c instanceof PInstr) emit(out, indent + '  ' + leafXml(c));
    }
    emit(out, `${indent}</${el.name}>`);
  }
}

function inline(ch: Child[]): string {
  let s = '';
  for (const c of ch) {
    if (isElem(c)) {
      const o = openTag(c);
      s += c.children.length === 0 ? `${o}/>` : `${o}>${inline(c.children)}</${c.name}>`;
    } else s += leafXml(c);
  }
  return s;
}

/** Renders the expanded top-level children of one record as Event XML (no XML declaration). */
export function toEventXml(top: Child[]): string {
  const out: string[] = [];
  written = 0;
  for (const c of top) {
    if (isElem(c)) writeElem(c, '', out);
    else if (c instanceof PInstr) emit(out, leafXml(c));
  }
  return out.join('\n');
}
