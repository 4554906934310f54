/** The multi-literal finder of the rule gates: the same answers as one `includes` per literal. */
import { describe, expect, it } from 'vitest';
import { SubstringFinder } from '../../../src-main/detect/sigma/substring-finder';

function found(f: SubstringFinder, v: string, epoch: number): string[] {
  const out: number[] = [];
  f.find(v, epoch, out);
  return out.map((i) => f.literals[i]!).sort();
}

describe('SubstringFinder', () => {
  it('reports each literal found once per epoch, two- and three-unit heads alike', () => {
    const f = new SubstringFinder(['ab', 'abc', 'bcd', '\u{1f986}', 'zz', 'cmd.exe']);
    expect(found(f, 'xabcdx', 1)).toEqual(['ab', 'abc', 'bcd']);
    expect(found(f, 'abab', 2)).toEqual(['ab']);
    expect(found(f, 'duck \u{1f986}!', 3)).toEqual(['\u{1f986}']);
    expect(found(f, 'zz', 4)).toEqual(['zz']);
    expect(found(f, 'z', 5)).toEqual([]);
    expect(found(f, 'c:\\cmd.exe', 6)).toEqual(['cmd.exe']);
    // same epoch: already reported
    expect(found(f, 'c:\\cmd.exe', 6)).toEqual([]);
    expect(() => new SubstringFinder(['a'])).toThrow();
  });
  it('agrees with includes on random literals and values', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const alphabet = 'abc-/ \\.\u00e9\u{1f986}';
    const word = (min: number, max: number) => {
      let s = '';
      for (let n = min + rnd(max - min + 1); s.length < n;) s += alphabet[rnd(alphabet.length)];
      return s;
    };
    // 300 literals; then 5,000 (full hash table: long chains of heads that hash alike but differ)
    // 2 and 20 literals: most pairs of units start none (the pair filter skips most positions)
    for (const count of [2, 20, 300, 5000]) {
      const lits = [...new Set(Array.from({ length: count }, () => word(2, 6)))];
      const f = new SubstringFinder(lits);
      for (let i = 1; i <= 500; i++) {
        const v = word(0, 60);
        expect(found(f, v, i)).toEqual(lits.filter((l) => v.includes(l)).sort());
      }
    }
  });
  it('agrees with includes on literals sharing their heads (anchored inside), found at either end of a value', () => {
    let seed = 3;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[rnd(16)]).join('');
    const lits = [...new Set([...Array.from({ length: 300 }, () => `md5=${hex(1 + rnd(6))}`), ...Array.from({ length: 100 }, () => `\\software\\${hex(2)}`), 'md5=', '5=', 'e\\']),];
    const f = new SubstringFinder(lits);
    for (let i = 1; i <= 2000; i++) {
      const pick = () => lits[rnd(lits.length)]!;
      const parts = [rnd(3) === 0 ? '' : pick(), hex(rnd(12)), rnd(2) ? pick().slice(rnd(4)) : '', hex(rnd(5)), rnd(3) === 0 ? '' : pick()];
      const v = parts.join(rnd(2) ? '' : ',');
      expect(found(f, v, i), v).toEqual(lits.filter((l) => v.includes(l)).sort());
    }
  });
});
