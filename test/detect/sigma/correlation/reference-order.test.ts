/** referenceOrder: inner correlations before the ones that refer to them; cycles and duplicates refused. */
import { describe, expect, it } from 'vitest';
import { referenceOrder } from '../../../../src-main/detect/sigma/correlation/reference-order';
import { corr } from './helpers';

const LINK = corr('title: C\ncorrelation: {type: event_count, rules: [x], timespan: 1m, condition: {gte: 1}}');
const chainLink = (i: number, ref: string) => ({ ...LINK, title: `C${i}`, name: `c${i}`, rules: [ref], path: `c${i}.yml` });

describe('referenceOrder', () => {
  it('orders a deep chain inner-first without recursion', () => {
    // Listed outermost first: c4999 → … → c0 → base.
    const rules = Array.from({ length: 5000 }, (_, k) => 4999 - k).map((i) => chainLink(i, i === 0 ? 'base' : `c${i - 1}`));
    const { order, errors } = referenceOrder(rules);
    expect(errors).toEqual([]);
    expect(order.map((i) => rules[i]!.name)).toEqual(Array.from({ length: 5000 }, (_, i) => `c${i}`));
  });

  it('refuses every correlation on a cycle, and a self reference', () => {
    const rules = [chainLink(0, 'c2'), chainLink(1, 'c0'), chainLink(2, 'c1'), chainLink(3, 'c3'), chainLink(4, 'base')];
    const { order, errors } = referenceOrder(rules);
    expect(order.map((i) => rules[i]!.name)).toEqual(['c4']);
    expect(errors.map((e) => [e.path, e.code]).sort()).toEqual([['c0.yml', 'correlation-cycle'], ['c1.yml', 'correlation-cycle'], ['c2.yml', 'correlation-cycle'], ['c3.yml', 'correlation-cycle']]);
  });

  it('refuses a second correlation with the same id or name', () => {
    const { order, errors } = referenceOrder([chainLink(0, 'base'), chainLink(0, 'other')]);
    expect(order).toEqual([0]);
    expect(errors).toMatchObject([{ code: 'duplicate-id', reason: expect.stringContaining('"c0" is already used by c0.yml') }]);
  });
});
