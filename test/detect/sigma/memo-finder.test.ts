/** The remembering finder of the rule gates: the same answers as the finder (one `includes` per literal), repeats and epochs included. */
import { describe, expect, it } from 'vitest';
import { MemoFinder } from '../../../src-main/detect/sigma/memo-finder';

function found(f: MemoFinder, v: string, epoch: number): string[] {
  const out: number[] = [];
  f.find(v, epoch, out);
  return out.map((i) => f.literals[i]!).sort();
}

describe('MemoFinder', () => {
  it('reports each literal once per epoch, a remembered value as a new one', () => {
    const f = new MemoFinder(['ab', 'abc', 'bcd', 'cmd.exe']);
    expect(found(f, 'xabcdx', 1)).toEqual(['ab', 'abc', 'bcd']);
    expect(found(f, 'xabcdx', 2)).toEqual(['ab', 'abc', 'bcd']);
    expect(found(f, 'xabcdx', 2)).toEqual([]);
    expect(found(f, 'c:\\cmd.exe ab', 3)).toEqual(['ab', 'cmd.exe']);
    expect(found(f, 'xabcdx', 3)).toEqual(['abc', 'bcd']);
    expect(found(f, 'nothing here', 4)).toEqual([]);
    expect(found(f, 'nothing here', 5)).toEqual([]);
    f.reset();
    expect(found(f, 'xabcdx', 1)).toEqual(['ab', 'abc', 'bcd']);
  });

  it('agrees with includes over many values, repeated, long and past the memory bound', () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const alphabet = 'abc-/ \\.\u00e9';
    const word = (min: number, max: number) => {
      let s = '';
      for (let n = min + rnd(max - min + 1); s.length < n;) s += alphabet[rnd(alphabet.length)];
      return s;
    };
    const lits = [...new Set(Array.from({ length: 200 }, () => word(2, 5)))];
    const f = new MemoFinder(lits);
    const g = new MemoFinder(lits);
    const pool = Array.from({ length: 50 }, () => word(0, 40));
    for (let i = 1; i <= 3000; i++) {
      // repeats from the pool, long values (not remembered) and enough distinct ones to pass MAX_MEMO_UNITS
      const v = i % 3 === 0 ? pool[rnd(pool.length)]! : i % 101 === 0 ? word(300, 600) : `${word(0, 200)}${i}`.repeat(1 + (i % 4));
      const want = lits.filter((l) => v.includes(l)).sort();
      expect(found(f, v, i), v).toEqual(want);
      expect(found(g, v, i)).toEqual(want);
    }
  });

  it('answers right after the finders forget (more distinct values than they remember)', () => {
    const f = new MemoFinder(['needle', 'hay']);
    const filler = 'x'.repeat(200);
    for (let i = 0; i < 8000; i++) {
      const v = i % 2 ? `${filler}${i}needle` : `${filler}${i}`;
      expect(found(f, v, i + 1)).toEqual(i % 2 ? ['needle'] : []);
    }
    expect(found(f, `${filler}1needle`, 9001)).toEqual(['needle']);
    expect(found(f, 'hay needle', 9002)).toEqual(['hay', 'needle']);
  });

  it('answers a slice of a larger string by its value', () => {
    const f = new MemoFinder(['some.value']);
    const text = 'prefix-some.value-suffix'.repeat(4);
    expect(found(f, text.slice(7, 17), 1)).toEqual(['some.value']);
    expect(found(f, text.slice(31, 41), 2)).toEqual(['some.value']);
  });
});
