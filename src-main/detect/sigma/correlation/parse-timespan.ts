/**
 * Correlation `timespan` (Sigma correlation rules specification 2.1.0, "Time Selection"):
 * "number + letter (in lowercase)": `Xs` seconds, `Xm` minutes, `Xh` hours, `Xd` days (`90m` for
 * 1h30). pySigma also reads `w` (weeks); that is accepted too. Months and years (pySigma's `M`,
 * `y`) have no fixed length and are refused, as is anything else (zero, signs, decimals, spaces).
 */
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Ten years: longer spans are refused (nothing in an evidence set needs them; keeps arithmetic exact). */
const MAX_TIMESPAN_MS = 10 * 366 * 86_400_000;

export type TimespanResult = { ok: true; ms: number } | { ok: false; reason: string };

export function parseTimespan(value: unknown): TimespanResult {
  if (typeof value !== 'string') return { ok: false, reason: `timespan must be a string like "5m", not ${describe(value)}` };
  const m = /^([1-9][0-9]{0,9})([smhdw])$/.exec(value);
  if (!m) return { ok: false, reason: `timespan "${clip(value)}" is not a number followed by s, m, h, d or w` };
  const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
  if (ms > MAX_TIMESPAN_MS) return { ok: false, reason: `timespan "${value}" is longer than ten years` };
  return { ok: true, ms };
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a map' : `${typeof value} ${clip(String(value))}`;
}

export function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
