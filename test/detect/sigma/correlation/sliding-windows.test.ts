/** slidingBursts on hand-made sorted entries: window ends, the metric per type, burst merging. */
import { describe, expect, it } from 'vitest';
import { slidingBursts } from '../../../../src-main/detect/sigma/correlation/sliding-windows';
import { sortEntries, type Entry } from '../../../../src-main/detect/sigma/correlation/bursts';
import type { CorrelationCondition } from '../../../../src-main/detect/sigma/correlation/correlation-types';

const gte = (n: number): CorrelationCondition => ({ bounds: [{ op: 'gte', value: n }], field: null });

function entries(spec: [number, number, string?][]): Entry<null>[] {
  const out = spec.map(([timeMs, rule, value], seq) => ({ timeMs, rule, value: value ?? null, seq, ref: null }));
  sortEntries(out);
  return out;
}

describe('slidingBursts', () => {
  it('event_count: trailing windows, inclusive of T − span', () => {
    const e = entries([[0, 0], [10, 0], [20, 0]]);
    expect(slidingBursts(e, 'event_count', gte(3), 20, 1).map((b) => [b.firstMs, b.lastMs, b.fireMs, b.count])).toEqual([[0, 20, 20, 3]]);
    expect(slidingBursts(e, 'event_count', gte(3), 19, 1)).toEqual([]);
  });

  it('merges windows sharing an entry, splits at a gap', () => {
    const e = entries([[0, 0], [5, 0], [10, 0], [15, 0], [100, 0], [105, 0]]);
    expect(slidingBursts(e, 'event_count', gte(2), 5, 1).map((b) => b.members)).toEqual([[0, 1, 2, 3], [4, 5]]);
  });

  it('value_count counts distinct values, temporal distinct rules', () => {
    const v = entries([[0, 0, 'a'], [1, 0, 'a'], [2, 0, 'b']]);
    expect(slidingBursts(v, 'value_count', gte(2), 10, 1).map((b) => b.count)).toEqual([2]);
    expect(slidingBursts(v, 'value_count', gte(3), 10, 1)).toEqual([]);
    const t = entries([[0, 0], [1, 0], [2, 1]]);
    expect(slidingBursts(t, 'temporal', gte(2), 10, 2).map((b) => [b.count, b.priority])).toEqual([[2, [0, 2]]]);
    expect(slidingBursts(entries([[0, 0], [2, 1]]), 'temporal', gte(2), 1, 2)).toEqual([]);
  });
});
