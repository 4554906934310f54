/**
 * Per-template event plans: what a template definition makes of a record's `RawEvent`, worked
 * out once per definition (parsed once per chunk, shared by the chunk's records of that
 * template), so a record only looks its substitution values up. For each element the generic
 * walker (event-elements.ts) would reach, the plan holds the field it sets and where each of its
 * sources comes from: static text of the definition, substitution n, or (anything unusual) the
 * generic helper called on that element. What a value can still decide is checked per record:
 * an optional substitution whose NULL value leaves its element out (MS-EVEN6 §3.1.4.7.5), a
 * substitution whose value is a nested fragment (0x21; one holding a single template instance,
 * the usual EventData/UserData, is read by that definition's own plan). The plan gives the same
 * RawEvent as the generic walker, key order included (tests: seeded random definitions, and
 * every record of the shared corpus).
 */
import type { EventValue, RawEvent } from '../../../model/raw-event';
import { emptyRawEvent } from '../../../model/raw-event';
import type { ElementNode, TemplateDef, Value, XNode } from '../binxml/nodes';
import { Fragment } from '../binxml/nodes';
import { addKey, attrOf, contentOf, eachElement, NO_VALUES, objectOf } from './event-content';
import { CONTENT, eventChild, eventDataElem, isCountField, setSystemField, SYSTEM_FIELDS, systemElem } from './event-elements';
import type { EventDataState } from './event-elements';

const Frag = Fragment; // local alias (cheap instanceof under tsx's CJS output)

/** Where a source's value comes from. */
const SRC_NONE = 0, SRC_STATIC = 1, SRC_CONTENT_SUBST = 2, SRC_ATTR_SUBST = 3, SRC_CONTENT = 4, SRC_ATTR = 5;

interface Source {
  kind: number;
  /** SRC_STATIC: the text. */
  text: string;
  /** SRC_*_SUBST: the substitution index. */
  index: number;
  /** SRC_CONTENT / SRC_ATTR: the element the generic helper reads (and the attribute's name). */
  el: ElementNode | null;
  name: string;
}

const OP_SYSTEM = 1, OP_FIELD = 2, OP_EVENT_DATA = 3, OP_DATA = 4, OP_FRAGMENT = 5, OP_GENERIC = 6;

/** One step of a plan (one shape for all kinds, so the runner's property reads stay monomorphic). */
interface Op {
  kind: number;
  /** Substitution index whose NULL value leaves the element out (an optional substitution as its only content), or -1. */
  omit: number;
  /** OP_FIELD: the System field (event-elements.ts `SF_*`) and its sources; OP_DATA: `a` is the value, `name` its key. */
  field: number;
  a: Source;
  b: Source;
  c: Source;
  name: string;
  /** OP_SYSTEM / OP_EVENT_DATA: the child steps (OP_SYSTEM with `rest`: the count's fields only). */
  ops: Op[];
  /**
   * OP_SYSTEM whose children are all fields: those a counted record is not counted by
   * (event-elements.ts `isCountField`), run after `ops` and only for a record its caller reads
   * (`WantsData.countsUnwanted`). Empty otherwise.
   */
  rest: Op[];
  /** OP_EVENT_DATA: every child is a named `Data` with a distinct static name (keys set without a probe). */
  direct: boolean;
  /** OP_GENERIC (and OP_FRAGMENT whose value is not one template instance): the node, as a list, handed to the generic walker. */
  list: XNode[];
  /** OP_FRAGMENT: the substitution index. */
  index: number;
}

/** The steps for one content list at the level of `<Event>`'s children. */
export interface EventPlan {
  ops: Op[];
}

const NONE: Source = { kind: SRC_NONE, text: '', index: -1, el: null, name: '' };
const source = (kind: number, text: string, index: number, el: ElementNode | null, name: string): Source => ({ kind, text, index, el, name });
const NO_OPS: Op[] = [];
const NO_NODES: XNode[] = [];

function op(kind: number, omit: number, list: XNode[] = NO_NODES): Op {
  return { kind, omit, field: 0, a: NONE, b: NONE, c: NONE, name: '', ops: NO_OPS, rest: NO_OPS, direct: false, list, index: -1 };
}

