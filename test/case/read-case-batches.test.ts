/**
 * Small files are read several to a work item (`parse-files`), each with its own outcome; when
 * the worker dies inside a batch, the files it finished keep their results, the one it was
 * reading fails with the reason, and the ones it had not started are read alone: none twice.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCase } from '../../src-main/case/read-case';
import type { ParseOutcome, WorkItem } from '../../src-main/evidence-reading/messages';
import { WorkerPool, WorkerTaskError } from '../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import { REPO_ROOT } from '../helpers/paths';
import { tempEvidenceFolder } from '../helpers/temp-evidence';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');

/** An Event XML file of `n` events, each with a distinct EventRecordID. */
function xmlEvents(file: number, n: number): string {
  const ev = (i: number) => `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="T"/><EventID>${4000 + file}</EventID><EventRecordID>${file * 100 + i}</EventRecordID><Computer>H${file}</Computer></System></Event>`;
  return `<Events>${Array.from({ length: n }, (_, i) => ev(i)).join('')}</Events>`;
}

describe('readCase with small files batched', () => {
  it('reads the demo evidence in fewer items than files, with the events of each file once', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    const items: WorkItem[] = [];
    const run = pool.run.bind(pool);
    pool.run = ((item, ...rest) => { items.push(item); return run(item, ...rest); }) as typeof pool.run;
    try {
      // The same case on one worker (other batches, other order) gives the same files and counts.
      const onePool = new WorkerPool(ingestWorkerScript(), 1);
      const alone = await readCase(DEMO, { jobId: 'alone', pool: onePool }).finally(() => onePool.close());
      let events = 0;
      const batched = await readCase(DEMO, { jobId: 'batched', pool, onEvents: (b) => { events += b.length; } });
      const parses = items.filter((i) => i.kind === 'parse-files');
      expect(parses.length).toBeGreaterThan(0);
      const read = items.flatMap((i) => (i.kind === 'parse-files' ? i.items.map((x) => x.relPath) : i.kind === 'parse-file' ? [i.relPath] : []));
      expect(read.sort()).toEqual(batched.evidence.filter((e) => e.records !== null).map((e) => e.path).sort());
      expect(events).toBe(batched.stats.events);
      const counts = (s: typeof alone) => s.evidence.map((e) => [e.path, e.records, e.errors, e.sha256]);
      expect(counts(batched)).toEqual(counts(alone));
    } finally {
      await pool.close();
    }
  });

  it('after a worker dies in a batch: finished files kept, the file being read failed, the rest read alone once', async () => {
    const files: Record<string, string> = {};
    for (let f = 0; f < 6; f++) files[`f${f}.xml`] = xmlEvents(f, 3 + f);
    const root = tempEvidenceFolder(files);
    const pool = new WorkerPool(ingestWorkerScript(), 1);
    const parsed: string[] = [];
    const run = pool.run.bind(pool);
    let crashed = false;
    // A pool whose first batch dies on its second file: the first is read for real and reported
    // finished, then the item fails as a crashed worker's would.
    pool.run = (async (item: WorkItem, onProgress = () => {}, signal?: AbortSignal, onBatch = () => {}) => {
      if (item.kind === 'parse-files' && !crashed) {
        crashed = true;
        const first = item.items[0]!;
        parsed.push(first.relPath);
        const r = await run(first, () => {}, signal, onBatch);
        onProgress({ bytesDone: 1, events: r.summary.records, finished: { ok: true, relPath: first.relPath, summary: r.summary, members: r.members } satisfies ParseOutcome });
        parsed.push(item.items[1]!.relPath);
        throw new WorkerTaskError('worker_crashed', 'worker exited with code 1', { path: item.relPath });
      }
      if (item.kind === 'parse-file') parsed.push(item.relPath);
      if (item.kind === 'parse-files') parsed.push(...item.items.map((i) => i.relPath));
      return run(item, onProgress, signal, onBatch);
    }) as typeof pool.run;
    try {
      const seen = new Map<string, number>();
      const scan = await readCase(root, {
        jobId: 'crash', pool, workers: 1,
        onEvents: (b) => { for (const e of b) seen.set(e.dest ?? '', (seen.get(e.dest ?? '') ?? 0) + 1); },
      });
      expect(crashed).toBe(true);
      // Every file read exactly once.
      expect([...parsed].sort()).toEqual(Object.keys(files).sort());
      const failed = scan.evidence.filter((e) => e.error);
      expect(failed).toHaveLength(1);
      expect(failed[0]!.error).toMatch(/worker exited/);
      for (const e of scan.evidence.filter((x) => !x.error)) {
        const f = Number(e.path.slice(1, 2));
        expect(e.records).toBe(3 + f);
        expect(seen.get(`H${f}`)).toBe(3 + f);
      }
    } finally {
      await pool.close();
    }
  });
});
