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
  if (lastTimes.has(text)) return lastTimes.iso === null ? null : { iso: lastTimes.iso, ms: instantMs[0]! };
  const iso = plainUtcIso(text, false);
  const t = iso !== null ? { iso, ms: instantMs[0]! } : parseGeneral(text);
  lastTimes.keep(text, t === null ? null : t.iso, t === null ? 0 : t.ms);
  return t;
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
  const iso = utcMicrosecondsIso(text);
  return iso === null ? null : { iso, ms: instantMs[0]! };
}

/**
 * `parseUtcMicroseconds(text)?.ms ?? null` without its ISO text (an event counted, not sent:
 * evidence-reading/event-tally.ts): the plain forms are read in place, the rest by the general parser.
 */
export function utcMicrosecondsMs(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  if (text === notedText) return notedMs;
  const n = text.length;
  if (n >= 19 && n <= 30 && plainMs(text, n)) return instantMs[0]!;
  return parseGeneral(text)?.ms ?? null;
}

/** The text last given to `noteInstant` and its milliseconds. */
let notedText: string | null = null;
let notedMs = 0;

/**
 * Tells the readers below that `text` is the instant `ms`, so they need not read it again: the
 * EVTX reader writes every FILETIME it reads as text (ingest/evtx/binxml/format.ts) and knows its
 * milliseconds already. `text` must be in the canonical form `YYYY-MM-DDTHH:MM:SS.fffffffZ` with a
 * year from 1000 to 9999, and `ms` what the plain forms' parser reads from it (its first three
 * fractional digits): test/model/time-guid.test.ts checks both agree. Only the last text is kept,
 * and a text with the same characters is the same instant, so the results never depend on it.
 */
export function noteInstant(text: string, ms: number): void {
  notedText = text;
  notedMs = ms;
}

/**
 * The milliseconds of the instant `utcMicrosecondsIso` (or the plain forms' parser) read last: a
 * typed array, so handing them over makes no boxed number per event.
 */
export const instantMs = new Float64Array(1);

/** `parseUtcMicroseconds(text)?.iso ?? null`, its `ms` left in `instantMs[0]`: no instant object per event (the worker's packer). */
export function utcMicrosecondsIso(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  if (text === notedText) {
    // canonical (noteInstant): the text itself, its 100 ns digit written 0, as plainUtcIso writes it
    instantMs[0] = notedMs;
    return text.charCodeAt(26) === C0 ? text : `${text.slice(0, 26)}0Z`;
  }
  if (lastMicroseconds.has(text)) return lastMicroseconds.iso;
  const iso = plainUtcIso(text, true);
  if (iso !== null) {
    lastMicroseconds.keep(text, iso, instantMs[0]!);
    return iso;
  }
  const t = toMicroseconds(parseGeneral(text));
  lastMicroseconds.keep(text, t === null ? null : t.iso, t === null ? 0 : t.ms);
  if (t === null) return null;
  instantMs[0] = t.ms;
  return t.iso;
}

/** Texts longer than this are not remembered (the plain forms are at most 30 characters). */
const REMEMBERED_TEXT_MAX = 64;

/**
 * The last two texts a parser read and what each gave (its ISO form or null, and milliseconds):
 * consecutive events repeat their times (in the shared corpus's OTRF log 58 % of `@timestamp`
 * and 81 % of Sysmon `UtcTime` values equal the previous event's), and a Sysmon event's two
 * (`TimeCreated`, then `UtcTime`) alternate, so two are kept; the one not found last is replaced.
 * A result depends on the text only, so a remembered one is the result.
 */
class LastTimes {
  private a = '';
  private aIso: string | null = null;
  private aMs = 0;
  private b = '';
  private bIso: string | null = null;
  private bMs = 0;
  private replaceB = false;
  /** After `has` returned true: the text's ISO form (null: not an instant); its milliseconds are in `instantMs[0]`. */
  iso: string | null = null;

  has(text: string): boolean {
    if (text === this.a) {
      this.iso = this.aIso;
      instantMs[0] = this.aMs;
      this.replaceB = true;
      return true;
    }
    if (text === this.b) {
      this.iso = this.bIso;
      instantMs[0] = this.bMs;
      this.replaceB = false;
      return true;
    }
    return false;
  }

