/**
 * Time normalisation. Every instant leaves here as ISO-8601 UTC with 7 fractional digits
 * (100 ns, the FILETIME precision of Windows events), e.g. `2019-05-21T00:35:07.3750000Z`, so the
 * same instant written by different sources compares equal as a string.
 *
 * Accepted input: `YYYY-MM-DD[T ]hh:mm:ss[.fraction]` followed by `Z`, `+hh:mm`, `-hh:mm` or
 * nothing. Zone-less input is accepted only where the caller knows it is UTC (Sysmon `UtcTime`,
 * the Event schema's `SystemTime`); the caller decides by calling this function at all.
 */
const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export interface UtcInstant {
  /** ISO-8601 UTC, 7 fractional digits. */
  iso: string;
  /** Milliseconds since the epoch (for sorting; sub-millisecond digits are in `iso`). */
  ms: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Parses a timestamp that is UTC when it carries no zone. Returns null for anything else
 * (no guessing of local time).
 */
export function parseUtcTime(text: string | null | undefined): UtcInstant | null {
  if (typeof text !== 'string') return null;
  const m = TIME_RE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  let offsetMin = 0;
  if (zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    offsetMin = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(base)) return null;
  const check = new Date(base);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return null;
  const frac7 = (frac + '0000000').slice(0, 7);
  const utcMsWhole = base - offsetMin * 60_000;
  const t = new Date(utcMsWhole);
  const iso = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${frac7}Z`;
  return { iso, ms: utcMsWhole + Number(frac7.slice(0, 3)) };
}

/** True when the text carries an explicit zone (`Z` or an offset). */
export function hasZone(text: string): boolean {
  const m = TIME_RE.exec(text.trim());
  return !!m && m[8] !== undefined;
}
