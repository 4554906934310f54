// Records handed over as read (`ChunkOptions.onRecord`, record-handoff.ts): the same records, in
// the same order, as the chunk's `records` without it, through damaged chunks too (records whose
// size copy differs are rendered off the fast loop, records of another generation recovered,
// damaged ranges skipped); a caller's error leaves the read as it was thrown, never as a record error.
import { describe, expect, it } from 'vitest';
import { chunkOptionsOf, parseChunk } from '../../../src-main/ingest/evtx/chunk';
import type { RawEvent } from '../../../src-main/model/raw-event';
import { EvtxWriter } from '../../tools/evtx-writer/index';
import { Prng } from '../../tools/evtx-writer/prng';
import { sampleEvents } from '../../tools/evtx-writer/sample-events';

const clean = new EvtxWriter().addAll(sampleEvents(5, 900)).toBytes();
const CHUNKS = (clean.length - 4096) / 65536;

/** The chunk slots of `b`. */
function slots(b: Uint8Array): Uint8Array[] {
  return Array.from({ length: CHUNKS }, (_, i) => b.subarray(4096 + i * 65536, 4096 + (i + 1) * 65536));
}

/** Record offsets of one clean chunk. */
function recordOffsets(chunk: Uint8Array): number[] {
  const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const out: number[] = [];
  for (let p = 512; p < dv.getUint32(48, true); p += dv.getUint32(p + 4, true)) out.push(p);
  return out;
}

const OFFSETS = slots(clean).map(recordOffsets);

/** Seeded damage: grown record sizes (their copy then differs), ids of another generation, zeroed and noisy ranges. */
function damaged(seed: number): Uint8Array {
  const b = clean.slice();
  const r = new Prng(seed);
  const chunks = slots(b);
  for (let k = r.int(2, 6); k > 0; k--) {
    const ci = r.int(0, CHUNKS - 1);
    const c = chunks[ci]!;
    const dv = new DataView(c.buffer, c.byteOffset, c.byteLength);
    const p = r.pick(OFFSETS[ci]!);
    switch (r.int(0, 3)) {
      case 0: dv.setUint32(p + 4, dv.getUint32(p + 4, true) + r.int(1, 600), true); break;
      case 1: dv.setUint32(p + 8, dv.getUint32(p + 8, true) + 100_000, true); break;
      case 2: c.fill(0, p + r.int(0, 40), Math.min(c.length, p + r.int(41, 2000))); break;
      default: for (let i = p + r.int(24, 200), n = r.int(1, 300); n > 0 && i < c.length; n--, i++) c[i] = r.int(0, 255);
    }
  }
  return b;
}

describe('chunk records handed over as read', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])('damage seed %i: the same records, in order, and the same outcome otherwise', (seed) => {
    const b = seed === 0 ? clean : damaged(seed);
    let recoveredSeen = 0;
    for (const [i, chunk] of slots(b).entries()) {
      const collected = parseChunk(chunk, i, chunkOptionsOf({}));
      const handed: RawEvent[] = [];
      const streamed = parseChunk(chunk, i, chunkOptionsOf({ onRecord: (ev) => handed.push(ev) }));
      expect(streamed.records).toEqual([]);
      expect(handed).toEqual(collected.records);
      expect({ ...streamed, records: collected.records }).toEqual(collected);
      recoveredSeen += collected.recovered.length;
    }
    if (seed === 0) expect(recoveredSeen).toBe(0);
  });

  it('hands over the records a damaged file still has (the seeds above damage something)', () => {
    const outcomes = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => slots(damaged(seed)).map((c, i) => parseChunk(c, i)));
    const all = outcomes.flat();
    expect(all.some((r) => r.recordsFailed > 0)).toBe(true);
    expect(all.some((r) => r.recovered.length > 0)).toBe(true);
    expect(all.some((r) => r.issues.some((w) => w.code === 'evtx.record.size_copy'))).toBe(true);
  });

  it('throws the caller\'s own error out of the read, on the fast loop and off it, instead of counting a record error', () => {
    const b = damaged(3);
    for (const [i, chunk] of slots(b).entries()) {
      const total = parseChunk(chunk, i).records.length;
      for (const at of [0, Math.floor(total / 2), total - 1]) {
        if (at < 0) continue;
        const boom = new Error(`caller failed at ${at}`);
        let n = 0;
        expect(() => parseChunk(chunk, i, chunkOptionsOf({ onRecord: () => { if (n++ === at) throw boom; } }))).toThrow(boom);
        expect(n).toBe(at + 1);
      }
    }
  });
});
