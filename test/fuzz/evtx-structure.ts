/**
 * Structure-aware EVTX mutations: the mutator finds chunks, records, template instances (with
 * their definitions and substitution arrays), substitution tokens inside template definitions
 * and element/attribute name offsets, then breaks one of them the way a hostile or damaged file
 * would: template definition offsets pointing at themselves, at other templates or out of the
 * chunk; value counts and descriptor sizes/types that lie; substitution tokens that repeat one
 * index (fan-out) or name a missing one; BinXml (0x21) values that instantiate their enclosing
 * template again (nesting / expansion); name offsets and name lengths that lie; chunk header
 * fields and table entries; record sizes and ids. CRCs are recomputed half of the time, so the
 * damage is not only ever seen behind a CRC mismatch.
 * Layout facts: libyal/libevtx "Windows XML Event Log (EVTX)" (see /work/shared/notes/evtx-format.md).
 */
import { crc32 } from '../tools/evtx-writer/crc32';
import { getU16, getU32, nastyU32, putU16, putU32, type Prng } from './byte-mutate';

const FILE_HEADER = 4096;
const CHUNK = 65536;
const CHUNK_HEADER = 512;

interface TemplateInstance {
  /** Absolute offsets in the file. */
  at: number;
  chunk: number;
  defAt: number;
  inline: boolean;
  /** The u32 value count of the substitution array. */
  valuesAt: number;
  count: number;
}

interface Structure {
  chunks: number[];
  records: { at: number; size: number; chunk: number }[];
  instances: TemplateInstance[];
  /** Absolute offsets of u32 name-offset fields (open start element, attribute). */
  nameRefs: { at: number; chunk: number }[];
  /** Absolute offsets of substitution tokens inside template definitions. */
  subTokens: number[];
}

const CHUNK_MAGIC = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]; // "ElfChnk\0"
const isChunk = (b: Uint8Array, at: number) => CHUNK_MAGIC.every((m, i) => b[at + i] === m);

/** Finds the structures the mutations aim at (pattern scan: false positives are fine for fuzzing). */
export function scanEvtx(b: Uint8Array): Structure {
  const s: Structure = { chunks: [], records: [], instances: [], nameRefs: [], subTokens: [] };
  for (let c = FILE_HEADER; c + CHUNK_HEADER <= b.length; c += CHUNK) {
    if (!isChunk(b, c)) continue;
    s.chunks.push(c);
    const end = Math.min(b.length, c + CHUNK);
    let at = c + CHUNK_HEADER;
    while (at + 28 <= end && getU32(b, at) === 0x2a2a) {
      const size = getU32(b, at + 4);
      if (size < 28 || at + size > end) break;
      s.records.push({ at, size, chunk: c });
      scanBinXml(b, c, at + 24, at + size - 4, s);
      at += size;
    }
  }
  return s;
}

function scanBinXml(b: Uint8Array, chunk: number, from: number, to: number, s: Structure): void {
  for (let p = from; p + 10 <= to; p++) {
    const t = b[p]!;
    if (t === 0x0c && b[p + 1] === 0x01) {
      const defRel = getU32(b, p + 6);
      if (defRel < CHUNK_HEADER || defRel >= CHUNK - 24) continue;
      const defAt = chunk + defRel;
      const inline = defAt === p + 10;
      const valuesAt = inline ? defAt + 24 + getU32(b, defAt + 20) : p + 10;
      const count = getU32(b, valuesAt);
      if (valuesAt + 4 > to || count > 512) continue;
      s.instances.push({ at: p, chunk, defAt, inline, valuesAt, count });
      if (inline) {
        for (let q = defAt + 24; q + 4 <= valuesAt; q++) if ((b[q] === 0x0d || b[q] === 0x0e) && b[q + 2] === 0 && b[q + 1]! < 64) s.subTokens.push(q);
      }
    } else if ((t === 0x01 || t === 0x41) && p + 11 <= to) {
      const rel = getU32(b, p + 7);
      if (rel >= CHUNK_HEADER && rel < CHUNK) s.nameRefs.push({ at: p + 7, chunk });
    } else if ((t === 0x06 || t === 0x46) && p + 5 <= to) {
      const rel = getU32(b, p + 1);
      if (rel >= CHUNK_HEADER && rel < CHUNK) s.nameRefs.push({ at: p + 1, chunk });
    }
  }
}