/** What `contentOf(el, values)` reads. */
function contentSource(el: ElementNode): Source {
  const ch = el.children;
  if (ch.length === 0) return NONE;
  if (ch.length === 1) {
    const c = ch[0]!;
    if (typeof c === 'string') return source(SRC_STATIC, c, -1, null, '');
    if (c.k === 2) return source(SRC_CONTENT_SUBST, '', c.index, null, '');
  }
  return source(SRC_CONTENT, '', -1, el, '');
}

/** What `attrOf(el, name, values)` reads. */
function attrSource(el: ElementNode, name: string): Source {
  const attrs = el.attrs;
  let k = 0;
  while (k < attrs.length && attrs[k]!.name !== name) k++;
  if (k === attrs.length) return NONE;
  const a = attrs[k]!;
  if (a.value.length === 1) {
    const p = a.value[0]!;
    if (typeof p === 'string') return source(SRC_STATIC, p, -1, null, '');
    if (p.k === 2) return source(SRC_ATTR_SUBST, '', p.index, null, '');
  }
  return source(SRC_ATTR, '', -1, el, name);
}

/** The substitution index that can leave `el` out (`omitted` in event-content.ts), or -1. */
function omitIndex(el: ElementNode): number {
  const ch = el.children;
  if (ch.length !== 1) return -1;
  const c = ch[0]!;
  return typeof c !== 'string' && c.k === 2 && c.optional ? c.index : -1;
}

/** Nodes `eachElement` may descend into: a template instance, a substitution (when its value is a fragment). */
const walked = (n: XNode): boolean => typeof n !== 'string' && (n.k === 7 || n.k === 2);

/** What the System field reads from `el` for one of its sources (`SYSTEM_FIELDS`), or NONE past the last. */
function systemSource(el: ElementNode, sources: readonly string[], i: number): Source {
  if (i >= sources.length) return NONE;
  const s = sources[i]!;
  return s === CONTENT ? contentSource(el) : attrSource(el, s);
}

/**
 * The plan builders use indexed loops and no destructuring: they run once per definition and
 * chunk, so a fresh worker's first large file is where they are optimised, and iterators make
 * those compiles larger; `const [a, b, c] = sources.map(...)` here also deoptimised it in the
 * warm-up (wrong map at the destructuring, --trace-deopt), so every worker compiled it again.
 */
function systemOps(children: XNode[]): Op[] {
  const ops: Op[] = [];
  for (let i = 0; i < children.length; i++) {
    const n = children[i]!;
    if (typeof n === 'string') continue;
    if (walked(n)) { ops.push(op(OP_GENERIC, -1, [n])); continue; }
    if (n.k !== 1) continue;
    const f = SYSTEM_FIELDS.get(n.name);
    if (f === undefined) continue;
    const o = op(OP_FIELD, omitIndex(n));
    o.field = f.field;
    o.a = systemSource(n, f.sources, 0);
    o.b = systemSource(n, f.sources, 1);
    o.c = systemSource(n, f.sources, 2);
    ops.push(o);
  }
  return ops;
}

/**
 * `fields` as the steps of System op `o`: the count's fields in `ops`, the others in `rest`, each
 * in their order (two steps of one field stay in one list, so the last still wins), when every
 * step is a field; else all in `ops` (a generic step may set any field).
 */
function splitSystem(o: Op, fields: Op[]): void {
  for (let i = 0; i < fields.length; i++) if (fields[i]!.kind !== OP_FIELD) { o.ops = fields; return; }
  const count: Op[] = [];
  const rest: Op[] = [];
  for (let i = 0; i < fields.length; i++) (isCountField(fields[i]!.field) ? count : rest).push(fields[i]!);
  o.ops = count;
  o.rest = rest;
}

