/** parseTimespan: "number + letter (in lowercase)" (spec "Time Selection"), and nothing else. */
import { describe, expect, it } from 'vitest';
import { parseTimespan } from '../../../../src-main/detect/sigma/correlation/parse-timespan';

describe('parseTimespan', () => {
  it('reads s, m, h, d (and pySigma\'s w)', () => {
    expect(['15s', '5m', '90m', '1h', '2d', '1w'].map((t) => parseTimespan(t))).toEqual([15_000, 300_000, 5_400_000, 3_600_000, 172_800_000, 604_800_000].map((ms) => ({ ok: true, ms })));
  });

  it('refuses anything else', () => {
    for (const bad of ['', '5', 'm', '0m', '05m', '-5m', '5 m', '5min', '1M', '1y', '1.5h', '1h30m', '5S', ' 5m', '99999999999d', 5, null, ['5m']]) {
      expect(parseTimespan(bad).ok, String(bad)).toBe(false);
    }
  });
});