/** Recomputes the chunk header CRC (bytes 0–119 and 128–511) and the record-data CRC (512..free space). */
export function fixChunkCrcs(b: Uint8Array, chunk: number): void {
  if (chunk + CHUNK_HEADER > b.length) return;
  const free = Math.min(getU32(b, chunk + 48), CHUNK, b.length - chunk);
  if (free >= CHUNK_HEADER) putU32(b, chunk + 52, crc32(b.subarray(chunk + CHUNK_HEADER, chunk + free)));
  const head = new Uint8Array(120 + 384);
  head.set(b.subarray(chunk, chunk + 120), 0);
  head.set(b.subarray(chunk + 128, chunk + 512), 120);
  putU32(b, chunk + 124, crc32(head));
}

const VALUE_TYPES = [0x00, 0x01, 0x02, 0x04, 0x06, 0x08, 0x0a, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x20, 0x21, 0x22, 0x23, 0x81, 0x86, 0x88, 0x8f, 0x91, 0x94, 0xa1, 0xff];

export const STRUCT_MUTATIONS = ['template-offset', 'value-count', 'descriptor', 'sub-token', 'nested-template', 'name-offset', 'name-length', 'chunk-header', 'record-header'] as const;
export type StructMutation = (typeof STRUCT_MUTATIONS)[number];

/**
 * Applies one structure-aware mutation to a copy of `input`. Returns the name of what was done
 * (`(none)` when the file held no such structure; the bytes are then unchanged).
 */
