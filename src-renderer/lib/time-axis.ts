/** A time axis in UTC: scale, "nice" tick steps and their labels. */

const STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
  60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000, 15 * 60_000, 30 * 60_000,
  3_600_000, 2 * 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 86_400_000,
];

export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

export interface Axis {
  from: number;
  to: number;
  x(t: number): number;
  ticks: { t: number; x: number; label: string }[];
  step: number;
}

/** Label of a tick: as short as the step allows, always UTC. */
export function tickLabel(t: number, step: number): string {
  const iso = new Date(t).toISOString();
  if (step >= 86_400_000) return iso.slice(0, 10);
  if (step >= 60_000) return iso.slice(11, 16);
  if (step >= 1_000) return iso.slice(11, 19);
  return iso.slice(11, 23);
}

/** An axis over [from, to] drawn from x0 to x1 with about `maxTicks` labelled ticks. */
export function makeAxis(from: number, to: number, x0: number, x1: number, maxTicks = 8): Axis {
  let a = from;
  let b = to;
  if (!(b > a)) { a -= 500; b += 500; }
  const span = b - a;
  const step = STEPS_MS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / 86_400_000) * 86_400_000;
  const x = (t: number) => x0 + ((t - a) / (b - a)) * (x1 - x0);
  const ticks: Axis['ticks'] = [];
  for (let t = Math.ceil(a / step) * step; t <= b; t += step) ticks.push({ t, x: x(t), label: tickLabel(t, step) });
  return { from: a, to: b, x, ticks, step };
}

/** `+1.234 s` / `-2 min 3 s` relative to a reference (the registry write). */
export function relative(t: number, ref: number): string {
  const d = t - ref;
  const sign = d < 0 ? '−' : '+';
  const a = Math.abs(d);
  if (a < 1000) return `${sign}${a} ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(3)} s`;
  const m = Math.floor(a / 60_000);
  return `${sign}${m} min ${Math.round((a % 60_000) / 1000)} s`;
}

/** `09:41:35.472` (UTC). */
export function clock(iso: string): string {
  const t = parseTime(iso);
  return t === null ? iso : new Date(t).toISOString().slice(11, 23);
}
