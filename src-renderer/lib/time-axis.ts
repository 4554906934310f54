/** A time axis in UTC: scale and ticks (steps and labels shared with the PDF report). */
import { tickLabel, tickStep } from '../../src-main/shared/time-ticks';

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

/** An axis over [from, to] drawn from x0 to x1 with about `maxTicks` labelled ticks. */
export function makeAxis(from: number, to: number, x0: number, x1: number, maxTicks = 8): Axis {
  let a = from;
  let b = to;
  if (!(b > a)) { a -= 500; b += 500; }
  const span = b - a;
  const step = tickStep(span, maxTicks);
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
