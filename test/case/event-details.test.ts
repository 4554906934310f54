/**
 * The detail pass (readEventDetails): the full events of the wanted identities, the same events
 * the case read gave, whether the worker's chunk filter finds them (records in their chunk's
 * header range) or the file has to be read again whole (records recovered from an older chunk
 * generation, outside the header's range), with a file whose events have no record id asked for
 * the wanted identities instead (read once); and with the events of
 * the files it would parse whole held from the case read, the same events without reading those files.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { HeldDetailEvents, readEventDetails } from '../../src-main/case/event-details';
import { identityOf } from '../../src-main/model/event-identity';
import { readCase } from '../../src-main/case/read-case';
import type { NormalisedEvent } from '../../src-main/model/event';
import { WorkerPool } from '../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';

/** One chunk of `n` records whose header claims only the first `claimed` ids (the rest: an older generation, recovered). */
function olderGeneration(n: number, claimed: number): Uint8Array {
  const b = new EvtxWriter().addAll(sampleEvents(11, n)).toBytes();
  new DataView(b.buffer).setBigUint64(4096 + 16, BigInt(claimed), true);
  new DataView(b.buffer).setBigUint64(4096 + 32, BigInt(claimed), true);
  return b;
}

const xml = (n: number, withId: boolean) => `<Event><System><EventID>${n}</EventID>${withId ? `<EventRecordID>${n}</EventRecordID>` : ''}<TimeCreated SystemTime="2024-01-01T00:00:0${n}Z"/><Computer>h</Computer></System></Event>`;

