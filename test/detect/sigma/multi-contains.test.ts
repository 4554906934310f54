/** The one-pass "contains any of" test agrees with one `includes` per literal. */
import { describe, expect, it } from 'vitest';
import { multiContainsTest } from '../../../src-main/detect/sigma/multi-contains';
import { detects } from './helpers';

describe('multiContainsTest', () => {
  it('agrees with includes on generated literals and values (surrogate pairs included)', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    const units = ['a', 'b', 'c', '\u{1F600}', '\u{1F601}', '\\'];
    const word = (max: number): string => Array.from({ length: 1 + rnd(max) }, () => units[rnd(units.length)]).join('');
    for (let i = 0; i < 2000; i++) {
      const lits = Array.from({ length: 1 + rnd(12) }, () => word(3));
      const v = rnd(5) === 0 ? '' : word(10);
      expect(multiContainsTest(lits)(v), `${JSON.stringify(lits)} in ${JSON.stringify(v)}`).toBe(lits.some((l) => v.includes(l)));
    }
  });
  it('is used for long contains lists, keeping null and case-insensitivity', () => {
    const list = Array.from({ length: 20 }, (_, i) => `tok${i}x`);
    const sel = `s:\n  CommandLine|contains:\n${list.map((l) => `    - '${l}'`).join('\n')}\ncondition: s`;
    expect(detects(sel, { CommandLine: 'a TOK13X b' })).toBe(true);
    expect(detects(sel, { CommandLine: 'a tok13 b' })).toBe(false);
    const withNull = `s:\n  CommandLine|contains:\n${list.map((l) => `    - '${l}'`).join('\n')}\n    - null\ncondition: s`;
    expect(detects(withNull, { Image: 'x' })).toBe(true);
  });
});
