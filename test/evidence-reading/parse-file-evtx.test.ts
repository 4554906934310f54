/**
 * An EVTX read in parse-file: each allocated record is sent as it is read (parse-file.ts
 * `sendEvtxRecords`, ingest/evtx/record-handoff.ts). Batches that fill up inside a chunk hold the
 * same events in the same order as the file's records, each full batch's backpressure is waited
 * for before the next chunk, and a sink that fails ends the read with its error, unhandled by no one.
 * Read for content `'viewed'`, the EventData of an event sent without data is not built
 * (`wantsData`): the events are those of the whole read with that data left out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { NormalisedEvent } from '../../src-main/model/event';
import { normaliseEvent } from '../../src-main/model/normalise';
import { parseEvidenceFile } from '../../src-main/evidence-reading/parse-file';
import { parseEvtxBytes } from '../../src-main/ingest/evtx/index';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { exactDifference } from '../helpers/exact-difference';
import { REPO_ROOT } from '../helpers/paths';
import { PackingSink } from '../../src-main/evidence-reading/event-batcher';
import { decodePackedBatch } from '../../src-main/evidence-reading/packed-batch-decode';
import { EventDataKeys } from '../../src-main/model/event-data-keys';
import { HostTally } from '../../src-main/case/host-summary';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';

/** 4,500 records over several chunks: batches of 2,000 fill up inside chunks. */
const bytes = new EvtxWriter().addAll(sampleEvents(17, 4500)).toBytes();
const root = tempEvidenceFolder({ 'big.evtx': bytes });

/** The events of `rel` (a file of `files`) sent by parse-file with content `'viewed'`, through a function sink and a packing sink. */
async function viewed(files: Record<string, Uint8Array>, rel: string, dataKeys?: string[]): Promise<{ plain: NormalisedEvent[]; packed: NormalisedEvent[] }> {
  const dir = tempEvidenceFolder(files);
  const plain: NormalisedEvent[] = [];
  const packed: NormalisedEvent[] = [];
  const req = { absPath: path.join(dir, rel), relPath: rel, format: 'evtx' as const, content: 'viewed' as const, ...(dataKeys ? { dataKeys } : {}) };
  const cb = { progress: () => {}, isCancelled: () => false };
  await parseEvidenceFile(req, { ...cb, batch: async (b) => { plain.push(...b); } });
  await parseEvidenceFile(req, { ...cb, batch: new PackingSink(async (b) => { packed.push(...decodePackedBatch(b)); }) });
  return { plain, packed };
}

describe('parse-file: an EVTX file read for content "viewed"', () => {
  const security = readFileSync(path.join(REPO_ROOT, 'assets/demo-evidence/DC01/Security.evtx'));
  const sysmon = readFileSync(path.join(REPO_ROOT, 'assets/demo-evidence/WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx'));
  const files = { 'Security.evtx': security, 'Sysmon.evtx': sysmon, 'big.evtx': bytes };

  it.each([[undefined], [['security|4624', 'system|*']], [['*|7036', 'security|*']]] as const)('sends the events with a view whole, the rest without data unless the keys %j want it (their EventData left unread)', async (keys) => {
    const want = keys ? new EventDataKeys([...keys]) : null;
    let withData = 0;
    let without = 0;
    for (const [rel, b] of Object.entries(files)) {
      const expected = parseEvtxBytes(b).records.map((raw) => {
        const e = normaliseEvent(raw, { evidence: rel });
        return e.view === null && !(want?.wants(e.channel, e.event_id) ?? false) ? { ...e, data: {} } : e;
      });
      for (const e of expected) if (Object.keys(e.data).length > 0) withData++; else without++;
      const got = await viewed(files, rel, keys ? [...keys] : undefined);
      expect(exactDifference(got.plain, expected)).toBeNull();
      expect(exactDifference(got.packed, expected)).toBeNull();
    }
    expect(withData).toBeGreaterThan(100);
    expect(without).toBeGreaterThan(100);
  });
});

/** What parse-file sends of `rel` (a file of `files`) with content `'counted'`, and the host tally of what it counted, through a function sink and a packing sink. */
async function counted(files: Record<string, Uint8Array>, rel: string, dataKeys?: string[]): Promise<{ sent: NormalisedEvent[]; tally: HostTally }[]> {
  const dir = tempEvidenceFolder(files);
  const req = { absPath: path.join(dir, rel), relPath: rel, format: 'evtx' as const, content: 'counted' as const, ...(dataKeys ? { dataKeys } : {}) };
  const cb = { progress: () => {}, isCancelled: () => false };
  const plain = { sent: [] as NormalisedEvent[], tally: new HostTally() };
  const packed = { sent: [] as NormalisedEvent[], tally: new HostTally() };
  await parseEvidenceFile(req, { ...cb, batch: async (b, t) => { plain.sent.push(...b); if (t) plain.tally.addTally(t); } });
  await parseEvidenceFile(req, { ...cb, batch: new PackingSink(async (b) => { packed.sent.push(...decodePackedBatch(b)); if (b.tally) packed.tally.addTally(b.tally); }) });
  return [plain, packed];
}

