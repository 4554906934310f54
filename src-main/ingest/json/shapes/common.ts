/** Helpers shared by the JSON shape mappers. */
import type { EventValue } from '../../../model/raw-event';
import { setOwn } from '../../../model/fields';
import { parseUtcTime } from '../../../model/time';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function get(o: unknown, ...path: string[]): Json | undefined {
  let cur: unknown = o;
  for (const k of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur as Json | undefined;
}

/** An integer from a number or a decimal / `0x` hex string; null otherwise (with a problem noted when present but bad). */
export function toInt(v: Json | undefined, field: string, problems: string[]): number | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v;
  } else if (typeof v === 'string') {
    const t = v.trim();
    const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : /^-?\d+$/.test(t) ? Number(t) : NaN;
    if (Number.isSafeInteger(n)) return n;
  }
  problems.push(`${field}: not an integer: ${JSON.stringify(v).slice(0, 40)}`);
  return null;
}

/** An integer where the source may legitimately write a name instead (Winlogbeat `task`, `opcode`): names give null silently. */
export function toIntQuiet(v: Json | undefined): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : null;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return null;
}

export function toStr(v: Json | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** The last number `keywordsOf` converted and its text: a log's events repeat a few Keywords values (no BigInt per event). */
let lastKeywordsNumber = NaN;
let lastKeywordsText = '';

/** Keywords: hex strings kept; numbers (signed 64-bit from NXLog) converted exactly from the double. */
export function keywordsOf(v: Json | undefined): string | null {
  if (typeof v === 'number' && Number.isInteger(v)) {
    if (v !== lastKeywordsNumber) {
      lastKeywordsText = '0x' + BigInt.asUintN(64, BigInt(v)).toString(16);
      lastKeywordsNumber = v;
    }
    return lastKeywordsText;
  }
  return toStr(v);
}

/** A time's zone at its end: `Z`, `+hh:mm` or `+hhmm` (or `-`), white space after it allowed. */
const ZONE_AT_END = /(Z|[+-]\d{2}:?\d{2})\s*$/i;

const isDigitAt = (s: string, i: number): boolean => { const c = s.charCodeAt(i); return c >= 48 && c <= 57; };
const isSignAt = (s: string, i: number): boolean => { const c = s.charCodeAt(i); return c === 43 || c === 45; };

/**
 * `ZONE_AT_END.test(s)`, read from the end without running the expression (twice per flat record,
 * whose `EventTime` has no zone): ASCII white space skipped, then `Z`/`z`, `±dd:dd` or `±dddd`. A
 * non-ASCII character at the end (Unicode white space is `\s` too) is left to the expression.
 * test/ingest/json/shapes/common.test.ts checks both agree.
 */
export function hasZoneAtEnd(s: string): boolean {
  let n = s.length;
  for (; n > 0; n--) {
    const c = s.charCodeAt(n - 1);
    if (c > 127) return ZONE_AT_END.test(s);
    if (c !== 32 && (c < 9 || c > 13)) break;
  }
  if (n === 0) return false;
  const last = s.charCodeAt(n - 1);
  if (last === 90 || last === 122) return true;
  if (n < 5 || !isDigitAt(s, n - 1) || !isDigitAt(s, n - 2)) return false;
  if (s.charCodeAt(n - 3) === 58) return n >= 6 && isDigitAt(s, n - 4) && isDigitAt(s, n - 5) && isSignAt(s, n - 6);
  return isDigitAt(s, n - 3) && isDigitAt(s, n - 4) && isSignAt(s, n - 5);
}

/** A UTC time that must carry a zone (or is UTC by definition when `zonelessIsUtc`). */
export function utcIso(v: Json | undefined, zonelessIsUtc: boolean, field: string, problems: string[]): string | null {
  const s = toStr(v);
  if (s === null) return null;
  if (!zonelessIsUtc && !hasZoneAtEnd(s)) return null;
  const t = parseUtcTime(s);
  if (!t) problems.push(`${field}: not a timestamp: ${JSON.stringify(s.slice(0, 40))}`);
  return t?.iso ?? null;
}

/** JSON value → EventValue (same set of shapes; objects lose `#attributes` keys, `{#text}` is unwrapped). */
export function eventValue(v: Json): EventValue {
  if (Array.isArray(v)) return v.map(eventValue);
  if (isObject(v)) {
    const keys = Object.keys(v).filter((k) => k !== '#attributes');
    if (keys.length === 1 && keys[0] === '#text') return eventValue(v['#text']!);
    const out: Record<string, EventValue> = {};
    for (const k of keys) setOwn(out, k, eventValue(v[k]!));
    return out;
  }
  return v;
}
