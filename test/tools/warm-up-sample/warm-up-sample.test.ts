// Pins the committed warm-up sample (assets/warm-up/System.evtx): regenerating gives the same bytes, and our
// parser reads it cleanly and meets in it what it was made for (warm-up.ts): classic sources with Qualifiers
// and EventData/Binary, unnamed Data, UserData, manifest providers' typed values, string arrays, several days,
// a recovered slack record and an unreadable remnant per chunk, in the last chunk's slack a remnant whose
// definition does not parse and recovered records whose definitions are parsed there, and an unused all-zero slot.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEvtxBytes } from '../../../src-main/ingest/evtx/index';
import type { RawEvent } from '../../../src-main/model/raw-event';
import { buildWarmUpSample, DEFAULT_OUT, unnamedEventData } from './generate';

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
    // one per chunk, and the three copies in the last chunk's slack whose definitions are copies too
    expect(r.recovered.length).toBe(r.summary.chunksRead + 3);
    const copies = r.recovered.slice(-3).map((e) => e.EventID);
    expect(copies.slice(1)).toEqual([6013, 104]);
    expect([6005, 6006]).toContain(copies[0]);
    // the last chunk's slack: a lone '*', a remnant whose definition does not parse, the three copies
    const recovered = r.summary.warnings.filter((w) => w.code === 'evtx.record.recovered').map((w) => w.message);
    expect(recovered.at(-1)).toMatch(/^4 of 6 plausible record\(s\) in the chunk slack recovered; 2 unreadable/);
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

  it('holds EventData instances with and without the fragment header before them', () => {
    const id = Buffer.alloc(4);
    id.writeUInt32LE(unnamedEventData('600x', 0, true).id);
    const instance = Buffer.concat([Buffer.from([0x0c, 0x01]), id]);
    const bytes = Buffer.from(committed);
    let headed = 0;
    let headerless = 0;
    for (let at = bytes.indexOf(instance); at >= 0; at = bytes.indexOf(instance, at + 1)) {
      if (bytes.readUInt32LE(at - 4) === 0x0001010f) headed++;
      else headerless++;
    }
    expect(headed).toBeGreaterThan(10);
    expect(headerless).toBeGreaterThan(10);
  });
});
