/** The zone test of JSON times read from the end agrees with the regular expression it replaces. */
import { describe, expect, it } from 'vitest';
import { hasZoneAtEnd } from '../../../../src-main/ingest/json/shapes/common';

const ZONE_AT_END = /(Z|[+-]\d{2}:?\d{2})\s*$/i;

describe('hasZoneAtEnd', () => {
  it('agrees with /(Z|[+-]\\d{2}:?\\d{2})\\s*$/i on times, near-misses and odd white space', () => {
    const fixed = ['2020-09-17 17:45:41', '2020-09-17T21:45:42.739Z', '2020-09-17T21:45:42.739z', '2021-01-01T00:30:00+01:00', '2021-01-01T00:30:00.5-0230',
      '2021-01-01T00:30:00+01:0', '+0100', '-01:00', '+1:00', ':00', 'Z', '', ' ', 'Z \t\r\n\v\f', 'Z\u00a0', 'Z\u3000', '+01:00\u2028', '2021\u00e9',
      '01:00', 'x+01:00', '+01:00 x', '++0100', '+01::00', '+0a:00', 'ZZ', '\u0660\u0661'];
    let x = 0x1234567;
    const rnd = (n: number) => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) % n; };
    const alphabet = ['0', '1', '9', ':', '+', '-', 'Z', 'z', 'T', ' ', '\t', '\n', '\u00a0', '\u2003', 'é', '.', 'a'];
    const texts = [...fixed];
    for (let k = 0; k < 30_000; k++) {
      const len = rnd(9);
      let t = rnd(2) ? '2020-09-17T21:45:42' : '';
      for (let i = 0; i < len; i++) t += alphabet[rnd(alphabet.length)];
      texts.push(t);
    }
    let zoned = 0;
    for (const t of texts) {
      const want = ZONE_AT_END.test(t);
      expect(hasZoneAtEnd(t), JSON.stringify(t)).toBe(want);
      if (want) zoned++;
    }
    expect(zoned).toBeGreaterThan(1_000);
  });
});
