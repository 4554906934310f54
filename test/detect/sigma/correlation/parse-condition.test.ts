/** conditionHolds: each operator of spec "Condition", and ranges as the AND of their criteria. */
import { describe, expect, it } from 'vitest';
import { conditionHolds, parseCondition } from '../../../../src-main/detect/sigma/correlation/parse-condition';
import type { CorrelationCondition } from '../../../../src-main/detect/sigma/correlation/correlation-types';

function cond(value: Record<string, unknown>): CorrelationCondition {
  const r = parseCondition(value, 'event_count', 1);
  if (!r.ok) throw new Error(r.reason);
  return r.condition;
}
const holds = (c: CorrelationCondition) => [1, 2, 3, 4, 5].filter((n) => conditionHolds(c, n));

describe('conditionHolds', () => {
  it('applies each operator', () => {
    expect(holds(cond({ gt: 3 }))).toEqual([4, 5]);
    expect(holds(cond({ gte: 3 }))).toEqual([3, 4, 5]);
    expect(holds(cond({ lt: 3 }))).toEqual([1, 2]);
    expect(holds(cond({ lte: 3 }))).toEqual([1, 2, 3]);
    expect(holds(cond({ eq: 3 }))).toEqual([3]);
    expect(holds(cond({ neq: 3 }))).toEqual([1, 2, 4, 5]);
  });

  it('joins several criteria with AND (a range)', () => {
    expect(holds(cond({ gt: 1, lte: 4 }))).toEqual([2, 3, 4]);
    expect(holds(cond({ gte: 2, neq: 3, lt: 5 }))).toEqual([2, 4]);
  });

  it('temporal defaults to all rules; temporal_ordered refuses a partial sequence', () => {
    const t = parseCondition(undefined, 'temporal', 3);
    expect(t.ok && t.condition.bounds).toEqual([{ op: 'gte', value: 3 }]);
    expect(parseCondition({ gte: 3 }, 'temporal_ordered', 3).ok).toBe(true);
    expect(parseCondition({ lte: 3 }, 'temporal_ordered', 3)).toMatchObject({ ok: false, code: 'unsupported-correlation' });
  });
});
