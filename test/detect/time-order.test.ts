/** compareTimes: the code-unit order of normalised times is the order localeCompare gave them, in every locale. */
import { describe, expect, it } from 'vitest';
import { compareTimes } from '../../src-main/detect/time-order';
import { parseUtcTime } from '../../src-main/model/time';

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return x / 0x1_0000_0000;
  };
}

const sign = (n: number) => Math.sign(n);
const two = (n: number) => String(n).padStart(2, '0');

/** Normalised times (through the normaliser) close together and far apart, with and without fractions and zones. */
function times(seed: number, years: readonly number[]): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < 400; i++) {
    const y = years[Math.floor(r() * years.length)]!;
    const text = `${String(y).padStart(4, '0')}-${two(1 + Math.floor(r() * 12))}-${two(1 + Math.floor(r() * 28))}T${two(Math.floor(r() * 24))}:${two(Math.floor(r() * 60))}:${two(Math.floor(r() * 60))}`
      + (r() < 0.5 ? `.${String(Math.floor(r() * 1e7)).padStart(7, '0').slice(0, 1 + Math.floor(r() * 7))}` : '')
      + ['Z', '', '+14:00', '-12:00'][Math.floor(r() * 4)];
    const t = parseUtcTime(text);
    if (t) out.push(t.iso);
  }
  return out;
}

describe('compareTimes', () => {
  it('orders normalised times as localeCompare does, in every locale (Thai ignores punctuation by default too)', () => {
    const list = [...times(1, [1601, 1999, 2019, 2020, 2024, 9999]), '', '2019-05-21T00:35:07.3750000Z', '2019-05-21T00:35:07.3750001Z'];
    let differing = 0;
    for (const locale of [undefined, 'en', 'de', 'sv', 'ja', 'th', 'ar']) {
      const collator = new Intl.Collator(locale);
      for (let i = 0; i < list.length; i++) {
        for (let j = i; j < list.length; j += 7) {
          const [a, b] = [list[i]!, list[j]!];
          expect(sign(compareTimes(a, b)), `${locale} ${a} ${b}`).toBe(sign(collator.compare(a, b)));
          if (a !== b) differing++;
        }
      }
    }
    expect(differing).toBeGreaterThan(10_000);
  });

  it('the normaliser writes one fixed form (so two times first differ at two digits), at the edges of the years too', () => {
    const list = times(2, [0, 1, 9999, 10]);
    expect(list.length).toBeGreaterThan(100);
    for (const t of list) expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
  });

  it('years in other widths (not written by the normaliser) still order as localeCompare does where punctuation counts', () => {
    const list = ['10000-01-01T00:00:00.0000000Z', '9999-12-31T23:59:59.9999999Z', '0000-01-01T00:00:00.0000000Z', '00-1-12-31T10:00:00.0000000Z', '-100-01-01T00:00:00.0000000Z', '-1000-01-01T00:00:00.0000000Z', '0-10-05-05T00:00:00.0000000Z', '1000-01-01T00:00:00.0000000Z', '10000-01-01T00:00:00.0000001Z'];
    for (const locale of [undefined, 'en', 'de', 'ja']) {
      const collator = new Intl.Collator(locale);
      for (const a of list) for (const b of list) expect(sign(compareTimes(a, b)), `${locale} ${a} ${b}`).toBe(sign(collator.compare(a, b)));
    }
  });

  it('no time first, equal times equal', () => {
    expect(compareTimes(null, '2019-05-21T00:35:07.3750000Z')).toBe(-1);
    expect(compareTimes('2019-05-21T00:35:07.3750000Z', undefined)).toBe(1);
    expect(compareTimes(null, '')).toBe(0);
    expect(compareTimes('2019-05-21T00:35:07.3750000Z', '2019-05-21T00:35:07.3750000Z')).toBe(0);
  });
});
