/**
 * Expansion budget of one record. BinXML shares structure: a template definition is parsed once
 * per chunk and every substitution of a value (MS-EVEN6 §3.1.4.7.5) repeats it, and a value may
 * itself be a nested fragment (0x21) holding template instances with values of their own. So a
 * record of 128 bytes can expand without limit, each nesting level multiplying the last. Before
 * a record is rendered, `checkRecordExpansion` computes the size its expansion would have (nodes
 * and characters of text, names and values) without expanding it, and refuses a record over the
 * budget with an `evtx.record.expansion` error; renderers never start work they cannot finish.
 *
 * The size of a definition's own nodes is computed once per definition (kept on it); a record
 * then costs one multiply-add per substitution slot, and each nested fragment is walked once (a
 * fragment is one value of one instance). Sizes are floats, so an exponential size is
 * a large number, never an overflow.
 */
import { EvtxFormatError } from '../errors';
import { Fragment } from '../binxml/nodes';
import type { DefShape, TemplateDef, TemplateNode, Value, XNode } from '../binxml/nodes';

/**
 * Per-record limits. The largest record of the shared corpus (28 files, 92,054 records) expands
 * to 483 nodes and 10,853 characters (its Event XML: 12,837); the limits are ~200× that, and a
 * whole 64 KiB chunk of text used twice would still fit, while a bomb is stopped after a few MB.
 */
export const MAX_RECORD_NODES = 100_000;
export const MAX_RECORD_CHARS = 2_000_000;
/** The Event XML writer's own limit (indentation and escapes come on top of the characters above). */
export const MAX_RECORD_XML_CHARS = 4_000_000;
/**
 * Per-chunk limits (a chunk holds up to ~2,000 records sharing definitions, so a chunk of records
 * each just under the record budget would still be a bomb). The largest chunk of the corpus
 * expands to 10,914 nodes and 225,560 characters; the limits are ~70× that.
 */
export const MAX_CHUNK_NODES = 1_000_000;
export const MAX_CHUNK_CHARS = 16_000_000;

/** Rendered size of a scalar number/boolean, at most (a u64 in decimal or a hex64 is ≤ 20). */
const NUMBER_CHARS = 20;

export interface Expansion {
  nodes: number;
  chars: number;
}

function valueSize(v: Value, acc: Expansion, times: number): void {
  if (v === null) return;
  if (typeof v === 'string') { acc.chars += v.length * times; return; }
  if (typeof v !== 'object') { acc.chars += NUMBER_CHARS * times; return; }
  if (v instanceof Fragment) {
    // once (the usual EventData fragment): straight into `acc`, no accumulator of its own
    if (times === 1) { addNodes(v.nodes, acc, null); return; }
    const f = fragmentSize(v);
    acc.nodes += f.nodes * times;
    acc.chars += f.chars * times;
    return;
  }
  // an array: its items, plus one element per item (an array substitution repeats its element)
  let n = v.length;
  for (const x of v) n += x === null ? 0 : typeof x === 'string' ? x.length : NUMBER_CHARS;
  acc.nodes += v.length * times;
  acc.chars += n * times;
}

function fragmentSize(f: Fragment): Expansion {
  const acc: Expansion = { nodes: 0, chars: 0 };
  addNodes(f.nodes, acc, null);
  return acc;
}

/**
 * Scalar values (types < 0x20) render to at most 4 characters per byte (i8 `-128`; binary hex,
 * SIDs, FILETIMEs take less) plus `NUMBER_CHARS`, so an instance without nested BinXML or arrays
 * is bounded without looking at its values: the common case, one multiply-add per record.
 */
const CHARS_PER_VALUE_BYTE = 4;

/** The characters a definition's body with scalar values of `valueBytes` bytes in all expands to, at most. */
function scalarBound(s: DefShape, valueBytes: number): number {
  return s.chars + s.maxTimes * CHARS_PER_VALUE_BYTE * valueBytes + NUMBER_CHARS * s.sumTimes;
}

/** Hot (once per record): the quick bound when it is under budget, else every slot. */
function instanceSize(t: TemplateNode, acc: Expansion): void {
  const s = shapeOf(t.def);
  if (!t.complex) {
    const bound = scalarBound(s, t.valueBytes);
    if (bound <= MAX_RECORD_CHARS) {
      acc.nodes += s.nodes;
      acc.chars += bound;
      return;
    }
  }
  if (t.fragment >= 0 && fragmentInstanceSize(t, s, acc)) return;
  const vs = t.values;
  const index = s.index;
  const times = s.times;
  let chars = s.chars;
  for (let i = 0; i < index.length; i++) {
    const ix = index[i]!;
    if (ix >= vs.length) continue;
    const v = vs[ix]!;
    if (typeof v === 'string') chars += v.length * times[i]!;
    else if (v === null) continue;
    else if (typeof v === 'object') valueSize(v, acc, times[i]!);
    else chars += NUMBER_CHARS * times[i]!;
  }
  acc.nodes += s.nodes;
  acc.chars += chars;
}

