/**
 * The child side of a fuzz campaign: runs cases `from`..`to - 1` of the given targets and
 * reports each to the parent (`start` before, `done` after), so the parent always knows which
 * case was running when the child hangs, runs out of memory or dies.
 */
import type { FuzzTarget } from './target';

export type ChildMsg =
  | { t: 'start'; i: number; seed: string; mutation: string; bytes: number }
  | { t: 'done'; i: number; ms: number; events: number; lost: number; violations: string[]; rss: number; maxRss: number };

function caseTarget(targets: readonly FuzzTarget[], i: number): FuzzTarget {
  return targets[i % targets.length]!;
}

const send = (m: ChildMsg) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

export async function runChild(targets: readonly FuzzTarget[], from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const target = caseTarget(targets, i);
    let c;
    try {
      c = target.make(i);
    } catch (e) {
      await send({ t: 'start', i, seed: '?', mutation: '?', bytes: 0 });
      await send({ t: 'done', i, ms: 0, events: 0, lost: 0, violations: [`throw: ${target.name}.make(${i}): ${e instanceof Error ? e.stack : String(e)}`], rss: 0, maxRss: 0 });
      continue;
    }
    // what the case is, so that a hang or a crash can be reported with its seed and mutation
    await send({ t: 'start', i, seed: c.seed, mutation: c.mutation, bytes: c.bytes.length });
    const t0 = performance.now();
    let outcome;
    try {
      outcome = await target.check(c);
    } catch (e) {
      // a check never throws by design: anything here escaped a reader's API or broke the harness
      outcome = { events: 0, lost: 0, violations: [`throw: ${target.name} case ${i}: ${e instanceof Error ? e.stack : String(e)}`] };
    }
    const ms = performance.now() - t0;
    await send({ t: 'done', i, ms, ...outcome, rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 });
  }
  process.exit(0);
}
