import { describe, expect, it } from 'vitest';
import { SlicedJob } from '../../../src-renderer/lib/sliced-job';

/** Work of `n` slices: each call does one slice and says whether it was the last. */
const work = (n: number) => { let done = 0; return { slice: () => ++done >= n, get done() { return done; } }; };
const opts = { sliceMs: 5, priority: 'background' as const, step: 'test' };

describe('a job of short slices', () => {
  it('finishes at once, in the caller\'s task, when the first slice does all the work', () => {
    const job = new SlicedJob();
    let finished = 0;
    expect(job.run(work(1).slice, () => finished++, opts)).toBe(true);
    expect(finished).toBe(1);
  });

  it('runs the rest in later tasks, after what `before` waits for', async () => {
    const job = new SlicedJob();
    const w = work(4);
    let waits = 0;
    const done = new Promise<void>((resolve) => { expect(job.run(w.slice, resolve, { ...opts, before: async () => { waits++; } })).toBe(false); });
    expect(w.done).toBe(1);
    await done;
    expect(w.done).toBe(4);
    expect(waits).toBe(3);
  });

  it('drops a run when the job is started again or stopped: its done never runs', async () => {
    const job = new SlicedJob();
    const calls: string[] = [];
    job.run(work(3).slice, () => calls.push('first'), opts);
    await new Promise<void>((resolve) => job.run(work(2).slice, () => { calls.push('second'); resolve(); }, opts));
    job.run(work(3).slice, () => calls.push('third'), opts);
    job.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(['second']);
  });
});