function eventDataOp(el: ElementNode): Op {
  const o = op(OP_EVENT_DATA, omitIndex(el));
  o.ops = [];
  const names = new Set<string>();
  let direct = true;
  const children = el.children;
  for (let i = 0; i < children.length; i++) {
    const n = children[i]!;
    if (typeof n === 'string' || (n.k !== 1 && !walked(n))) continue;
    const name = n.k === 1 && n.name === 'Data' ? attrSource(n, 'Name') : NONE;
    if (n.k === 1 && name.kind === SRC_STATIC && name.text !== '') {
      const d = op(OP_DATA, omitIndex(n));
      d.name = name.text;
      d.a = contentSource(n);
      o.ops.push(d);
      if (names.has(d.name) || d.name === '__proto__') direct = false;
      names.add(d.name);
    } else {
      o.ops.push(op(OP_GENERIC, -1, [n]));
      direct = false;
    }
  }
  o.direct = direct;
  return o;
}

/** The steps for `nodes` as `<Event>`'s children (what `eventChild` does with each). */
function eventOps(nodes: XNode[]): Op[] {
  const ops: Op[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (typeof n === 'string') continue;
    if (n.k === 2) {
      const o = op(OP_FRAGMENT, -1, [n]);
      o.index = n.index;
      ops.push(o);
      continue;
    }
    if (n.k === 7) { ops.push(op(OP_GENERIC, -1, [n])); continue; }
    if (n.k !== 1) continue;
    switch (n.name) {
      case 'System': {
        const o = op(OP_SYSTEM, omitIndex(n));
        splitSystem(o, systemOps(n.children));
        ops.push(o);
        break;
      }
      case 'EventData': ops.push(eventDataOp(n)); break;
      case 'RenderingInfo': break;
      default: ops.push(op(OP_GENERIC, -1, [n])); break;
    }
  }
  return ops;
}

/**
 * The plan of a record's definition: the steps for its first element's children (the record's
 * `<Event>`), or null when that element cannot be told without the values (an optional
 * substitution, or a substitution or nested template before it): such records take the generic walker.
 */
function compilePlan(def: TemplateDef): EventPlan | null {
  for (const n of def.nodes) {
    if (typeof n === 'string') continue;
    if (walked(n)) return null;
    if (n.k === 1) return omitIndex(n) >= 0 ? null : { ops: eventOps(n.children) };
  }
  return { ops: [] };
}

/** The plan of a record's definition, compiled on first use and kept on it. */
export function planOf(def: TemplateDef): EventPlan | null {
  if (def.plan === undefined) def.plan = compilePlan(def);
  return def.plan;
}

/** The plan of a definition instantiated in a fragment among `<Event>`'s children (its nodes are the children). */
function childPlanOf(def: TemplateDef): EventPlan {
  return (def.childPlan ??= { ops: eventOps(def.nodes) });
}

function valueOf(s: Source, values: Value[]): EventValue {
  switch (s.kind) {
    case SRC_CONTENT_SUBST: {
      const v = s.index < values.length ? values[s.index]! : null;
      return v instanceof Frag ? objectOf(null, v.nodes, NO_VALUES) : v;
    }
    case SRC_ATTR_SUBST: {
      const v = s.index < values.length ? values[s.index]! : null;
      return v instanceof Frag ? null : v;
    }
    case SRC_STATIC: return s.text;
    case SRC_NONE: return null;
    case SRC_CONTENT: return contentOf(s.el!, values);
    default: return attrOf(s.el!, s.name, values);
  }
}

function left(o: Op, values: Value[]): boolean {
  const i = o.omit;
  return i >= 0 && (i >= values.length || values[i] === null);
}

function runEventData(o: Op, values: Value[]): Record<string, EventValue> {
  const out: Record<string, EventValue> = {};
  const ops = o.ops;
  if (o.direct) {
    for (let i = 0; i < ops.length; i++) {
      const d = ops[i]!;
      if (!left(d, values)) out[d.name] = valueOf(d.a, values);
    }
    return out;
  }
  const st: EventDataState = { out, unnamed: null };
  for (let i = 0; i < ops.length; i++) {
    const d = ops[i]!;
    if (d.kind === OP_DATA) {
      if (!left(d, values)) addKey(out, d.name, valueOf(d.a, values));
    } else eachElement(d.list, values, eventDataElem, st);
  }
  if (st.unnamed !== null) addKey(out, 'Data', st.unnamed);
  return out;
}