describe('parse-file: an EVTX file read for content "counted"', () => {
  const security = readFileSync(path.join(REPO_ROOT, 'assets/demo-evidence/DC01/Security.evtx'));
  const sysmon = readFileSync(path.join(REPO_ROOT, 'assets/demo-evidence/WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx'));
  const files = { 'Security.evtx': security, 'Sysmon.evtx': sysmon, 'big.evtx': bytes };

  // A counted record's System header is mapped only as far as its count needs (event-plan.ts
  // `WantsData.countsUnwanted`): what is sent and what is counted are still those of the whole read.
  it.each([[undefined], [['security|4624', 'system|*']]] as const)('sends the events with a view or data the keys %j want, as the whole read gives them, and counts the rest as their whole events', async (keys) => {
    const want = keys ? new EventDataKeys([...keys]) : null;
    let sentEvents = 0;
    let countedEvents = 0;
    for (const [rel, b] of Object.entries(files)) {
      const whole = parseEvtxBytes(b).records.map((raw) => normaliseEvent(raw, { evidence: rel }));
      const wanted = (e: NormalisedEvent) => want?.wants(e.channel, e.event_id) ?? false;
      const isSent = (e: NormalisedEvent) => e.view !== null || wanted(e);
      const expected = whole.filter(isSent).map((e) => (wanted(e) ? e : { ...e, data: {} }));
      const ref = new HostTally();
      ref.add(whole.filter((e) => !isSent(e)));
      sentEvents += expected.length;
      countedEvents += whole.length - expected.length;
      for (const got of await counted(files, rel, keys ? [...keys] : undefined)) {
        expect(exactDifference(got.sent, expected)).toBeNull();
        expect(got.tally.result()).toEqual(ref.result());
      }
    }
    expect(sentEvents).toBeGreaterThan(100);
    expect(countedEvents).toBeGreaterThan(1000);
  });
});

describe('parse-file: an EVTX file sent record by record', () => {
  it('sends every record in file order, in full batches and a last one, each batch waited for', async () => {
    const expected = parseEvtxBytes(bytes).records.map((raw) => normaliseEvent(raw, { evidence: 'big.evtx' }));
    expect(expected).toHaveLength(4500);
    const batches: NormalisedEvent[][] = [];
    let inSink = 0;
    let overlapped = false;
    let chunks = 0;
    const chunksAtBatch: number[] = [];
    const r = await parseEvidenceFile({ absPath: path.join(root, 'big.evtx'), relPath: 'big.evtx', format: 'evtx' }, {
      batch: async (b) => {
        if (inSink > 0) overlapped = true;
        inSink++;
        batches.push(b);
        chunksAtBatch.push(chunks);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inSink--;
      },
      progress: () => { chunks++; if (inSink > 0) overlapped = true; }, // once per chunk, after its backpressure
      isCancelled: () => false,
    });
    expect(r.summary).toMatchObject({ records: 4500, fatal: null, errors: 0 });
    expect(batches.map((b) => b.length)).toEqual([2000, 2000, 500]);
    expect(batches.flat()).toEqual(expected);
    expect(overlapped).toBe(false);
    expect(chunksAtBatch[0]).toBeGreaterThan(0);
  });

  it('sends an archive member\'s records the same way: in file order, in full batches and a last one', async () => {
    const expected = parseEvtxBytes(bytes).records.map((raw) => normaliseEvent(raw, { evidence: 'logs.zip!/big.evtx' }));
    const dir = tempEvidenceFolder({ 'logs.zip': zipSync({ 'big.evtx': bytes }, { level: 1 }) });
    const batches: NormalisedEvent[][] = [];
    let inSink = 0;
    let overlapped = false;
    const r = await parseEvidenceFile({ absPath: path.join(dir, 'logs.zip'), relPath: 'logs.zip', format: 'zip' }, {
      batch: async (b) => {
        if (inSink > 0) overlapped = true;
        inSink++;
        batches.push(b);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inSink--;
      },
      progress: () => {},
      isCancelled: () => false,
    });
    expect(r.members.map((m) => m.summary.records)).toEqual([4500]);
    expect(batches.map((b) => b.length)).toEqual([2000, 2000, 500]);
    expect(batches.flat()).toEqual(expected);
    expect(overlapped).toBe(false);
  });

  it('ends the read with the sink\'s error (a fatal issue of the file), no rejection left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      let calls = 0;
      const r = await parseEvidenceFile({ absPath: path.join(root, 'big.evtx'), relPath: 'big.evtx', format: 'evtx' }, {
        batch: async () => {
          calls++;
          await new Promise((resolve) => setTimeout(resolve, 1));
          throw new Error('sink is gone');
        },
        progress: () => {},
        isCancelled: () => false,
      });
      expect(r.summary.fatal).toMatchObject({ code: 'read_failed', message: 'sink is gone' });
      expect(calls).toBe(1);
      // an archive member: its own fatal issue, its records counted up to the batch that failed
      const dir = tempEvidenceFolder({ 'logs.zip': zipSync({ 'big.evtx': bytes }, { level: 1 }) });
      const z = await parseEvidenceFile({ absPath: path.join(dir, 'logs.zip'), relPath: 'logs.zip', format: 'zip' }, {
        batch: async () => { await new Promise((resolve) => setTimeout(resolve, 1)); throw new Error('sink is gone'); },
        progress: () => {},
        isCancelled: () => false,
      });
      expect(z.members.map((m) => [m.summary.records, m.summary.fatal?.message])).toEqual([[2000, 'sink is gone']]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
