/**
 * The worker's JIT warm-up (src-main/worker/warm-up.ts): bounded, stopped by the first item, never
 * a crash on a bad sample, and invisible in what a read returns.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalisedEvent } from '../../src-main/model/event';
import { WorkerPool } from '../../src-main/evidence-reading/pool';
import { threadCpuMs, warmUpParser, warmUpSamples } from '../../src-main/evidence-reading/warm-up';
import type { PackedBatchEncoder } from '../../src-main/evidence-reading/packed-batch-encode';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import { REPO_ROOT } from '../helpers/paths';
import { tempEvidenceFolder } from '../helpers/temp-evidence';

const DEMO = path.join(REPO_ROOT, 'assets', 'demo-evidence');
const SAMPLE = path.join(DEMO, 'DC01', 'Security.evtx');
const WARM_UP = path.join(REPO_ROOT, 'assets', 'warm-up');

describe('warmUpParser', () => {
  it('lists every file of the demo evidence as the built-in samples, sorted, and none for a missing folder', () => {
    const samples = warmUpSamples(DEMO);
    expect(samples.filter((f) => f.endsWith('.evtx')).length).toBeGreaterThanOrEqual(5);
    expect(samples).toContain(path.join(DEMO, 'WS-FIN-07', 'intrusion-sysmon-export.xml'));
    expect(samples.every((f) => f.startsWith(DEMO))).toBe(true);
    expect(samples).toEqual([...samples].sort());
    expect(warmUpSamples(path.join(DEMO, 'no-such-folder'))).toEqual([]);
  });

  it('reads the synthetic System log first by default, then its JSON lines, then the demo evidence', () => {
    const samples = warmUpSamples();
    expect(samples.slice(0, 4)).toEqual(['System.evtx', 'evtx-dump.jsonl', 'nxlog.jsonl', 'winlogbeat.jsonl'].map((f) => path.join(WARM_UP, f)));
    expect(samples.slice(4)).toEqual(warmUpSamples(DEMO));
    expect(warmUpSamples([path.join(DEMO, 'no-such-folder'), DEMO])).toEqual(warmUpSamples(DEMO));
  });

  it('reads JSON lines and Event XML samples too, and packs what it reads as a worker does', async () => {
    for (const file of ['nxlog.jsonl', 'winlogbeat.jsonl', 'evtx-dump.jsonl'].map((f) => path.join(WARM_UP, f)).concat(path.join(DEMO, 'WS-FIN-07', 'intrusion-sysmon-export.xml'))) {
      const encoders: PackedBatchEncoder[] = [];
      const r = await warmUpParser([file], () => false, { maxRecords: 300, maxMs: 60_000 }, encoders);
      expect(r, file).toMatchObject({ ended: 'done' });
      expect(r.records, file).toBeGreaterThanOrEqual(300);
      // every batch was packed and sent: the encoder went back to the worker's spares
      expect(encoders.length, file).toBe(1);
      expect(encoders[0]!.events, file).toBe(0);
    }
  });

  it('passes over samples of no format a worker reads', async () => {
    const root = tempEvidenceFolder({ 'notes.txt': 'just some words\n' });
    await expect(warmUpParser([path.join(root, 'notes.txt')], () => false)).resolves.toMatchObject({ ended: 'no-samples', records: 0 });
    const r = await warmUpParser([path.join(root, 'notes.txt'), SAMPLE], () => false, { maxRecords: 100, maxMs: 60_000 });
    expect(r).toMatchObject({ ended: 'done' });
  });

  it('parses the samples pass after pass until its record budget', async () => {
    const r = await warmUpParser([SAMPLE], () => false, { maxRecords: 600, maxMs: 60_000 });
    expect(r.ended).toBe('done');
    expect(r.records).toBeGreaterThanOrEqual(600);
    expect(r.passes).toBeGreaterThanOrEqual(2); // DC01/Security.evtx holds fewer than 600 records
  });

  it('then parses the EVTX samples\' chunks again up to its chunk budget, and stops there too when work arrives', async () => {
    const r = await warmUpParser([SAMPLE], () => false, { maxRecords: 100, maxChunks: 10, maxMs: 60_000 });
    expect(r).toMatchObject({ ended: 'done', chunks: 10 });
    expect(r.records).toBeLessThan(1000); // the chunks after the budget are not counted as records read
    let calls = 0;
    const stopped = await warmUpParser([SAMPLE], () => ++calls > 8, { maxRecords: 100, maxChunks: 1000, maxMs: 60_000 });
    expect(stopped.ended).toBe('work');
    expect(stopped.chunks).toBeGreaterThan(0);
    expect(stopped.chunks).toBeLessThan(10);
    // text samples alone: no chunk to parse
    const text = await warmUpParser([path.join(WARM_UP, 'nxlog.jsonl')], () => false, { maxRecords: 50, maxMs: 60_000 });
    expect(text).toMatchObject({ ended: 'done', chunks: 0 });
  });

  it('stops at its time limit, and at once when work arrives', async () => {
    const timed = await warmUpParser([SAMPLE], () => false, { maxRecords: 1e9, maxMs: 1 });
    expect(timed.ended).toBe('time');
    const stopped = await warmUpParser([SAMPLE], () => true);
    expect(stopped).toMatchObject({ ended: 'work', records: 0 });
    let chunks = 0;
    const soon = await warmUpParser([SAMPLE], () => ++chunks > 2, { maxRecords: 1e9, maxMs: 60_000 });
    expect(soon.ended).toBe('work');
    expect(soon.passes).toBe(1);
    let turns = 0;
    const midText = await warmUpParser([path.join(WARM_UP, 'nxlog.jsonl')], () => ++turns > 3, { maxRecords: 1e9, maxMs: 60_000 });
    expect(midText.ended).toBe('work');
    expect(midText.records).toBeGreaterThan(0);
    expect(midText.records).toBeLessThan(100); // of the file's 160: it gave way within the file
  });

  it('stops at its CPU budget (the thread\'s own CPU time, where it can be read), which it reports', async () => {
    const cpuReadable = !Number.isNaN(threadCpuMs());
    const r = await warmUpParser([SAMPLE], () => false, { maxRecords: 1e9, maxCpuMs: 30, maxMs: 60_000 });
    if (!cpuReadable) {
      expect(r.ended).toBe('time'); // only the wall clock bounds it there
      return;
    }
    expect(r.ended).toBe('cpu');
    expect(r.cpuMs).toBeGreaterThanOrEqual(30);
    expect(r.records).toBeGreaterThan(0);
    // a budget it does not reach leaves the record budget to end it, and the CPU it took is reported
    const done = await warmUpParser([SAMPLE], () => false, { maxRecords: 200, maxCpuMs: 60_000, maxMs: 60_000 });
    expect(done.ended).toBe('done');
    expect(done.cpuMs).toBeGreaterThan(0);
  });

  it('reports a sample it cannot read instead of throwing, and says when there is none', async () => {
    const root = tempEvidenceFolder({ 'not.evtx': 'ElfFile\0 but nothing else' });
    await expect(warmUpParser([path.join(root, 'not.evtx')], () => false)).resolves.toMatchObject({ ended: 'error', error: expect.any(String) });
    await expect(warmUpParser([path.join(root, 'gone.evtx')], () => false)).resolves.toMatchObject({ ended: 'error' });
    await expect(warmUpParser([], () => false)).resolves.toMatchObject({ ended: 'no-samples', records: 0 });
  });
});

describe('WorkerPool.warmUp', () => {
  const readAll = async (pool: WorkerPool, file: string): Promise<NormalisedEvent[]> => {
    const events: NormalisedEvent[] = [];
    const r = await pool.run({ kind: 'parse-file', absPath: file, relPath: 'x.evtx', format: 'evtx' }, () => {}, undefined, (b) => { events.push(...b); });
    expect(r.summary.records).toBe(events.length);
    return events;
  };

  it('warms every worker, and a warmed worker reads the same events as a fresh one', async () => {
    const fresh = new WorkerPool(ingestWorkerScript(), 1);
    const warm = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const reports = await warm.warmUp(warmUpSamples(DEMO), { maxRecords: 2_000, maxMs: 600_000 });
      expect(reports).toHaveLength(2);
      for (const r of reports) expect(r).toMatchObject({ ended: 'done' });
      for (const r of reports) expect(r.records).toBeGreaterThanOrEqual(2_000);
      // every event the warm-ups read was packed, posted and decoded here (then dropped)
      expect(warm.warmUpEvents).toBe(reports[0]!.records + reports[1]!.records);
      const file = path.join(DEMO, 'WS-FIN-07', 'Microsoft-Windows-Sysmon%4Operational.evtx');
      const expected = await readAll(fresh, file);
      expect(expected.length).toBeGreaterThan(0);
      expect(await readAll(warm, file)).toEqual(expected);
    } finally {
      await Promise.all([fresh.close(), warm.close()]);
    }
  }, 120_000);

  it('warms only the workers it is asked to start; a worker started for an item later reads it unwarmed', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const warming = pool.warmUp(warmUpSamples(DEMO), { maxRecords: 1e9, maxMs: 120_000 }, 1);
      expect(pool.workerCount).toBe(1);
      const [a, b] = await Promise.all([readAll(pool, SAMPLE), readAll(pool, SAMPLE)]);
      expect(pool.workerCount).toBe(2);
      expect(a.length).toBeGreaterThan(0);
      expect(b).toEqual(a);
      expect((await warming).map((r) => r.ended)).toEqual(['work']);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('gives way to the first item: the warm-up ends with `work` and the item is read in full', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 1);
    try {
      const warming = pool.warmUp(warmUpSamples(DEMO), { maxRecords: 1e9, maxMs: 120_000 });
      const events = await readAll(pool, SAMPLE);
      expect(events.length).toBeGreaterThan(0);
      const [report] = await warming;
      expect(report!.ended).toBe('work');
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('ends every worker\'s warm-up at the pool\'s first item, not only that of the worker it goes to', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const warming = pool.warmUp(warmUpSamples(DEMO), { maxRecords: 1e9, maxMs: 120_000 });
      expect((await readAll(pool, SAMPLE)).length).toBeGreaterThan(0);
      const reports = await warming;
      expect(reports.map((r) => r.ended)).toEqual(['work', 'work']);
      // A warm-up asked for while the pool has work stops at once.
      const busy = pool.run({ kind: 'parse-file', absPath: SAMPLE, relPath: 'x.evtx', format: 'evtx' });
      const again = await pool.warmUp(warmUpSamples(DEMO), { maxRecords: 1e9, maxMs: 120_000 });
      expect(again.map((r) => r.ended)).toEqual(['work', 'work']);
      await busy;
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('answers a pending warm-up when the pool closes', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 1);
    const warming = pool.warmUp(warmUpSamples(DEMO), { maxRecords: 1e9, maxMs: 120_000 });
    await pool.close();
    await expect(warming).resolves.toMatchObject([{ ended: 'error', error: 'worker pool is closed' }]);
  });
});
