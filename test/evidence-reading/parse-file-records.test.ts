/**
 * A detail read (parse-file's `records`): only the wanted events are normalised and sent, and an
 * EVTX chunk whose header's record range holds none of them is not parsed.
 */
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { NormalisedEvent } from '../../src-main/model/event';
import { parseEvidenceFile, wantedRecords } from '../../src-main/evidence-reading/parse-file';
import { identityOf } from '../../src-main/model/event-identity';
import type { EvidenceFormat } from '../../src-main/ingest/sniff';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';

async function read(root: string, rel: string, format: EvidenceFormat, records?: number[], identities?: string[]): Promise<{ events: NormalisedEvent[]; chunksParsed: number }> {
  const events: NormalisedEvent[] = [];
  let chunksParsed = 0;
  await parseEvidenceFile({ absPath: path.join(root, rel), relPath: rel, format, ...(records ? { records } : {}), ...(identities ? { identities } : {}) }, {
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

describe('parse-file with identities (events without a record id)', () => {
  const xmlEvent = (eid: number, second: number) => `<Event><System><EventID>${eid}</EventID><TimeCreated SystemTime="2024-01-01T00:00:0${second}Z"/><Computer>h</Computer></System></Event>`;
  const xml = `<Events>${[[1, 1], [2, 2], [3, 3], [2, 4], [2, 2]].map(([e, s]) => xmlEvent(e!, s!)).join('')}</Events>`;
  const jsonl = [1, 2, 3].map((s) => JSON.stringify({ EventID: 4688, Channel: 'Security', Hostname: 'h', EventTime: `2024-01-01 00:00:0${s}` })).join('\n');
  const root = tempEvidenceFolder({ 'noid.xml': xml, 'noid.jsonl': jsonl, 'noid.zip': zipSync({ 'a.xml': new TextEncoder().encode(xml), 'b.xml': new TextEncoder().encode(xml) }) });

  it.each([['noid.xml', 'xml'], ['noid.jsonl', 'jsonl']] as const)('%s: sends exactly the events with a wanted identity, in file order', async (rel, format) => {
    const all = (await read(root, rel, format)).events;
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.every((e) => e.record_id === null)).toBe(true);
    const wanted = [identityOf(all[2]!), identityOf(all[1]!)];
    const some = await read(root, rel, format, undefined, wanted);
    expect(some.events).toEqual(all.filter((e) => wanted.includes(identityOf(e))));
    expect((await read(root, rel, format, undefined, [])).events).toEqual([]);
  });

  it('an event whose identity repeats in the file is sent each time (the caller keeps the first)', async () => {
    const all = (await read(root, 'noid.xml', 'xml')).events;
    const twice = identityOf(all[1]!);
    expect((await read(root, 'noid.xml', 'xml', undefined, [twice])).events).toEqual([all[1], all[4]]);
  });

  it('an archive: an identity names its member, so the same event of another member is not sent', async () => {
    const all = (await read(root, 'noid.zip', 'zip')).events;
    const wanted = all.filter((e) => e.evidence === 'noid.zip!/b.xml' && e.event_id === 3).map(identityOf);
    expect(wanted).toHaveLength(1);
    const some = await read(root, 'noid.zip', 'zip', undefined, wanted);
    expect(some.events.map((e) => [e.evidence, e.event_id])).toEqual([['noid.zip!/b.xml', 3]]);
  });
});