export function mutateEvtxStructure(input: Uint8Array, kind: StructMutation, r: Prng): { bytes: Uint8Array; mutation: string } {
  const b = new Uint8Array(input);
  const s = scanEvtx(b);
  const done = (what: string, chunk?: number) => {
    if (chunk !== undefined && r.chance(0.5)) {
      fixChunkCrcs(b, chunk);
      what += ' +crc';
    }
    return { bytes: b, mutation: `${kind}: ${what}` };
  };
  const none = { bytes: b, mutation: `${kind}: (none)` };
  switch (kind) {
    case 'template-offset': {
      if (!s.instances.length) return none;
      const ti = r.pick(s.instances);
      const others = s.instances.filter((o) => o.chunk === ti.chunk).map((o) => o.defAt - o.chunk);
      const choices = [ti.at - ti.chunk, ti.at - ti.chunk + 1, ti.defAt - ti.chunk + 1, r.pick(others), 0, 511, CHUNK - 1, CHUNK, nastyU32(r), r.int(CHUNK_HEADER, CHUNK - 1)];
      const v = r.pick(choices);
      putU32(b, ti.at + 6, v);
      return done(`instance at ${ti.at} → definition ${v}`, ti.chunk);
    }
    case 'value-count': {
      if (!s.instances.length) return none;
      const ti = r.pick(s.instances);
      const v = r.pick([0, ti.count - 1, ti.count + 1, ti.count * 2, 0xffff, 0xffffffff, nastyU32(r)]) >>> 0;
      putU32(b, ti.valuesAt, v);
      return done(`instance at ${ti.at}: value count ${ti.count} → ${v}`, ti.chunk);
    }
    case 'descriptor': {
      const ti = s.instances.filter((i) => i.count > 0);
      if (!ti.length) return none;
      const t = r.pick(ti);
      const n = r.int(1, Math.min(t.count, 4));
      for (let k = 0; k < n; k++) {
        const d = t.valuesAt + 4 + 4 * r.int(0, t.count - 1);
        if (r.chance(0.5)) putU16(b, d, r.pick([0, 1, 2, 3, 7, getU16(b, d) + 1, getU16(b, d) - 1, 0x7fff, 0xffff]) & 0xffff);
        else b[d + 2] = r.pick(VALUE_TYPES);
      }
      return done(`instance at ${t.at}: ${n} descriptor(s)`, t.chunk);
    }
    case 'sub-token': {
      if (!s.subTokens.length) return none;
      const mode = r.pick(['same-index', 'missing-index', 'type', 'optional']);
      const tokens = s.subTokens.filter(() => r.chance(0.5));
      const idx = r.int(0, 8);
      for (const q of tokens.length ? tokens : [r.pick(s.subTokens)]) {
        if (mode === 'same-index') putU16(b, q + 1, idx); // every slot expands one value: fan-out
        else if (mode === 'missing-index') putU16(b, q + 1, r.pick([200, 0x7fff, 0xffff]));
        else if (mode === 'type') b[q + 3] = r.pick(VALUE_TYPES);
        else b[q] = b[q] === 0x0d ? 0x0e : 0x0d;
      }
      const chunk = s.chunks.find((c) => s.subTokens[0]! >= c && s.subTokens[0]! < c + CHUNK);
      return done(`${mode} on ${tokens.length || 1} token(s)`, chunk);
    }
    case 'nested-template': {
      // A value slot becomes BinXml holding an instance of the enclosing template, followed by a
      // copy of the enclosing substitution array: every level expands the same template again.
      const ti = s.instances.filter((i) => i.count > 0);
      if (!ti.length) return none;
      const t = r.pick(ti);
      const slot = r.int(0, t.count - 1);
      const valuesStart = t.valuesAt + 4 + 4 * t.count;
      let vAt = valuesStart;
      for (let k = 0; k < slot; k++) vAt += getU16(b, t.valuesAt + 4 + 4 * k);
      const rec = s.records.find((x) => t.at >= x.at && t.at < x.at + x.size);
      if (!rec) return none;
      const room = rec.at + rec.size - 4 - vAt;
      const arrayBytes = b.slice(t.valuesAt, Math.min(vAt, t.valuesAt + room));
      const body = new Uint8Array(Math.min(room, 14 + arrayBytes.length));
      if (body.length < 14) return none;
      body.set([0x0f, 0x01, 0x01, 0x00, 0x0c, 0x01]);
      putU32(body, 6, getU32(b, t.at + 2));
      putU32(body, 10, t.defAt - t.chunk);
      body.set(arrayBytes.subarray(0, body.length - 14), 14);
      b.set(body, vAt);
      const d = t.valuesAt + 4 + 4 * slot;
      putU16(b, d, r.chance(0.7) ? body.length : r.pick([0xffff, room]) & 0xffff);
      b[d + 2] = 0x21;
      return done(`instance at ${t.at}: slot ${slot} re-instantiates its template`, t.chunk);
    }
    case 'name-offset': {
      if (!s.nameRefs.length) return none;
      const ref = r.pick(s.nameRefs);
      const rel = ref.at - ref.chunk;
      const v = r.pick([rel, rel - 7, rel + 4, getU32(b, r.pick(s.nameRefs).at), 0, 4, 510, CHUNK - 2, CHUNK + 8, nastyU32(r)]);
      putU32(b, ref.at, v);
      return done(`name reference at ${ref.at} → ${v}`, ref.chunk);
    }
    case 'name-length': {
      if (!s.nameRefs.length) return none;
      const ref = r.pick(s.nameRefs);
      const nameAt = ref.chunk + getU32(b, ref.at);
      const v = r.pick([0, 0x7fff, 0xffff, getU16(b, nameAt + 6) + 1, 32_000]);
      putU16(b, nameAt + 6, v);
      return done(`name at ${nameAt}: length ${v}`, ref.chunk);
    }
    case 'chunk-header': {
      if (!s.chunks.length) return none;
      const c = r.pick(s.chunks);
      const field = r.pick([8, 16, 24, 32, 40, 44, 48, 120, 128 + 4 * r.int(0, 63), 384 + 4 * r.int(0, 31)]);
      const recs = s.records.filter((x) => x.chunk === c);
      const v = field === 44 || field === 48
        ? r.pick([...recs.map((x) => x.at - c), ...recs.map((x) => x.at - c + x.size), CHUNK, CHUNK + 1, 511, nastyU32(r)])
        : field >= 128 ? r.pick([0, 1, 511, 512, CHUNK - 1, nastyU32(r), ...s.nameRefs.map((x) => getU32(b, x.at)).slice(0, 4)])
          : nastyU32(r);
      putU32(b, c + field, v);
      if (field <= 32 && r.chance(0.5)) putU32(b, c + field + 4, r.chance(0.5) ? 0 : 0xffffffff);
      return done(`chunk ${c} field ${field} → ${v}`, c);
    }
    case 'record-header': {
      if (!s.records.length) return none;
      const rec = r.pick(s.records);
      const what = r.pick(['id-dup', 'id-huge', 'size', 'size-copy', 'time']);
      if (what === 'id-dup') putU32(b, rec.at + 8, getU32(b, r.pick(s.records).at + 8));
      else if (what === 'id-huge') { putU32(b, rec.at + 8, 0xffffffff); putU32(b, rec.at + 12, r.pick([0, 0x1fffff, 0xffffffff])); }
      else if (what === 'size') putU32(b, rec.at + 4, r.pick([28, 29, rec.size + 8, rec.size - 8, CHUNK, nastyU32(r)]));
      else if (what === 'size-copy') putU32(b, rec.at + rec.size - 4, nastyU32(r));
      else { putU32(b, rec.at + 16, 0xffffffff); putU32(b, rec.at + 20, 0xffffffff); }
      return done(`record at ${rec.at}: ${what}`, rec.chunk);
    }
  }
}
