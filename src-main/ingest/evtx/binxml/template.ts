/**
 * Template instances and definitions (libyal EVTX doc §4.5 "Template instance", §4.6
 * "Template definition"). A definition is u32 next-definition offset, 16-byte GUID, u32 data
 * size, then a BinXML fragment of that size; it is parsed once per chunk and cached by offset.
 * An instance is u8, u32 template id, u32 definition offset (the definition follows inline iff
 * that offset is the current position), then u32 value count, count × (u16 size, u8 type, u8),
 * and the values back to back; each value is realigned to its descriptor size.
 */
import { ByteCursor, u32At } from '../byte-cursor';
import { EvtxFormatError } from '../errors';
import type { ChunkContext } from './context';
import { formatFiletime } from './format';
import type { LastValues, TemplateDef, TemplateNode, Value } from './nodes';
import { parseTokens } from './tokens';
import { decodeValue, nestedValue } from './values';

const decode = decodeValue; // module-local aliases (values.ts and format.ts are not in an import cycle with us)
const filetime = formatFiletime;
const nested = nestedValue;

/**
 * Value reuse: records of one definition repeat most of their values (Computer, Channel, user SID,
 * provider GUID, service and image names), so a value whose type, size and bytes equal those of
 * the same index in the definition's last instance is that instance's value, found by one byte
 * comparison inside the chunk instead of a hash lookup and a decode. Only types whose value is a
 * string decoded from the bytes alone (no offsets, no nesting, never a shared mutable object).
 */
const MAX_REUSED = 64;
const REUSABLE = new Uint8Array(256);
for (const t of [0x01, 0x02, 0x0e, 0x0f, 0x13, 0x14, 0x15]) REUSABLE[t] = 1; // string, ANSI, binary, GUID, SID, hex

/** Are the `n` bytes at `p` and at `q` equal (both ranges inside the view)? Four at a time. */
function sameBytes(v: DataView, p: number, q: number, n: number): boolean {
  let i = 0;
  for (; i + 4 <= n; i += 4) if (v.getInt32(p + i) !== v.getInt32(q + i)) return false;
  for (; i < n; i++) if (v.getUint8(p + i) !== v.getUint8(q + i)) return false;
  return true;
}

/**
 * What a definition's `last` starts as, copied: `slice` keeps the arrays' kinds, where a fresh
 * `new Array(n).fill(null)` changed its elements kind in the call and deoptimised
 * `readTemplateInstance` (wrong map, --trace-deopt) the first time a second definition was used.
 */
const NO_AT: number[] = Array.from({ length: MAX_REUSED }, () => 0);
const NO_KEYS: number[] = Array.from({ length: MAX_REUSED }, () => -1);
const NO_VALUES: Value[] = Array.from({ length: MAX_REUSED }, () => null);

/**
 * Made once per definition and chunk (a chunk's definitions are its own): plain arrays of small
 * integers, allocated in V8's young generation, where two `Int32Array`s of 256 bytes each took an
 * array buffer (a backing store outside the heap, tracked by the GC) per definition. As long as
 * the first instance's value count (up to `MAX_REUSED`; a definition's instances nearly always have
 * the same count), not `MAX_REUSED` each: a System definition has ~17 values, and the arrays live as
 * long as their chunk. Values past their length are decoded every time.
 */
function lastValuesOf(def: TemplateDef, count: number): LastValues {
  const n = Math.min(count, MAX_REUSED);
  return (def.last ??= { at: NO_AT.slice(0, n), key: NO_KEYS.slice(0, n), values: NO_VALUES.slice(0, n) });
}
const failed = new WeakMap<ChunkContext, Map<number, EvtxFormatError>>();

/** The definition at chunk offset `off`, parsed on first use. */
function templateAt(ctx: ChunkContext, off: number, depth: number): TemplateDef {
  const slot = (off >> 2) & 63;
  const recent = ctx.recentTemplates[slot]!;
  if (recent !== null && recent.offset === off) return recent;
  const hit = ctx.templates.get(off);
  if (hit !== undefined) {
    ctx.recentTemplates[slot] = hit;
    return hit;
  }
  return defineTemplate(ctx, off, depth);
}

/**
 * Parses the definition at `off` (once per chunk and definition) and caches it, or its failure.
 * Apart from `templateAt`'s lookups, which run for every record: called rarely, so V8 does not
 * inline it there, and a definition that fails to parse (damaged or recovered records) does not
 * throw away the optimised code of the record reader.
 */
