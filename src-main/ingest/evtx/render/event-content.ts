/**
 * The values of bound template content as the Rust evtx_dump JSON renders them (libyal EVTX doc
 * §5 "Event record XML"; MS-EVEN6 §3.1.4.7.5 substitutions): an element's content (the single
 * value as typed, text, or an object of its children), attribute values, nested elements as
 * objects (attributes under `#attributes`, text mixed with elements under `#text`, repeated
 * names suffixed `_1`, `_2`, …), and the walk over a content list's elements. Shared by the
 * generic record walker (event-elements.ts) and the per-template plans (event-plan.ts).
 */
import { setOwn as setOwnField } from '../../../model/fields';
import type { EventValue } from '../../../model/raw-event';
import { Fragment } from '../binxml/nodes';
import type { AttrNode, ElementNode, Scalar, Value, XNode } from '../binxml/nodes';

export const NO_VALUES: Value[] = [];
/** Names come from the evidence: `__proto__` is stored as a field, not as the prototype. */
const setOwn = setOwnField; // module-local alias (hot)
const Frag = Fragment; // local alias (cheap instanceof under tsx's CJS output)
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function textOf(v: Scalar | Scalar[]): string {
  if (v === null) return '';
  if (Array.isArray(v)) return v.map((x) => (x === null ? '' : String(x))).join(',');
  return String(v);
}
function charRef(code: number): string {
  return code >= 0xd800 && code <= 0xdfff ? '\ufffd' : String.fromCharCode(code);
}

/** Does this content list (after binding) contain an element? */
function hasElement(nodes: XNode[], values: Value[]): boolean {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (typeof n === 'string') continue;
    if (n.k === 1 || n.k === 7) return true;
    if (n.k === 2) {
      const v = n.index < values.length ? values[n.index]! : null;
      if (v instanceof Frag) return true;
    }
  }
  return false;
}

/** Text of a content list without elements (CDATA, char and entity refs included). */
function textContent(nodes: XNode[], values: Value[]): string | null {
  let s = '';
  let any = false;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (typeof n === 'string') { s += n; any = true; continue; }
    switch (n.k) {
      case 2: {
        const v = n.index < values.length ? values[n.index]! : null;
        if (v !== null && !(v instanceof Frag)) { s += textOf(v); any = true; }
        break;
      }
      case 3: s += charRef(n.code); any = true; break;
      case 4: s += ENTITIES[n.name] ?? `&${n.name};`; any = true; break;
      case 5: s += n.text; any = true; break;
      default: break;
    }
  }
  return any ? s : null;
}

/** Value of an element's content: the single value as typed, text, or an object of children. */
export function contentOf(el: ElementNode, values: Value[]): EventValue {
  const ch = el.children;
  if (ch.length === 1) {
    const c = ch[0]!;
    if (typeof c === 'string') return c;
    if (c.k === 2) {
      const v = c.index < values.length ? values[c.index]! : null;
      if (v instanceof Frag) return objectOf(null, v.nodes, NO_VALUES);
      return v;
    }
  } else if (ch.length === 0) return null;
  if (hasElement(ch, values)) return objectOf(null, ch, values);
  return textContent(ch, values);
}

function attrValue(a: AttrNode, values: Value[]): Scalar | Scalar[] {
  const parts = a.value;
  if (parts.length === 1) {
    const p = parts[0]!;
    if (typeof p === 'string') return p;
    if (p.k === 2) {
      const v = p.index < values.length ? values[p.index]! : null;
      return v instanceof Frag ? null : v;
    }
  }
  return textContent(parts, values);
}

export function attrOf(el: ElementNode, name: string, values: Value[]): Scalar | Scalar[] {
  const as = el.attrs;
  for (let i = 0; i < as.length; i++) if (as[i]!.name === name) return attrValue(as[i]!, values);
  return null;
}

/** Per object, the next suffix to try for a repeated name (so n repeats cost n probes, not n²/2). */
const nextSuffix = new WeakMap<Record<string, EventValue>, Map<string, number>>();

/** Adds `key` (`key_1`, `key_2`, … when taken). Own keys only: `constructor` is a name like any other. */
export function addKey(obj: Record<string, EventValue>, key: string, v: EventValue): void {
  if (!Object.hasOwn(obj, key)) { setOwn(obj, key, v); return; }
  let m = nextSuffix.get(obj);
  if (m === undefined) nextSuffix.set(obj, (m = new Map()));
  let i = m.get(key) ?? 1;
  while (Object.hasOwn(obj, `${key}_${i}`)) i++;
  m.set(key, i + 1);
  setOwn(obj, `${key}_${i}`, v);
}

