/**
 * A detail read (parse-file's `records`): only the wanted events are normalised and sent, and an
 * EVTX chunk whose header's record range holds none of them is not parsed.
 */
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { NormalisedEvent } from '../../src-main/model/event';
import { parseEvidenceFile, wantedRecords } from '../../src-main/evidence-reading/parse-file';
import type { EvidenceFormat } from '../../src-main/ingest/sniff';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';

async function read(root: string, rel: string, format: EvidenceFormat, records?: number[]): Promise<{ events: NormalisedEvent[]; chunksParsed: number }> {
  const events: NormalisedEvent[] = [];
  let chunksParsed = 0;
  await parseEvidenceFile({ absPath: path.join(root, rel), relPath: rel, format, ...(records ? { records } : {}) }, {
    batch: async (b) => { events.push(...b); },
    progress: () => { if (format === 'evtx') chunksParsed++; }, // the EVTX reader reports once per parsed chunk
    isCancelled: () => false,
  });
  return { events, chunksParsed };
}

function slot(first: number, last: number, magic = true): Uint8Array {
  const b = new Uint8Array(65536);
  if (magic) b.set([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]);
  const v = new DataView(b.buffer);
  v.setBigUint64(24, BigInt(first), true);
  v.setBigUint64(32, BigInt(last), true);
  return b;
}

describe('wantedRecords', () => {
  const w = wantedRecords([5, 300, 301, 9000]);
  it('keeps the events with a wanted record id only', () => {
    const raw = (id: number | null) => ({ EventRecordID: id }) as Parameters<typeof w.keep>[0];
    expect([5, 300, 9000].map((id) => w.keep(raw(id)))).toEqual([true, true, true]);
    expect([4, 6, null].map((id) => w.keep(raw(id)))).toEqual([false, false, false]);
  });
  it('parses a chunk whose sane header range holds a wanted id, or whose header cannot be trusted', () => {
    expect(w.chunkMayHold(slot(1, 4))).toBe(false);
    expect(w.chunkMayHold(slot(1, 5))).toBe(true);
    expect(w.chunkMayHold(slot(6, 299))).toBe(false);
    expect(w.chunkMayHold(slot(301, 400))).toBe(true);
    expect(w.chunkMayHold(slot(9001, 9100))).toBe(false);
    expect(w.chunkMayHold(slot(100, 50))).toBe(true); // last < first: not a sane range
    expect(w.chunkMayHold(slot(1, 10_000))).toBe(true); // wider than a chunk can hold
    expect(w.chunkMayHold(slot(1, 4, false))).toBe(true); // no signature: recovery only
    expect(w.chunkMayHold(new Uint8Array(100))).toBe(true);
  });
});

describe('parse-file with records', () => {
  const file = new EvtxWriter().addAll(sampleEvents(7, 1500)).toBytes();
  const root = tempEvidenceFolder({ 'big.evtx': file, 'big.zip': zipSync({ 'm.evtx': file }) });

  it('EVTX: parses only the chunks that hold wanted records and sends exactly those events', async () => {
    const all = await read(root, 'big.evtx', 'evtx');
    expect(all.events).toHaveLength(1500);
    expect(all.chunksParsed).toBeGreaterThan(4);
    const wanted = [3, 4, 1499];
    const some = await read(root, 'big.evtx', 'evtx', wanted);
    expect(some.events.map((e) => e.record_id)).toEqual(wanted);
    expect(some.events).toEqual(all.events.filter((e) => wanted.includes(e.record_id!)));
    expect(some.chunksParsed).toBe(2);
    expect((await read(root, 'big.evtx', 'evtx', [100_000])).chunksParsed).toBe(0);
  });

  it('an archive: every member is read, only the wanted events are sent', async () => {
    const some = await read(root, 'big.zip', 'zip', [10, 20]);
    expect(some.events.map((e) => [e.evidence, e.record_id])).toEqual([['big.zip!/m.evtx', 10], ['big.zip!/m.evtx', 20]]);
  });
});
