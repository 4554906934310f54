/**
 * `temporal_ordered` (Sigma correlation rules specification 2.1.0, "Ordered Temporal Proximity"):
 * behaves like `temporal` "and requires in addition that the events appear in the order provided
 * in the rule attribute". A chain is one hit of each rule, in the listed order, with
 * time(rule 1) ≤ time(rule 2) ≤ … and last − first ≤ timespan (both ends inclusive, as for the
 * sliding windows). Equal times count as in order: a log's clock cannot order them, and the order
 * of arrival (across files) means nothing.
 *
 * One pass over the time-sorted entries finds, for each hit of the last rule, the chain ending
 * there with the latest possible start (the tightest one): the latest start reachable at stage k
 * is the latest start of any stage-(k−1) hit seen so far. Chains that overlap in time (a chain
 * starting before the previous one ended) are one match, as bursts of the sliding windows are.
 */
import type { Burst, Entry } from './bursts';

/** `entries` must be sorted (sortEntries: equal times by rule position). */
export function orderedBursts<R>(entries: readonly Entry<R>[], spanMs: number, ruleCount: number): Burst[] {
  const latestStart: (number | null)[] = new Array<number | null>(ruleCount).fill(null);
  const latestIdx: number[] = new Array<number>(ruleCount).fill(-1);
  const prev = new Int32Array(entries.length).fill(-1);
  const bursts: Burst[] = [];
  let open: OpenChains | null = null;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const k = e.rule;
    let start: number;
    if (k === 0) start = e.timeMs;
    else {
      const s = latestStart[k - 1];
      if (s === null || s === undefined) continue;
      start = s;
      prev[i] = latestIdx[k - 1]!;
    }
    if (latestStart[k] === null || start >= latestStart[k]!) {
      latestStart[k] = start;
      latestIdx[k] = i;
    }
    if (k !== ruleCount - 1 || e.timeMs - start > spanMs) continue;
    const chain: number[] = [];
    for (let j = i; j !== -1; j = prev[j]!) chain.push(j);
    if (open !== null && start <= open.lastMs) {
      for (const j of chain) open.members.add(j);
      open.lastMs = e.timeMs;
      open.heldMs.push(e.timeMs);
    } else {
      if (open !== null) bursts.push(close(open, ruleCount));
      open = { members: new Set(chain), first: chain.reverse(), firstMs: start, lastMs: e.timeMs, fireMs: e.timeMs, heldMs: [e.timeMs] };
    }
    open.firstMs = Math.min(open.firstMs, start);
  }
  if (open !== null) bursts.push(close(open, ruleCount));
  return bursts;
}

interface OpenChains {
  members: Set<number>;
  /** The first chain found: listed first when refs are capped. */
  first: number[];
  firstMs: number;
  lastMs: number;
  fireMs: number;
  heldMs: number[];
}

function close(b: OpenChains, ruleCount: number): Burst {
  const members = [...b.members].sort((x, y) => x - y);
  return { members, priority: b.first, firstMs: b.firstMs, lastMs: b.lastMs, fireMs: b.fireMs, heldMs: b.heldMs, count: ruleCount };
}
