/**
 * Template expansion: binds a record's substitution values into its template definition and
 * yields a concrete element tree (MS-EVEN6 §3.1.4.7.5 substitution semantics). An optional
 * substitution (0x0e) whose value is NULL is dropped, and so is an element whose only content it
 * is; an attribute whose whole value is NULL is omitted; nested BinXML values (0x21) are
 * expanded in place.
 */
import { Fragment } from '../binxml/nodes';
import type { Scalar, Value, XNode } from '../binxml/nodes';
import { EvtxFormatError } from '../errors';
import { omitted } from './event-content';
import { checkRecordExpansion } from './expansion-budget';

/** CDATA section text. */
export class CData {
  constructor(readonly text: string) {}
}
/** An entity reference that is not one of the five XML entities; kept as `&name;`. */
export class EntityText {
  constructor(readonly name: string) {}
}
/** A processing instruction. */
export class PInstr {
  constructor(readonly target: string, readonly data: string) {}
}

type Leaf = Scalar | Scalar[] | CData | EntityText | PInstr;
export interface Elem {
  name: string;
  attrs: Attr[];
  children: Child[];
}
interface Attr {
  name: string;
  value: Scalar | Scalar[];
}
export type Child = Elem | Leaf;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function isElem(c: Child): c is Elem {
  return c !== null && typeof c === 'object' && !Array.isArray(c) && (c as Elem).children !== undefined;
}

function charRef(code: number): string {
  return code >= 0xd800 && code <= 0xdfff ? '\ufffd' : String.fromCharCode(code);
}

/**
 * The expanded element tree of a record's nodes; a record over its expansion budget is refused
 * (`evtx.record.expansion`) before any work is done.
 */
export function expandRecord(nodes: XNode[]): Child[] {
  checkRecordExpansion(nodes);
  const top: Child[] = [];
  expand(nodes, [], top);
  return top;
}

/**
 * Appends the expansion of `nodes` (with `values` bound) to `out`. Unchecked: callers go through
 * `expandRecord`, or have charged the record to its chunk's budget (chunk-budget.ts) first.
 */
export function expand(nodes: XNode[], values: Value[], out: Child[], depth = 0): void {
  if (depth > 48) throw new EvtxFormatError('evtx.binxml.depth', 'template expansion too deep');
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (typeof n === 'string') {
      out.push(n);
      continue;
    }
    switch (n.k) {
      case 1: {
        if (omitted(n, values)) break;
        const el: Elem = { name: n.name, attrs: [], children: [] };
        for (const a of n.attrs) {
          const v = attrValue(a.value, values);
          if (v !== null) el.attrs.push({ name: a.name, value: v });
        }
        expand(n.children, values, el.children, depth + 1);
        out.push(el);
        break;
      }
      case 2: {
        const v = n.index < values.length ? values[n.index]! : null;
        if (v instanceof Fragment) expand(v.nodes, [], out, depth + 1);
        else if (v !== null || !n.optional) out.push(v);
        break;
      }
      case 3: out.push(charRef(n.code)); break;
      case 4: {
        const e = ENTITIES[n.name];
        out.push(e !== undefined ? e : new EntityText(n.name));
        break;
      }
      case 5: out.push(new CData(n.text)); break;
      case 6: out.push(new PInstr(n.target, n.data)); break;
      case 7: expand(n.def.nodes, n.values, out, depth + 1); break;
    }
  }
}

/** Text form of a scalar or array (arrays joined with `,`, as the Rust crate does). */
export function scalarText(v: Scalar | Scalar[]): string {
  if (v === null) return '';
  if (Array.isArray(v)) return v.map((x) => (x === null ? '' : String(x))).join(',');
  return String(v);
}

function attrValue(parts: XNode[], values: Value[]): Scalar | Scalar[] {
  if (parts.length === 1) {
    const p = parts[0]!;
    if (typeof p === 'string') return p;
    if (p.k === 2) {
      const v = p.index < values.length ? values[p.index]! : null;
      return v instanceof Fragment ? null : v;
    }
  }
  let s = '';
  let any = false;
  for (const p of parts) {
    if (typeof p === 'string') { s += p; any = true; continue; }
    switch (p.k) {
      case 2: {
        const v = p.index < values.length ? values[p.index]! : null;
        if (v !== null && !(v instanceof Fragment)) { s += scalarText(v); any = true; }
        break;
      }
      case 3: s += charRef(p.code); any = true; break;
      case 4: s += ENTITIES[p.name] ?? `&${p.name};`; any = true; break;
      case 5: s += p.text; any = true; break;
      default: break;
    }
  }
  return any ? s : null;
}
