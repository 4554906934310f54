/**
 * Tick steps and tick labels of a UTC time axis, shared by the screen's timeline and the PDF
 * report's, so both mark the same instants the same way. Pure functions: the renderer imports it.
 */
const DAY = 86_400_000;
const STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
  60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000, 15 * 60_000, 30 * 60_000,
  3_600_000, 2 * 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY,
];

/** The smallest "nice" step that puts at most `maxTicks` ticks on a span of `spanMs`. */
export function tickStep(spanMs: number, maxTicks: number): number {
  return STEPS_MS.find((s) => spanMs / s <= maxTicks) ?? Math.ceil(spanMs / maxTicks / DAY) * DAY;
}

/** Label of a tick: as short as the step allows, always UTC. */
export function tickLabel(t: number, step: number): string {
  const iso = new Date(t).toISOString();
  if (step >= DAY) return iso.slice(0, 10);
  if (step >= 60_000) return iso.slice(11, 16);
  if (step >= 1_000) return iso.slice(11, 19);
  return iso.slice(11, 23);
}
