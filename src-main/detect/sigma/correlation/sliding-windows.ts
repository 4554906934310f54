/**
 * Sliding windows for `event_count`, `value_count` and `temporal` (Sigma correlation rules
 * specification 2.1.0, "Correlation Types"; "Compatibility": a timespan must not be cut at fixed
 * boundaries, "a timespan of 1h only matches if all events appear within a full hour" is named as
 * a restriction that causes false negatives; "Temporal Proximity": "The time frame should not be
 * restricted to boundaries").
 *
 * Semantics (chosen here, stated because the spec leaves them open):
 * - A window ends at each distinct event time T of the group and holds every entry with
 *   T - timespan ≤ time ≤ T: both ends inclusive, so events exactly `timespan` apart are within
 *   the timespan; all entries at T are in (ties never depend on arrival order). Every set of
 *   events that fits in a timespan lies in the window ending at its latest event, so no match of
 *   a `gt`/`gte` condition is missed.
 * - The metric of a window: its entries (`event_count`), its distinct values of the condition's
 *   field (`value_count`; hits without it were never entered, as `dc()` skips nulls), its
 *   distinct referenced rules (`temporal`).
 * - A match is a burst: consecutive matching windows that share an entry are merged into one
 *   match (its events: their union; its count: the largest metric; its fire time: the end of its
 *   first window). A group fires again only for a matching window that shares no event with the
 *   previous match, so no event is counted twice and a long run is one match, not one per event.
 */
import type { CorrelationCondition, CorrelationType } from './correlation-types';
import { conditionHolds } from './parse-condition';
import type { Burst, Entry } from './bursts';
import { range } from './bursts';

/** `entries` must be sorted (sortEntries). */
export function slidingBursts<R>(entries: readonly Entry<R>[], type: CorrelationType, condition: CorrelationCondition, spanMs: number, ruleCount: number): Burst[] {
  const bursts: Burst[] = [];
  const tally = new Map<string | number, number>();
  const key = (e: Entry<R>): string | number => (type === 'value_count' ? e.value! : e.rule);
  const counted = type !== 'event_count';
  let lo = 0;
  let next = 0; // first entry not yet in the window
  let open: OpenBurst | null = null;
  while (next < entries.length) {
    const T = entries[next]!.timeMs;
    while (next < entries.length && entries[next]!.timeMs === T) {
      if (counted) bump(tally, key(entries[next]!), 1);
      next++;
    }
    while (entries[lo]!.timeMs < T - spanMs) {
      if (counted) bump(tally, key(entries[lo]!), -1);
      lo++;
    }
    const hi = next - 1;
    const metric = counted ? tally.size : hi - lo + 1;
    if (!conditionHolds(condition, metric)) continue;
    if (open !== null && lo <= open.hi) {
      open.hi = hi;
      open.count = Math.max(open.count, metric);
      open.heldMs.push(T);
    } else {
      if (open !== null) bursts.push(close(entries, open, type, ruleCount));
      open = { lo, hi, fireMs: T, count: metric, fireLo: lo, heldMs: [T] };
    }
  }
  if (open !== null) bursts.push(close(entries, open, type, ruleCount));
  return bursts;
}

interface OpenBurst {
  lo: number;
  hi: number;
  fireMs: number;
  count: number;
  /** The first matching window's first entry. */
  fireLo: number;
  heldMs: number[];
}

function close<R>(entries: readonly Entry<R>[], b: OpenBurst, type: CorrelationType, ruleCount: number): Burst {
  const priority: number[] = [];
  if (type === 'temporal') {
    // The first hit of each rule in the first matching window: the evidence that it matched.
    const seen = new Set<number>();
    for (let i = b.fireLo; i <= b.hi && seen.size < ruleCount; i++) {
      const r = entries[i]!.rule;
      if (!seen.has(r) && entries[i]!.timeMs <= b.fireMs) {
        seen.add(r);
        priority.push(i);
      }
    }
  }
  return { members: range(b.lo, b.hi), priority, firstMs: entries[b.lo]!.timeMs, lastMs: entries[b.hi]!.timeMs, fireMs: b.fireMs, heldMs: b.heldMs, count: b.count };
}

function bump(m: Map<string | number, number>, k: string | number, d: number): void {
  const n = (m.get(k) ?? 0) + d;
  if (n === 0) m.delete(k);
  else m.set(k, n);
}
