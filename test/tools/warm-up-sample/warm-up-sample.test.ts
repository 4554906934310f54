// Pins the committed warm-up sample (assets/warm-up/System.evtx): regenerating gives the same bytes, and our
// parser reads it cleanly and meets in it what it was made for (warm-up.ts): classic sources with Qualifiers
// and EventData/Binary, unnamed Data, UserData, manifest providers' typed values, string arrays, several days,
// a recovered slack record and an unreadable remnant per chunk, and an unused all-zero slot.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEvtxBytes } from '../../../src-main/ingest/evtx/index';
import type { RawEvent } from '../../../src-main/model/raw-event';
import { buildWarmUpSample, DEFAULT_OUT } from './generate';

describe('warm-up sample', () => {
  const committed = new Uint8Array(readFileSync(DEFAULT_OUT));

  it('is what the generator writes, byte for byte', () => {
    expect(Buffer.from(buildWarmUpSample()).equals(Buffer.from(committed))).toBe(true);
  });

  it('reads without errors or CRC warnings and holds the shapes of a real System log', () => {
    const r = parseEvtxBytes(committed);
    expect(r.summary.recordsFailed).toBe(0);
    expect(r.summary.chunkErrors).toEqual([]);
    const codes = new Set(r.summary.warnings.map((w) => w.code));
    expect([...codes].sort()).toEqual(['evtx.file.dirty', 'evtx.record.recovered']);
    const records: RawEvent[] = r.records;
    expect(records.length).toBeGreaterThan(600);
    expect(r.summary.chunksEmpty).toBe(1); // the unused slot after the last chunk
    expect(r.recovered.length).toBe(r.summary.chunksRead); // one per chunk
    const qualifiers = new Set(records.map((e) => e.Qualifiers));
    expect(qualifiers).toEqual(new Set([16384, 32768, 0, null]));
    const json = records.map((e) => JSON.stringify(e));
    expect(json.some((s) => s.includes('"Binary"'))).toBe(true);
    expect(json.some((s) => s.includes('"Data":['))).toBe(true);
    expect(json.some((s) => s.includes('LogFileCleared'))).toBe(true);
    expect(records.some((e) => Array.isArray(e.EventData?.Peers))).toBe(true); // a string array
    expect(new Set(records.map((e) => String(e.TimeCreated).slice(0, 10))).size).toBeGreaterThanOrEqual(3);
    expect(committed.subarray(committed.length - 65536).every((b) => b === 0)).toBe(true);
  });
});
