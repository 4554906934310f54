/** Nice tick steps and labels on any span, shared by the screen and the PDF report (src-main/shared/time-ticks.ts). */
import { describe, expect, it } from 'vitest';
import { tickLabel, tickStep } from '../../src-main/shared/time-ticks';

const DAY = 86_400_000;

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