  keep(text: string, iso: string | null, ms: number): void {
    if (text.length > REMEMBERED_TEXT_MAX) return;
    if (this.replaceB) {
      this.b = text;
      this.bIso = iso;
      this.bMs = ms;
      this.replaceB = false;
    } else {
      this.a = text;
      this.aIso = iso;
      this.aMs = ms;
      this.replaceB = true;
    }
  }
}

/** `''` is no instant: the empty memo's texts give what the parsers give for them. */
const lastTimes = new LastTimes();
const lastMicroseconds = new LastTimes();

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
 * allocates nothing; its ISO form is the text itself, or with its 100 ns digit written 0 (`micro`).
 *
 * Kept small, and every check of `plainMs` runs on every call (no check skipped by another's
 * result), so what one source's form has not exercised yet (a space for the `T`, a February date)
 * does not throw away the optimised code another's form made (V8 deoptimises on code it has no
 * type feedback for).
 */
function plainUtcIso(s: string, micro: boolean): string | null {
  const n = s.length;
  if (n < 19 || n > 30 || !plainMs(s, n)) return null;
  // Already canonical (what our EVTX reader writes): the text itself is the ISO form.
  if (n === 28 && s.charCodeAt(10) === 84 && s.charCodeAt(27) === 90) return micro && s.charCodeAt(26) !== C0 ? `${s.slice(0, 26)}0Z` : s;
  return plainIso(s, n, micro);
}

/** Whether `s` (of length `n`) is a plain form (`plainUtcIso`); its epoch milliseconds are then in `instantMs[0]`. */
function plainMs(s: string, n: number): boolean {
  const sep = s.charCodeAt(10);
  const punct = (s.charCodeAt(4) === 45) === (s.charCodeAt(7) === 45) && s.charCodeAt(4) === 45;
  const clock = (s.charCodeAt(13) === 58) === (s.charCodeAt(16) === 58) && s.charCodeAt(13) === 58;
  const sepOk = (sep === 84) !== (sep === 32);
  const yHi = digits2(s, 0);
  const yLo = digits2(s, 2);
  const mo = digits2(s, 5);
  const d = digits2(s, 8);
  const h = digits2(s, 11);
  const mi = digits2(s, 14);
  const sec = digits2(s, 17);
  const y = yHi * 100 + yLo;
  // 1 in a leap year, else 0: every remainder taken on every call
  const leap = (y % 4 === 0 ? 1 : 0) - (y % 100 === 0 ? 1 : 0) + (y % 400 === 0 ? 1 : 0);
  const moOk = mo >= 1 && mo <= 12;
  const lastDay = moOk ? DAYS_IN_MONTH[mo - 1]! + (mo === 2 ? leap : 0) : 0;
  const fracEnd = fractionEnd(s, n);
  const fracLength = fracEnd - 20;
  const end = fracEnd < n && s.charCodeAt(fracEnd) === 90 ? fracEnd + 1 : fracEnd;
  const valid = punct && clock && sepOk && moOk && yHi >= 10 && yLo >= 0 && d >= 1 && d <= lastDay && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59
    && end === n && (fracEnd === 19 || (fracLength >= 1 && fracLength <= 9));
  if (!valid) return false;
  // Milliseconds: the fraction's first three digits, missing ones 0.
  let msFrac = 0;
  for (let k = 0; k < 3; k++) msFrac = msFrac * 10 + (k < fracLength ? s.charCodeAt(20 + k) - C0 : 0);
  instantMs[0] = daysFromCivil(y, mo, d) * DAY_MS + h * 3_600_000 + mi * 60_000 + sec * 1000 + msFrac;
  return true;
}

/** Where a plain form's fraction ends: 19 when there is no `.`, else past its last digit (`.` alone: 20). */
function fractionEnd(s: string, n: number): number {
  if (n === 19 || s.charCodeAt(19) !== 46) return 19;
  let i = 20;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i;
}

/** The ISO form of a valid plain form that is not canonical: `T`, the fraction to 7 digits (`micro`: 6 and a 0), `Z`. */
function plainIso(s: string, n: number, micro: boolean): string {
  const fracEnd = fractionEnd(s, n);
  const frac = fracEnd === 19 ? '' : s.slice(20, fracEnd);
  const digits = micro ? 6 : 7;
  const fracOut = frac.length === digits ? frac : (frac + SEVEN_ZEROS).slice(0, digits);
  const body = `${s.slice(0, 10)}T${s.slice(11, 19)}.${fracOut}`;
  return micro ? `${body}0Z` : `${body}Z`;
}

/** Every accepted form (module doc); the reference for `plainUtcIso`. */
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
