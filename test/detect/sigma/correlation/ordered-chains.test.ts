/** orderedBursts on hand-made sorted entries: order, ties, the tightest chain, the span. */
import { describe, expect, it } from 'vitest';
import { orderedBursts } from '../../../../src-main/detect/sigma/correlation/ordered-chains';
import { sortEntries, type Entry } from '../../../../src-main/detect/sigma/correlation/bursts';

function entries(spec: [number, number][]): Entry<string>[] {
  const out = spec.map(([timeMs, rule], seq) => ({ timeMs, rule, value: null, seq, ref: `${rule}@${timeMs}` }));
  sortEntries(out);
  return out;
}
const refs = (e: Entry<string>[], members: number[]) => members.map((i) => e[i]!.ref);

describe('orderedBursts', () => {
  it('needs each rule at or after the previous one', () => {
    expect(orderedBursts(entries([[0, 0], [1, 1], [2, 2]]), 10, 3)).toHaveLength(1);
    expect(orderedBursts(entries([[0, 0], [2, 1], [1, 2]]), 10, 3)).toEqual([]);
    expect(orderedBursts(entries([[1, 2], [1, 1], [1, 0]]), 10, 3)).toHaveLength(1);
  });

  it('finds the chain with the latest start for each last hit', () => {
    const e = entries([[0, 0], [50, 0], [55, 1], [60, 2]]);
    const [b] = orderedBursts(e, 10, 3);
    expect(b && [b.firstMs, b.lastMs, refs(e, b.members)]).toEqual([50, 60, ['0@50', '1@55', '2@60']]);
    expect(orderedBursts(e, 9, 3)).toEqual([]);
  });

  it('a middle rule before the first one does not count', () => {
    expect(orderedBursts(entries([[0, 1], [1, 0], [2, 2]]), 10, 3)).toEqual([]);
  });
});
