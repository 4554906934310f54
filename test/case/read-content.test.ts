/**
 * readCase's event content (src-main/case/read-case.ts, read-content.ts): a `'viewed'` read leaves
 * out the data of view-less events but for its `dataKeys`' ones, a `'counted'` read counts those
 * events instead; keys given by a function are taken when they come within a turn, and items made
 * while they have not come yet read `'all'` (a triage's rules still loading never holds the read up).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCase, type ReadCaseOptions } from '../../src-main/case/read-case';
import { WorkerPool } from '../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import type { NormalisedEvent } from '../../src-main/model/event';
import { tallyEvents, type TallyRow } from '../../src-main/evidence-reading/event-tally';
import { REPO_ROOT } from '../helpers/paths';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');

/** Per channel|EventID of the view-less events read: how many, and how many with data; under `counted`, the events counted in tallies instead. */
async function viewless(pool: WorkerPool, opts: Partial<ReadCaseOptions>): Promise<Map<string, { n: number; withData: number }>> {
  const out = new Map<string, { n: number; withData: number }>();
  const onEvents = (batch: readonly NormalisedEvent[], tally: readonly TallyRow[] | null) => {
    if (tally !== null) { const c = out.get('counted') ?? { n: 0, withData: 0 }; c.n += tallyEvents(tally); out.set('counted', c); }
    for (const e of batch) {
      if (e.view !== null) continue;
      const k = `${e.channel?.toLowerCase()}|${e.event_id}`;
      const c = out.get(k) ?? { n: 0, withData: 0 };
      c.n++;
      if (Object.keys(e.data).length > 0) c.withData++;
      out.set(k, c);
    }
  };
  await readCase(DEMO, { jobId: 'content', pool, onEvents, ...opts });
  return out;
}

describe('readCase event content', () => {
  it('"viewed" keeps the data of the keys\' view-less events, given at once or by a function that answers within a turn', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const all = await viewless(pool, {});
      const keyed = [...all.keys()].sort()[0]!;
      expect(all.size).toBeGreaterThan(1);
      for (const dataKeys of [[keyed], () => Promise.resolve([keyed])]) {
        const viewed = await viewless(pool, { eventContent: 'viewed', dataKeys });
        for (const [k, c] of all) {
          expect(viewed.get(k)?.n).toBe(c.n);
          expect(viewed.get(k)?.withData).toBe(k === keyed ? c.withData : 0);
        }
      }
      expect(all.get(keyed)!.withData).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('"counted" sends the keys\' view-less events with their data and counts the rest instead', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const all = await viewless(pool, {});
      const keyed = [...all.keys()].sort()[0]!;
      for (const dataKeys of [[keyed], () => Promise.resolve([keyed])]) {
        const counted = await viewless(pool, { eventContent: 'counted', dataKeys });
        expect(counted.get(keyed)).toEqual(all.get(keyed));
        const rest = [...all].filter(([k]) => k !== keyed).reduce((n, [, c]) => n + c.n, 0);
        expect(rest).toBeGreaterThan(100);
        expect(counted.get('counted')?.n).toBe(rest);
        expect(counted.size).toBe(2);
      }
    } finally {
      await pool.close();
    }
  });

  it('reads "all" while keys given by a function have not come, and when they are null', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const all = await viewless(pool, {});
      for (const dataKeys of [() => new Promise<string[]>(() => {}), () => Promise.resolve(null)]) {
        for (const eventContent of ['viewed', 'counted'] as const) expect(await viewless(pool, { eventContent, dataKeys })).toEqual(all);
      }
    } finally {
      await pool.close();
    }
  });
});