/**
 * Adds the size of `nodes` to `acc`. With `subst` (a definition body), substitutions are counted
 * into it (index → multiplicity) instead of being resolved; without, they resolve to nothing (a
 * bare fragment has no values).
 */
function addNodes(nodes: XNode[], acc: Expansion, subst: Map<number, number> | null): void {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    acc.nodes++;
    if (typeof n === 'string') { acc.chars += n.length; continue; }
    switch (n.k) {
      case 1:
        acc.chars += 2 * n.name.length + 5;
        for (const a of n.attrs) {
          acc.chars += a.name.length + 4;
          addNodes(a.value, acc, subst);
        }
        addNodes(n.children, acc, subst);
        break;
      case 2:
        if (subst !== null) subst.set(n.index, (subst.get(n.index) ?? 0) + 1);
        break;
      case 4: acc.chars += n.name.length + 2; break;
      case 5: acc.chars += n.text.length + 12; break;
      case 6: acc.chars += n.target.length + n.data.length + 5; break;
      case 7: instanceSize(n, acc); break;
      default: acc.chars += 8; break;
    }
  }
}

function shapeOf(def: TemplateDef): DefShape {
  const hit = def.shape;
  if (hit !== null) return hit;
  const acc: Expansion = { nodes: 0, chars: 0 };
  const subst = new Map<number, number>();
  // nested instances in a definition body carry fixed values: part of the static size
  addNodes(def.nodes, acc, subst);
  const times = [...subst.values()];
  const shape: DefShape = {
    nodes: acc.nodes, chars: acc.chars, index: [...subst.keys()], times,
    maxTimes: times.reduce((m, x) => Math.max(m, x), 0), sumTimes: times.reduce((n, x) => n + x, 0),
  };
  def.shape = shape;
  return shape;
}

/**
 * The size a record's nodes expand to: an upper bound of what any renderer builds from them
 * (exact for nodes and text, bounded for scalar values when that bound is under budget).
 */
export function recordExpansion(nodes: XNode[]): Expansion {
  return recordExpansionInto(nodes, { nodes: 0, chars: 0 });
}

/** `recordExpansion` into `acc` (its counts reset first; returned). */
function recordExpansionInto(nodes: XNode[], acc: Expansion): Expansion {
  acc.nodes = 0;
  acc.chars = 0;
  if (nodes.length === 1 && typeof nodes[0] !== 'string' && nodes[0]!.k === 7) {
    acc.nodes = 1;
    instanceSize(nodes[0] as TemplateNode, acc);
  } else addNodes(nodes, acc, null);
  return acc;
}

/**
 * `instanceSize` of an instance whose one complex value is a nested fragment (`TemplateNode.fragment`:
 * a real record's own instance, its EventData or UserData a fragment): its other values bounded
 * from their bytes as for an instance that is not complex, the fragment counted as the exact count
 * would. False, with `acc` as it was, when that takes the record's count over its budget (the exact
 * count then decides) or the value is not a fragment. Hot: once per record, where the exact count
 * looked at every value.
 */
function fragmentInstanceSize(t: TemplateNode, s: DefShape, acc: Expansion): boolean {
  const v = t.values[t.fragment];
  if (!(v instanceof Fragment)) return false;
  const nodes = acc.nodes;
  const chars = acc.chars;
  acc.nodes += s.nodes;
  acc.chars += scalarBound(s, t.valueBytes - t.fragmentBytes);
  const times = timesOf(s, t.fragment);
  if (times > 0) valueSize(v, acc, times);
  if (acc.nodes <= MAX_RECORD_NODES && acc.chars <= MAX_RECORD_CHARS) return true;
  acc.nodes = nodes;
  acc.chars = chars;
  return false;
}

/** How many times the definition's body names substitution `index` (0: not at all). */
function timesOf(s: DefShape, index: number): number {
  const ix = s.index;
  for (let i = 0; i < ix.length; i++) if (ix[i] === index) return s.times[i]!;
  return 0;
}

/**
 * Throws `evtx.record.expansion` when the record's expansion is over the per-record budget. The
 * size is counted into `into` when given (the chunk reader's one object per chunk, chunk-budget.ts,
 * instead of one per record), else into a new object.
 */
export function checkRecordExpansion(nodes: XNode[], into?: Expansion): Expansion {
  const e = recordExpansionInto(nodes, into ?? { nodes: 0, chars: 0 });
  if (e.nodes > MAX_RECORD_NODES || e.chars > MAX_RECORD_CHARS) {
    throw new EvtxFormatError('evtx.record.expansion',
      `record expands to ${fmt(e.nodes)} nodes and ${fmt(e.chars)} characters (budget ${MAX_RECORD_NODES} nodes, ${MAX_RECORD_CHARS} characters): an expansion bomb or a damaged template; not rendered`);
  }
  return e;
}

function fmt(n: number): string {
  return n < 1e15 ? String(Math.round(n)) : n.toExponential(2);
}
