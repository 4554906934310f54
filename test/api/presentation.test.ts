/**
 * The presentation tables shared by the screen and the PDF report (src-main/shared/event-kinds.ts,
 * src-main/shared/time-ticks.ts): one mark per kind, drawable paths, nice tick steps on any span.
 */
import { describe, expect, it } from 'vitest';
import { isStrokeOnly, KIND_ORDER, KIND_STYLE, kindStyle, markPath } from '../../src-main/shared/event-kinds';
import { tickLabel, tickStep } from '../../src-main/shared/time-ticks';

const DAY = 86_400_000;

describe('event kinds', () => {
  it('gives every kind its own shape and colour, in lane order', () => {
    const kinds = Object.keys(KIND_STYLE);
    expect([...KIND_ORDER].sort()).toEqual([...kinds].sort());
    expect(new Set(kinds.map((k) => kindStyle(k).shape)).size).toBe(kinds.length);
    expect(new Set(kinds.map((k) => kindStyle(k).colour)).size).toBe(kinds.length);
    expect(kindStyle('no_such_kind')).toBe(KIND_STYLE.other);
  });

  it('draws every shape as a finite path with coordinates rounded to 0.01', () => {
    for (const k of KIND_ORDER) {
      const d = markPath(KIND_STYLE[k].shape, 10.123456, 20.98765, 3.6);
      expect(d).toMatch(/^M/);
      const nums = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
      expect(nums.every(Number.isFinite)).toBe(true);
      expect(d).not.toMatch(/\.\d{3,}/);
    }
    expect(isStrokeOnly('ring')).toBe(true);
    expect(isStrokeOnly('diamond')).toBe(false);
  });
});

describe('time ticks', () => {
  it('picks the smallest nice step that keeps within the tick budget', () => {
    expect(tickStep(1_000, 8)).toBe(200);
    expect(tickStep(10 * 60_000, 6)).toBe(2 * 60_000);
    expect(tickStep(40 * DAY, 6)).toBe(7 * DAY);
    expect(tickStep(2 * 365 * DAY, 6)).toBe(182 * DAY);
    expect(tickStep(3 * 365 * DAY, 6)).toBe(365 * DAY);
    expect(tickStep(20 * 365 * DAY, 6)).toBe(Math.ceil((20 * 365 * DAY) / 6 / DAY) * DAY);
  });

  it('labels ticks as shortly as the step allows, in UTC', () => {
    const t = Date.UTC(2026, 10, 17, 9, 41, 35, 472);
    expect(tickLabel(t, 7 * DAY)).toBe('2026-11-17');
    expect(tickLabel(t, 5 * 60_000)).toBe('09:41');
    expect(tickLabel(t, 5_000)).toBe('09:41:35');
    expect(tickLabel(t, 100)).toBe('09:41:35.472');
  });
});
