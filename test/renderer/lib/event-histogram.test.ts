import { describe, expect, it, vi } from 'vitest';
import { HistogramRun } from '../../../src-renderer/lib/event-histogram';

/** A plain count, to check the sliced one against. */
function countAll(time: Float64Array, positions: Uint32Array, from: number, to: number, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const i of positions) {
    const t = time[i]!;
    if (t >= from && t <= to) out[Math.min(bins - 1, Math.floor(((t - from) / (to - from)) * bins))]!++;
  }
  return out;
}

describe('the explorer histogram, counted in slices', () => {
  const n = 100_000;
  const time = Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : 1_000 + ((i * 7919) % 50_000)));
  const positions = Uint32Array.from({ length: n / 2 }, (_, k) => k * 2);

  it('counts at once what a plain count gives, leaving out events outside the span and without a time', () => {
    const run = new HistogramRun(time, positions, 5_000, 40_000, 120);
    expect(run.run()).toBe(true);
    expect(run.counts).toEqual(countAll(time, positions, 5_000, 40_000, 120));
    expect(run.counts.reduce((a, b) => a + b, 0)).toBeLessThan(positions.length);
    expect(run.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('stops at the deadline and counts the same over several slices', () => {
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1));
    try {
      const run = new HistogramRun(time, positions, 1_000, 51_000, 60);
      let slices = 1;
      // each look at the clock moves it on 1 ms: a 0.5 ms slice counts one step of events
      while (!run.run(now + 0.5)) slices++;
      expect(slices).toBeGreaterThan(1);
      expect(run.counts).toEqual(countAll(time, positions, 1_000, 51_000, 60));
    } finally {
      clock.mockRestore();
    }
  });

  it('counts nothing when there are no events or no bins', () => {
    expect(new HistogramRun(time, new Uint32Array(0), 0, 1, 10).run()).toBe(true);
    const none = new HistogramRun(time, positions, 0, 1, 0);
    expect(none.run()).toBe(true);
    expect(none.counts).toEqual([]);
  });
});
