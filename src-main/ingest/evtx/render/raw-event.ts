/**
 * Record BinXML (template nodes + substitution values) → `RawEvent`, walking the template tree
 * with the record's values bound, without building an intermediate element tree (libyal EVTX
 * doc §5 "Event record XML"; MS-EVEN6 §3.1.4.7.5 substitutions). Values keep the types decoded
 * from the substitutions. Nested elements become objects the way the Rust evtx_dump JSON does:
 * attributes under `#attributes`, text mixed with elements under `#text`, repeated names
 * suffixed `_1`, `_2`, ….
 */
import { setOwn as setOwnField } from '../../../model/fields';
import { emptyRawEvent } from '../../../model/raw-event';
import type { EventValue, RawEvent } from '../../../model/raw-event';
import { formatFiletime } from '../binxml/format';
import { Fragment } from '../binxml/nodes';
import { checkRecordExpansion } from './expansion-budget';
import type { AttrNode, ElementNode, Scalar, Value, XNode } from '../binxml/nodes';

const NO_VALUES: Value[] = [];
const newEvent = emptyRawEvent; // module-local alias (hot: once per record)
/** Names come from the evidence: `__proto__` is stored as a field, not as the prototype. */
const setOwn = setOwnField; // module-local alias (hot)
const Frag = Fragment; // local alias (cheap instanceof under tsx's CJS output)
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function textOf(v: Scalar | Scalar[]): string {
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
function contentOf(el: ElementNode, values: Value[]): EventValue {
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

function attrOf(el: ElementNode, name: string, values: Value[]): Scalar | Scalar[] {
  const as = el.attrs;
  for (let i = 0; i < as.length; i++) if (as[i]!.name === name) return attrValue(as[i]!, values);
  return null;
}

/** Per object, the next suffix to try for a repeated name (so n repeats cost n probes, not n²/2). */
const nextSuffix = new WeakMap<Record<string, EventValue>, Map<string, number>>();

/** Adds `key` (`key_1`, `key_2`, … when taken). Own keys only: `constructor` is a name like any other. */
function addKey(obj: Record<string, EventValue>, key: string, v: EventValue): void {
  if (!Object.hasOwn(obj, key)) { setOwn(obj, key, v); return; }
  let m = nextSuffix.get(obj);
  if (m === undefined) nextSuffix.set(obj, (m = new Map()));
  let i = m.get(key) ?? 1;
  while (Object.hasOwn(obj, `${key}_${i}`)) i++;
  m.set(key, i + 1);
  setOwn(obj, `${key}_${i}`, v);
}

/** An element as a value: plain content when it has no attributes, else an object. */
function elemValue(el: ElementNode, values: Value[]): EventValue {
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
function objectOf(el: ElementNode | null, nodes: XNode[], values: Value[]): Record<string, EventValue> {
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

function str(v: EventValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return textOf(v as Scalar[]);
  if (typeof v === 'object') return null;
  return String(v);
}
function num(v: EventValue): number | null {
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
function isoTime(s: string | null): string | null {
  if (s === null || s.length === 28) return s;
  const m = ISO.exec(s);
  if (!m) return s;
  const f = m[2] ?? '';
  if (f.length > 7 && !/^0+$/.test(f.slice(7))) return s;
  return `${m[1]}.${f.slice(0, 7).padEnd(7, '0')}Z`;
}

function systemElem(c: ElementNode, values: Value[], ev: RawEvent): void {
  switch (c.name) {
    case 'Provider':
      ev.Provider.Name = str(attrOf(c, 'Name', values));
      ev.Provider.Guid = str(attrOf(c, 'Guid', values));
      ev.Provider.EventSourceName = str(attrOf(c, 'EventSourceName', values));
      break;
    case 'EventID':
      ev.EventID = num(contentOf(c, values));
      ev.Qualifiers = num(attrOf(c, 'Qualifiers', values));
      break;
    case 'Version': ev.Version = num(contentOf(c, values)); break;
    case 'Level': ev.Level = num(contentOf(c, values)); break;
    case 'Task': ev.Task = num(contentOf(c, values)); break;
    case 'Opcode': ev.Opcode = num(contentOf(c, values)); break;
    case 'Keywords': {
      const v = contentOf(c, values);
      ev.Keywords = typeof v === 'number' ? '0x' + v.toString(16) : str(v);
      break;
    }
    case 'TimeCreated': ev.TimeCreated = isoTime(str(attrOf(c, 'SystemTime', values))); break;
    case 'EventRecordID': ev.EventRecordID = num(contentOf(c, values)); break;
    case 'Correlation':
      ev.Correlation.ActivityID = str(attrOf(c, 'ActivityID', values));
      ev.Correlation.RelatedActivityID = str(attrOf(c, 'RelatedActivityID', values));
      break;
    case 'Execution':
      ev.Execution.ProcessID = num(attrOf(c, 'ProcessID', values));
      ev.Execution.ThreadID = num(attrOf(c, 'ThreadID', values));
      break;
    case 'Channel': ev.Channel = str(contentOf(c, values)); break;
    case 'Computer': ev.Computer = str(contentOf(c, values)); break;
    case 'Security': ev.Security.UserID = str(attrOf(c, 'UserID', values)); break;
    default: break;
  }
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
type ElemFn<S> = (el: ElementNode, values: Value[], state: S) => void;
function eachElement<S>(nodes: XNode[], values: Value[], fn: ElemFn<S>, state: S, depth = 0): void {
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

interface EDState { out: Record<string, EventValue>; unnamed: EventValue[] | null }
function eventDataElem(c: ElementNode, values: Value[], st: EDState): void {
  if (c.name === 'Data') {
    const n = attrOf(c, 'Name', values);
    const v = contentOf(c, values);
    if (n === null || n === '') {
      // An array substitution repeats its element once per item (MS-EVEN6): one entry each.
      const list = (st.unnamed ??= []);
      if (Array.isArray(v) && v.length > 0) for (const x of v) list.push(x);
      else list.push(Array.isArray(v) ? null : v); // an empty array still renders one <Data/>
    }
    else addKey(st.out, typeof n === 'string' ? n : textOf(n), v);
  } else addKey(st.out, c.name, elemValue(c, values));
}

function eventChild(c: ElementNode, values: Value[], ev: RawEvent): void {
  switch (c.name) {
    case 'System': eachElement(c.children, values, systemElem, ev); break;
    case 'EventData': {
      const st: EDState = { out: {}, unnamed: null };
      eachElement(c.children, values, eventDataElem, st);
      if (st.unnamed !== null) addKey(st.out, 'Data', st.unnamed);
      ev.EventData = st.out;
      break;
    }
    case 'UserData': ev.UserData = objectOf(c, c.children, values); break;
    case 'RenderingInfo': break;
    default:
      // ProcessingErrorData, DebugData, BinaryEventData…: kept under their own name.
      ev.EventData ??= {};
      addKey(ev.EventData, c.name, elemValue(c, values));
      break;
  }
}

interface TopState { ev: RawEvent; found: boolean }
function topElem(el: ElementNode, values: Value[], st: TopState): void {
  if (st.found) return;
  st.found = true;
  eachElement(el.children, values, eventChild, st.ev);
}

/** The record header fields a RawEvent falls back on (record.ts `RecordHeader`). */
export interface RecordFallbacks {
  recordId: number;
  writtenLo: number;
  writtenHi: number;
}

/**
 * Builds the RawEvent of one record from its parsed BinXML nodes. The record header's id and
 * written time fill EventRecordID/TimeCreated when `<System>` lacks them. A record over its
 * expansion budget throws `evtx.record.expansion` (expansion-budget.ts) before any work is done.
 */
export function toRawEvent(nodes: XNode[], header: RecordFallbacks): RawEvent {
  checkRecordExpansion(nodes);
  return toRawEventWithinBudget(nodes, header);
}

/** `toRawEvent` for a caller that has just checked the record's budget (the chunk reader). */
export function toRawEventWithinBudget(nodes: XNode[], header: RecordFallbacks): RawEvent {
  const st: TopState = { ev: newEvent(), found: false };
  eachElement(nodes, NO_VALUES, topElem, st);
  const ev = st.ev;
  ev.EventRecordID ??= header.recordId;
  ev.TimeCreated ??= formatFiletime(header.writtenLo, header.writtenHi);
  return ev;
}
