/**
 * The event kinds' marks shared by the screen and the PDF report (src-main/shared/event-kinds.ts):
 * one mark per kind, drawable paths (the time ticks: test/shared/time-ticks.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { isStrokeOnly, KIND_ORDER, KIND_STYLE, kindStyle, markPath } from '../../src-main/shared/event-kinds';

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