function defineTemplate(ctx: ChunkContext, off: number, depth: number): TemplateDef {
  const prev = failed.get(ctx)?.get(off);
  if (prev !== undefined) throw prev;
  const b = ctx.buf;
  if (off < 512 || off + 24 > b.length) {
    throw new EvtxFormatError('evtx.binxml.template', `template definition offset ${off} outside chunk data`, { chunk: ctx.chunkIndex, offset: off });
  }
  if (ctx.templatesInProgress.has(off)) {
    throw new EvtxFormatError('evtx.binxml.template', `template at ${off} references itself`, { chunk: ctx.chunkIndex, offset: off });
  }
  const dataSize = u32At(b, off + 20);
  const start = off + 24;
  const end = Math.min(b.length, start + dataSize);
  ctx.templatesInProgress.add(off);
  try {
    const nodes = parseTokens(new ByteCursor(b, start, end), ctx, true, depth + 1);
    const def: TemplateDef = { offset: off, dataSize, nodes, shape: null, last: null, plan: undefined, childPlan: null };
    ctx.templates.set(off, def);
    return def;
  } catch (e) {
    const err = e instanceof EvtxFormatError ? e
      : new EvtxFormatError('evtx.binxml.template', `template at ${off}: ${(e as Error).message}`, { chunk: ctx.chunkIndex, offset: off });
    let m = failed.get(ctx);
    if (!m) failed.set(ctx, (m = new Map()));
    m.set(off, err);
    throw err;
  } finally {
    ctx.templatesInProgress.delete(off);
  }
}

/** Reads a template instance token body (after the 0x0c byte). */
export function readTemplateInstance(cur: ByteCursor, ctx: ChunkContext, depth: number): TemplateNode {
  cur.u8('template_instance.unknown');
  const templateId = cur.u32('template_instance.template_id');
  const defOff = cur.u32('template_instance.definition_offset');
  if (defOff === cur.pos) {
    cur.skip(20, 'template_definition.header');
    const dataSize = cur.u32('template_definition.data_size');
    cur.skip(dataSize, 'template_definition.data');
  }
  const def = templateAt(ctx, defOff, depth);
  if (ctx.strictTemplateIds && u32At(ctx.buf, defOff + 4) !== templateId) {
    throw new EvtxFormatError('evtx.binxml.template_mismatch', `template id 0x${templateId.toString(16)} does not match the definition at ${defOff}`, { chunk: ctx.chunkIndex, offset: defOff });
  }
  const count = cur.u32('template_instance.value_count');
  if (count * 4 > cur.remaining) {
    throw new EvtxFormatError('evtx.binxml.template', `template instance claims ${count} values, only ${cur.remaining} bytes left`, { chunk: ctx.chunkIndex, offset: cur.pos - 4 });
  }
  const b = cur.buf;
  const view = ctx.view;
  const descPos = cur.pos;
  cur.pos += count * 4;
  const values: Value[] = new Array<Value>(count); // count is bounded by the bytes left (above)
  let complex = false;
  /** The first complex value's index while it is the only one and a 0x21, else -2 (-1: none yet). */
  let fragment = -1;
  let fragmentBytes = 0;
  const valuesAt = cur.pos;
  const last = lastValuesOf(def, count);
  const lastAt = last.at;
  const lastKey = last.key;
  const lastValues = last.values;
  const reused = lastKey.length;
  for (let i = 0; i < count; i++) {
    const d = descPos + 4 * i;
    const size = b[d]! | (b[d + 1]! << 8);
    const type = b[d + 2]!;
    if (type >= 0x20) {
      complex = true;
      if (fragment === -1 && type === 0x21) { fragment = i; fragmentBytes = size; } else fragment = -2;
    }
    const p = cur.pos;
    if (p + size > cur.end) {
      throw new EvtxFormatError('evtx.binxml.value', `value ${i} (${size} bytes) overruns the record`, { chunk: ctx.chunkIndex, offset: p });
    }
    cur.pos = p + size;
    if (i < reused && REUSABLE[type] === 1) {
      const key = (size << 8) | type;
      if (lastKey[i] === key && sameBytes(view, p, lastAt[i]!, size)) {
        values[i] = lastValues[i]!;
        continue;
      }
      const v = decode(ctx, p, size, type, depth);
      values[i] = v;
      lastAt[i] = p;
      lastKey[i] = key;
      lastValues[i] = v;
      continue;
    }
    // the fixed-size types of <System> at their natural size, decoded here (decodeValue's result)
    if (type === 0x04 && size === 1) values[i] = b[p]!; // u8: Version, Level, Opcode
    else if (type === 0x06 && size === 2) values[i] = b[p]! | (b[p + 1]! << 8); // u16: EventID, Task
    // u32: ProcessID, ThreadID. Read through the DataView: `>>> 0` on bytes is compiled for the small
    // integers it first sees and deoptimised this function at the first value ≥ 2^31 (lost precision).
    else if (type === 0x08 && size === 4) values[i] = view.getUint32(p, true);
    else if (type === 0x00) values[i] = null;
    else if (type === 0x11 && size === 8) values[i] = filetime(u32At(b, p), u32At(b, p + 4)); // TimeCreated
    else if (type === 0x0a && size === 8 && b[p + 7] === 0 && b[p + 6]! < 0x20) values[i] = u32At(b, p + 4) * 0x100000000 + u32At(b, p); // u64 below 2^53: EventRecordID
    else if (type === 0x21 && size > 0) values[i] = nested(ctx, p, size, depth); // EventData, UserData
    else values[i] = decode(ctx, p, size, type, depth);
  }
  return { k: 7, def, values, valueBytes: cur.pos - valuesAt, complex, fragment: fragment < 0 ? -1 : fragment, fragmentBytes };
}
