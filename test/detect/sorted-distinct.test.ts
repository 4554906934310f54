/** The bounded sorted set a finding keeps its values and writer GUIDs in. */
import { describe, expect, it } from 'vitest';
import { addSortedDistinct } from '../../src-main/detect/sorted-distinct';

describe('addSortedDistinct', () => {
  it('keeps the values sorted and distinct, whatever the arrival order', () => {
    const a: string[] = [];
    for (const v of ['m', 'b', 'z', 'b', 'a', 'm', 'B']) addSortedDistinct(a, v, 10);
    expect(a).toEqual(['B', 'a', 'b', 'm', 'z']);
  });

  it('keeps only the `max` that sort first: later smaller values push larger ones out, larger ones are not added', () => {
    const a: string[] = [];
    for (const v of ['d', 'e', 'f']) addSortedDistinct(a, v, 3);
    addSortedDistinct(a, 'g', 3);
    expect(a).toEqual(['d', 'e', 'f']);
    addSortedDistinct(a, 'a', 3);
    expect(a).toEqual(['a', 'd', 'e']);
    addSortedDistinct(a, 'a', 3);
    expect(a).toEqual(['a', 'd', 'e']);
    // The same set, whichever order 1,000 values come in.
    const values = Array.from({ length: 1000 }, (_, i) => `v${String(i).padStart(4, '0')}`);
    const shuffled = [...values].sort((x, y) => ((x.charCodeAt(4) * 7919) % 13) - ((y.charCodeAt(4) * 7919) % 13) || (x < y ? 1 : -1));
    const b: string[] = [];
    for (const v of shuffled) addSortedDistinct(b, v, 20);
    expect(b).toEqual(values.slice(0, 20));
  });

  it('keeps nothing with a bound of 0', () => {
    const a: string[] = [];
    addSortedDistinct(a, 'x', 0);
    expect(a).toEqual([]);
  });
});