function runSystem(ops: Op[], values: Value[], ev: RawEvent): void {
  for (let j = 0; j < ops.length; j++) {
    const f = ops[j]!;
    if (f.kind === OP_FIELD) {
      if (!left(f, values)) setSystemField(ev, f.field, valueOf(f.a, values), valueOf(f.b, values), valueOf(f.c, values));
    } else eachElement(f.list, values, systemElem, ev);
  }
}

/**
 * Runs `<Event>`-children steps with the instance's values. `depth` is the generic walker's
 * nesting depth at this list (its limit applies to what the steps hand to it).
 */
function runEventOps(ops: Op[], values: Value[], ev: RawEvent, depth: number, wants: WantsData | null): void {
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i]!;
    if (left(o, values)) continue;
    switch (o.kind) {
      case OP_SYSTEM:
        runSystem(o.ops, values, ev);
        if (o.rest.length === 0) break;
        // the other fields, unless the record is only counted (asked with the count's fields set)
        if (wants !== null && wants.countsUnwanted === true && !wants(ev)) headerCut = true;
        else runSystem(o.rest, values, ev);
        break;
      case OP_EVENT_DATA:
        // a plain <EventData> (values looked up only: nothing in it can throw) is skipped when unwanted
        // (a record already found only counted is not asked again: runPlan asks at the end)
        if (wants !== null && o.direct && (headerCut || !wants(ev))) { dataLeftOut = true; break; }
        ev.EventData = runEventData(o, values);
        break;
      case OP_FRAGMENT: {
        const v = o.index < values.length ? values[o.index]! : null;
        if (!(v instanceof Frag)) break;
        const t = v.nodes.length === 1 ? v.nodes[0]! : null;
        // a fragment holding one template instance (the usual EventData/UserData): its own plan
        if (t !== null && typeof t !== 'string' && t.k === 7 && depth + 2 <= 64) runEventOps(childPlanOf(t.def).ops, t.values, ev, depth + 2, wants);
        else eachElement(o.list, values, eventChild, ev, depth);
        break;
      }
      default: eachElement(o.list, values, eventChild, ev, depth); break;
    }
  }
}

/**
 * Whether the reader's caller reads a record's EventData (chunk.ts `ChunkOptions.wantsData`),
 * asked with the RawEvent as built when a plan reaches its `<EventData>`.
 */
export interface WantsData {
  (ev: RawEvent): boolean;
  /**
   * The caller only counts a record it does not read, by the System fields event-elements.ts
   * `isCountField` names, and the predicate reads no other field (evidence-reading/event-batcher.ts,
   * content `'counted'`): a plan then asks it once those fields are set and maps the others only
   * for a record it reads.
   */
  readonly countsUnwanted?: boolean;
}

/** A plain `<EventData>` was skipped in the record being run (`wants` said no). */
let dataLeftOut = false;
/** Fields of a `<System>` were left unmapped in the record being run (`wants.countsUnwanted`, and it said no). */
let headerCut = false;

/**
 * The RawEvent of a record that is one instance of a definition with a plan. With `wants`, a plain
 * `<EventData>` of a record its caller does not read is not built (`EventData` stays null), and
 * with `wants.countsUnwanted` its System fields but the count's are not mapped either (they stay
 * as `emptyRawEvent` has them). `wants` is asked when `<EventData>` is reached (its System read
 * before it, in every real record) and also once a `<System>`'s count fields are set; if the whole
 * record turns out wanted after all (a System after its EventData, a second System), it is run
 * again without `wants`: the caller gets what it would have got.
 */
export function runPlan(plan: EventPlan, values: Value[], wants: WantsData | null = null): RawEvent {
  const ev = emptyRawEvent();
  if (wants === null) {
    runEventOps(plan.ops, values, ev, 0, null);
    return ev;
  }
  dataLeftOut = false;
  headerCut = false;
  runEventOps(plan.ops, values, ev, 0, wants);
  return (dataLeftOut || headerCut) && wants(ev) ? runPlan(plan, values) : ev;
}
