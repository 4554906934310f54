/**
 * The structure-aware EVTX mutator finds what it aims at (chunks, records, template instances
 * with inline and back-referenced definitions, substitution tokens, name references) in a file
 * written by the test writer, every mutation kind changes the bytes it names, and the CRC
 * fix-up makes the parser see no CRC mismatch (so damage is tested behind valid CRCs too).
 */
import { describe, expect, it } from 'vitest';
import { parseEvtxBytes } from '../../src-main/ingest/evtx/index';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';
import { Prng } from './byte-mutate';
import { fixChunkCrcs, mutateEvtxStructure, scanEvtx, STRUCT_MUTATIONS } from './evtx-structure';

const file = new EvtxWriter().addAll(sampleEvents(3, 300, 6)).toBytes();

describe('structure-aware EVTX mutations', () => {
  it('finds chunks, records, template instances, substitution tokens and name references', () => {
    const s = scanEvtx(file);
    expect(s.chunks.length).toBeGreaterThanOrEqual(2);
    expect(s.records.length).toBe(300);
    expect(s.instances.some((i) => i.inline)).toBe(true);
    expect(s.instances.some((i) => !i.inline)).toBe(true);
    expect(s.subTokens.length).toBeGreaterThan(0);
    expect(s.nameRefs.length).toBeGreaterThan(0);
  });

  it.each(STRUCT_MUTATIONS)('%s changes the file where it says', (kind) => {
    for (let n = 0; n < 5; n++) {
      const m = mutateEvtxStructure(file, kind, new Prng(n));
      expect(m.mutation).not.toContain('(none)');
      expect(m.bytes).not.toEqual(file);
      expect(m.bytes.length).toBe(file.length);
    }
  });

  it('recomputed CRCs match what the parser checks', () => {
    const b = new Uint8Array(file);
    b[4096 + 512 + 40] = b[4096 + 512 + 40]! ^ 0xff; // inside the first record's BinXML
    const damaged = parseEvtxBytes(b).summary.warnings.map((w) => w.code);
    expect(damaged).toContain('evtx.chunk.data_crc');
    fixChunkCrcs(b, 4096);
    const fixed = parseEvtxBytes(b).summary.warnings.map((w) => w.code);
    expect(fixed).not.toContain('evtx.chunk.data_crc');
    expect(fixed).not.toContain('evtx.chunk.header_crc');
  });
});
