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
  return parsePlainUtc(text, false) ?? parseGeneral(text);
}

/** `t` kept to the microsecond: its 100 ns digit written 0 (`t` itself when that digit already is 0). */
export function toMicroseconds(t: UtcInstant | null): UtcInstant | null {
  return t === null || t.iso.charCodeAt(26) === 48 ? t : { iso: `${t.iso.slice(0, 26)}0Z`, ms: t.ms };
}

/**
 * `toMicroseconds(parseUtcTime(text))` without the intermediate instant: the plain forms are
 * written at the microsecond directly (test/model/time-guid.test.ts checks both agree).
 */
export function parseUtcMicroseconds(text: string | null | undefined): UtcInstant | null {
  if (typeof text !== 'string') return null;
  return parsePlainUtc(text, true) ?? toMicroseconds(parseGeneral(text));
}

const C0 = 48; // '0'
/** Two ASCII digits at `i` as a number, or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - C0;
  const b = s.charCodeAt(i + 1) - C0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const SEVEN_ZEROS = '0000000';
const DAY_MS = 86_400_000;

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (the calendar of `Date.UTC`), by integer
 * arithmetic (H. Hinnant, "chrono-compatible low-level date algorithms", days_from_civil): no
 * Date call per event. `y` from 1000, `m` 1–12.
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * The forms nearly every event carries, read without a regular expression or Date round trip:
 * `YYYY-MM-DD[T ]hh:mm:ss[.f{1,9}][Z]` with a valid date, a year from 1000 and seconds up to 59
 * (the FILETIME form our EVTX reader writes, and Sysmon's `UtcTime`). Anything else, including
 * leap seconds and offsets, returns null and goes to the general parser, which gives the same
 * result for these forms (test/model/time-guid.test.ts checks both agree). The canonical form
 * allocates nothing but the result.
 */
function parsePlainUtc(s: string, micro: boolean): UtcInstant | null {
  const n = s.length;
  if (n < 19 || n > 30) return null;
  const sep = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  const yHi = digits2(s, 0);
  const yLo = digits2(s, 2);
  const mo = digits2(s, 5);
  const d = digits2(s, 8);
  const h = digits2(s, 11);
  const mi = digits2(s, 14);
  const sec = digits2(s, 17);
  if (yHi < 10 || yLo < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return null;
  const y = yHi * 100 + yLo;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS_IN_MONTH[mo - 1]! + (leap ? 1 : 0)) return null;
  let i = 19;
  let fracStart = -1;
  if (i < n && s.charCodeAt(i) === 46) {
    fracStart = ++i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === fracStart || i - fracStart > 9) return null;
  }
  const fracEnd = i;
  const zoned = i < n && s.charCodeAt(i) === 90;
  if (zoned) i++;
  if (i !== n) return null;
  const fracLength = fracStart < 0 ? 0 : fracEnd - fracStart;
  // Milliseconds: the fraction's first three digits, missing ones 0.
  let msFrac = 0;
  for (let k = 0; k < 3; k++) msFrac = msFrac * 10 + (k < fracLength ? s.charCodeAt(fracStart + k) - C0 : 0);
  const ms = daysFromCivil(y, mo, d) * DAY_MS + h * 3_600_000 + mi * 60_000 + sec * 1000 + msFrac;
  // Already canonical (what our EVTX reader writes): the text itself is the ISO form.
  if (fracLength === 7 && sep === 84 && zoned) return micro && s.charCodeAt(26) !== C0 ? { iso: `${s.slice(0, 26)}0Z`, ms } : { iso: s, ms };
  const frac = fracStart < 0 ? '' : s.slice(fracStart, fracEnd);
  // `micro`: six digits and a 0 (what toMicroseconds makes of the seven)
  const digits = micro ? 6 : 7;
  const fracOut = frac.length === digits ? frac : (frac + SEVEN_ZEROS).slice(0, digits);
  const body = `${s.slice(0, 10)}T${s.slice(11, 19)}.${fracOut}`;
  return { iso: micro ? `${body}0Z` : `${body}Z`, ms };
}

/** Every accepted form (module doc); the reference for `parsePlainUtc`. */
function parseGeneral(text: string): UtcInstant | null {
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