/** An element as a value: plain content when it has no attributes, else an object. */
export function elemValue(el: ElementNode, values: Value[]): EventValue {
  if (el.attrs.length === 0) return contentOf(el, values);
  return objectOf(el, el.children, values);
}

interface TextAcc { s: string; any: boolean }

function fillObject(obj: Record<string, EventValue>, nodes: XNode[], values: Value[], acc: TextAcc, depth: number): void {
  if (depth > 64) return;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (typeof n === 'string') { acc.s += n; acc.any = true; continue; }
    switch (n.k) {
      case 1: if (!omitted(n, values)) addKey(obj, n.name, elemValue(n, values)); break;
      case 2: {
        const v = n.index < values.length ? values[n.index]! : null;
        if (v instanceof Frag) fillObject(obj, v.nodes, NO_VALUES, acc, depth + 1);
        else if (v !== null) { acc.s += textOf(v); acc.any = true; }
        break;
      }
      case 3: acc.s += charRef(n.code); acc.any = true; break;
      case 4: acc.s += ENTITIES[n.name] ?? `&${n.name};`; acc.any = true; break;
      case 5: acc.s += n.text; acc.any = true; break;
      case 7: fillObject(obj, n.def.nodes, n.values, acc, depth + 1); break;
      default: break;
    }
  }
}

/** Element (or bare content list when `el` is null) → object, Rust-evtx_dump style. */
export function objectOf(el: ElementNode | null, nodes: XNode[], values: Value[]): Record<string, EventValue> {
  const obj: Record<string, EventValue> = {};
  if (el !== null && el.attrs.length > 0) {
    const a: Record<string, EventValue> = {};
    for (const at of el.attrs) {
      const v = attrValue(at, values);
      if (v !== null) setOwn(a, at.name, v);
    }
    obj['#attributes'] = a;
  }
  const acc: TextAcc = { s: '', any: false };
  fillObject(obj, nodes, values, acc, 0);
  if (acc.any) obj['#text'] = acc.s;
  return obj;
}

export function str(v: EventValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return textOf(v as Scalar[]);
  if (typeof v === 'object') return null;
  return String(v);
}
export function num(v: EventValue): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') {
    if (/^\d+$/.test(v)) return Number(v);
    if (/^0x[0-9a-f]+$/i.test(v)) return Number.parseInt(v.slice(2), 16);
  }
  return null;
}

const ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/;
/**
 * A SystemTime given as text (forwarded events carry it as a string, e.g. with 9 digits) in the
 * FILETIME form, 7 fractional digits, when that loses nothing; otherwise verbatim.
 */
export function isoTime(s: string | null): string | null {
  if (s === null || s.length === 28) return s;
  const m = ISO.exec(s);
  if (!m) return s;
  const f = m[2] ?? '';
  if (f.length > 7 && !/^0+$/.test(f.slice(7))) return s;
  return `${m[1]}.${f.slice(0, 7).padEnd(7, '0')}Z`;
}

/**
 * MS-EVEN6 optional substitution: an element whose only content is an optional substitution
 * with a NULL value is not rendered at all (libevtx and Event Viewer omit it).
 */
export function omitted(el: ElementNode, values: Value[]): boolean {
  const ch = el.children;
  if (ch.length !== 1) return false;
  const c = ch[0]!;
  return typeof c !== 'string' && c.k === 2 && c.optional && (c.index >= values.length || values[c.index] === null);
}

/** Calls `fn` for each element of a bound content list, descending into fragments and templates. */
export type ElemFn<S> = (el: ElementNode, values: Value[], state: S) => void;
export function eachElement<S>(nodes: XNode[], values: Value[], fn: ElemFn<S>, state: S, depth = 0): void {
  if (depth > 64) return;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (typeof n === 'string') continue;
    if (n.k === 1) {
      if (!omitted(n, values)) fn(n, values, state);
    } else if (n.k === 7) eachElement(n.def.nodes, n.values, fn, state, depth + 1);
    else if (n.k === 2) {
      const v = n.index < values.length ? values[n.index]! : null;
      if (v instanceof Frag) eachElement(v.nodes, NO_VALUES, fn, state, depth + 1);
    }
  }
}