describe('readEventDetails', () => {
  const pool = new WorkerPool(ingestWorkerScript(), 2);
  afterAll(() => pool.close());

  it('finds every wanted event of the case read, and nothing else', async () => {
    const root = tempEvidenceFolder({
      'big.evtx': new EvtxWriter().addAll(sampleEvents(3, 1500)).toBytes(),
      'vss.evtx': olderGeneration(40, 30),
      'noid.xml': `<Events>${[1, 2, 3].map((n) => xml(n, false)).join('')}</Events>`,
      'a.zip': zipSync({ 'm.evtx': new EvtxWriter().addAll(sampleEvents(4, 50)).toBytes() }),
      'untouched.evtx': new EvtxWriter().addAll(sampleEvents(5, 10)).toBytes(),
    });
    const events: NormalisedEvent[] = [];
    const scan = await readCase(root, { jobId: 'details', pool, onEvents: (b) => { events.push(...b); } });
    const byId = new Map<string, NormalisedEvent>();
    for (const e of events) if (!byId.has(identityOf(e))) byId.set(identityOf(e), e);
    const pick = (evidence: string, pred: (e: NormalisedEvent) => boolean) => events.filter((e) => e.evidence === evidence && pred(e)).map(identityOf);
    const wanted = new Set([
      ...pick('big.evtx', (e) => [2, 700, 1500].includes(e.record_id!)), // found by the chunk filter
      ...pick('vss.evtx', (e) => e.record_id === 35), // recovered, outside the header's range: the chunk filter skips its chunk
      ...pick('noid.xml', (e) => e.event_id === 2), // no record id: read whole
      ...pick('a.zip!/m.evtx', (e) => e.record_id === 50),
    ]);
    expect(wanted.size).toBe(6);
    const asked = new Map<string, { records?: number[]; identities?: string[] }[]>();
    const recording = new Proxy(pool, {
      get: (t, k) => (k === 'run' ? (item: { relPath: string; records?: number[]; identities?: string[] }, ...rest: unknown[]) => {
        asked.set(item.relPath, [...(asked.get(item.relPath) ?? []), { records: item.records, identities: item.identities }]);
        return (t.run as (...a: unknown[]) => unknown)(item, ...rest);
      } : Reflect.get(t, k)),
    });
    const found = await readEventDetails(root, scan.evidence, wanted, recording);
    expect([...found.keys()].sort()).toEqual([...wanted].sort());
    // The file without record ids is asked for its wanted identities, read once; the others by record id.
    expect(asked.get('noid.xml')).toEqual([{ records: undefined, identities: pick('noid.xml', (e) => e.event_id === 2) }]);
    expect(asked.get('a.zip')).toEqual([{ records: [50], identities: undefined }]);
    expect(asked.has('untouched.evtx')).toBe(false);
    for (const [id, e] of found) expect(e, id).toEqual(byId.get(id));
    expect(found.get(pick('vss.evtx', (e) => e.record_id === 35)[0]!)?.recovered).toBeTruthy();
  });

  it('takes held events from the case read instead of reading their files again, with the same result', async () => {
    const root = tempEvidenceFolder({
      'big.evtx': new EvtxWriter().addAll(sampleEvents(3, 300)).toBytes(),
      'noid.xml': `<Events>${[1, 2, 3, 2].map((n) => xml(n, false)).join('')}</Events>`,
      'ids.xml': `<Events>${[1, 2, 3].map((n) => xml(n, true)).join('')}</Events>`,
      'a.zip': zipSync({ 'm.evtx': new EvtxWriter().addAll(sampleEvents(4, 50)).toBytes() }),
    });
    const events: NormalisedEvent[] = [];
    const held = new HeldDetailEvents();
    const scan = await readCase(root, { jobId: 'held', pool, onEvents: (b) => { events.push(...b); held.add(b); } });
    const pick = (evidence: string, pred: (e: NormalisedEvent) => boolean) => events.filter((e) => e.evidence === evidence && pred(e)).map(identityOf);
    const wanted = new Set([
      ...pick('big.evtx', (e) => e.record_id === 7),
      ...pick('noid.xml', (e) => e.event_id === 2), // twice in the file: the first is the one found
      ...pick('ids.xml', (e) => e.record_id === 3),
      ...pick('a.zip!/m.evtx', (e) => e.record_id === 50),
    ]);
    expect(wanted.size).toBe(4);
    // No .evtx of the folder itself is held (its detail read parses only the chunks it needs).
    expect(held.size).toBe(new Set(events.filter((e) => e.evidence !== 'big.evtx').map(identityOf)).size);
    const read: string[] = [];
    const counting = new Proxy(pool, {
      get: (t, k) => (k === 'run' ? (item: { relPath: string }, ...rest: unknown[]) => { read.push(item.relPath); return (t.run as (...a: unknown[]) => unknown)(item, ...rest); } : Reflect.get(t, k)),
    });
    const withHeld = await readEventDetails(root, scan.evidence, wanted, counting, undefined, held);
    expect(read).toEqual(['big.evtx']);
    const without = await readEventDetails(root, scan.evidence, wanted, pool);
    expect([...withHeld.keys()].sort()).toEqual([...wanted].sort());
    for (const [id, e] of without) expect(withHeld.get(id), id).toEqual(e);
    // Past its bound nothing more is held, and what is not held is read.
    const small = new HeldDetailEvents(2);
    small.add(events.filter((e) => e.evidence === 'ids.xml'));
    expect(small.size).toBe(2);
    read.length = 0;
    const partly = await readEventDetails(root, scan.evidence, wanted, counting, undefined, small);
    expect(read.sort()).toEqual(['a.zip', 'big.evtx', 'ids.xml', 'noid.xml']);
    expect([...partly.keys()].sort()).toEqual([...wanted].sort());
  });

  it('holds, from a batch mixing files, the events of the files a detail read would parse whole, whatever their order', () => {
    const ev = (evidence: string, record_id: number) => ({ evidence, record_id, time: '2024-01-01T00:00:00.000Z', event_id: 1 }) as unknown as NormalisedEvent;
    const batch = [ev('a.evtx', 1), ev('b.json', 2), ev('b.json', 3), ev('a.evtx', 4), ev('z.zip!/m.evtx', 5), ev('c.EVTX', 6), ev('d.xml', 7)];
    const held = new HeldDetailEvents();
    held.add(batch);
    expect(batch.filter((e) => held.get(identityOf(e)) === e).map((e) => e.record_id)).toEqual([2, 3, 5, 7]);
  });

  it('keeps every event of an identity that a file of several channels repeats, held or read, and finds the one a pivot names', async () => {
    // Each channel numbers its own records: an export of two channels repeats record id 5.
    const ev = (channel: string, eventId: number, second: number) => `<Event><System><EventID>${eventId}</EventID><EventRecordID>5</EventRecordID><Channel>${channel}</Channel><TimeCreated SystemTime="2024-01-01T00:00:0${second}Z"/><Computer>h</Computer></System><EventData><Data Name="From">${channel}</Data></EventData></Event>`;
    const root = tempEvidenceFolder({ 'two-channels.xml': `<Events>${ev('System', 7036, 1)}${ev('Microsoft-Windows-Sysmon/Operational', 1, 2)}${ev('System', 7036, 1)}</Events>` });
    const events: NormalisedEvent[] = [];
    const held = new HeldDetailEvents();
    const scan = await readCase(root, { jobId: 'two-channels', pool, onEvents: (b) => { events.push(...b); held.add(b); } });
    const id = identityOf(events[0]!);
    expect(events.map(identityOf)).toEqual([id, id, id]);
    for (const from of [null, held]) {
      const found = await readEventDetails(root, scan.evidence, new Set([id]), pool, undefined, from);
      // the repeated System event is one event; the Sysmon one is kept beside it
      expect(found.eventsOf(id).map((e) => e.channel)).toEqual(['System', 'Microsoft-Windows-Sysmon/Operational']);
      expect(found.find(id, 1, '2024-01-01T00:00:02.0000000Z')?.data.From).toBe('Microsoft-Windows-Sysmon/Operational');
      expect(found.find(id, 7036, null)?.data.From).toBe('System');
      expect(found.get(id)?.data.From).toBe('System');
    }
    // Held up to its bound only (the first copy): the file's other events were not held, so it is read again.
    const partly = new HeldDetailEvents(1);
    partly.add(events);
    expect([partly.size, partly.whole('two-channels.xml')]).toEqual([1, false]);
    const found = await readEventDetails(root, scan.evidence, new Set([id]), pool, undefined, partly);
    expect(found.eventsOf(id).map((e) => e.channel)).toEqual(['System', 'Microsoft-Windows-Sysmon/Operational']);
  });

  it('an empty wanted set reads nothing', async () => {
    expect((await readEventDetails('/nonexistent', [], new Set(), pool)).size).toBe(0);
  });
});
