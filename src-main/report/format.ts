/** Locale-free formatting for the report (the same input gives the same text on every machine). */
import { formatMegabytes } from '../shared/byte-size';

const ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(?:Z|[+-]00:?00)$/;

/**
 * An ISO-8601 UTC time as `YYYY-MM-DD HH:MM:SS.fff`: the source's fraction digits are kept, except
 * trailing zeros past the millisecond (`.4720000` → `.472`, `.4721350` stays); other text as is.
 */
export function fmtTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const m = ISO.exec(iso);
  if (!m) return iso;
  let frac = m[3] ?? '';
  if (frac.length > 4) frac = frac.slice(0, 4) + frac.slice(4).replace(/0+$/, '');
  return `${m[1]} ${m[2]}${frac}`;
}

/** Milliseconds since the epoch with the sub-millisecond fraction kept (NaN when not a time). */
export function timeValue(iso: string): number {
  const m = ISO.exec(iso);
  if (!m) return Number.NaN;
  const whole = Date.parse(`${m[1]}T${m[2]}Z`);
  const frac = m[3] ? Number(`0${m[3]}`) * 1000 : 0;
  return whole + frac;
}

/** 1234567 → "1,234,567". */
export function fmtInt(n: number): string {
  const s = String(Math.trunc(Math.abs(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

/** A size in MB (10^6 bytes), the one unit of the app, the CLI and the report: "0.46 MB"; under 1,000 bytes as bytes. */
export function fmtBytes(n: number): string {
  return formatMegabytes(n);
}

/** A size as a sentence states it, MB first and the exact count after: "48.6 MB (48,610,123 bytes)". */
export function fmtBytesExact(n: number): string {
  return n < 1000 ? `${fmtInt(n)} bytes` : `${formatMegabytes(n)} (${fmtInt(n)} bytes)`;
}

/** A duration in seconds or milliseconds, short. */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}
