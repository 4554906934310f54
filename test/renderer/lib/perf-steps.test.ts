import { afterEach, describe, expect, it, vi } from 'vitest';
import { stepDone } from '../../../src-renderer/lib/perf-steps';

afterEach(() => { vi.restoreAllMocks(); performance.clearMeasures(); });

describe("the explorer's steps in the performance timeline", () => {
  it('records a step that took long enough to matter to a frame, by name, and not a short one', () => {
    const now = vi.spyOn(performance, 'now');
    now.mockReturnValue(110);
    stepDone('filter', 100);
    now.mockReturnValue(101);
    stepDone('histogram', 100);
    const m = performance.getEntriesByType('measure');
    expect(m.map((e) => e.name)).toEqual(['explorer:filter']);
    expect(m[0]!.startTime).toBe(100);
    expect(m[0]!.duration).toBe(10);
  });

  it('clears its entries once there are many, so the timeline never grows without bound', () => {
    const now = vi.spyOn(performance, 'now').mockReturnValue(50);
    for (let k = 0; k < 12_000; k++) stepDone('grid-rows', 0);
    expect(performance.getEntriesByName('explorer:grid-rows').length).toBeLessThanOrEqual(5_000);
    expect(performance.getEntriesByName('explorer:grid-rows').length).toBeGreaterThan(0);
    now.mockRestore();
  });
});
