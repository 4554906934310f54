/**
 * Text forms of fixed-layout values (libyal EVTX doc §4.7 "Value types"), rendered as the Rust
 * evtx_dump JSON does where it is sensible: GUID `{XXXXXXXX-XXXX-…}` upper case, SID `S-1-…`,
 * hex ints `0x…` lower case without padding, FILETIME/SYSTEMTIME as ISO-8601 UTC with 7
 * fractional digits (full 100 ns FILETIME precision, integer arithmetic only).
 */
import { noteInstant } from '../../../model/time';

// Local copies of the byte-cursor helpers: hot, and cheaper than cross-module getters under tsx.
function u16At(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8);
}
function u32At(b: Uint8Array, p: number): number {
  return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
}

const HEX2U: string[] = [];
/** Lower-case hex of a byte, without a leading zero (`'0'`…`'ff'`). */
const HEX_LOWER: string[] = [];
/** Lower-case hex of a byte, two digits. */
const HEX2L: string[] = [];
for (let i = 0; i < 256; i++) {
  HEX2U.push(i.toString(16).padStart(2, '0').toUpperCase());
  HEX2L.push(i.toString(16).padStart(2, '0'));
  HEX_LOWER.push(i.toString(16));
}

/** Upper-case hex of a byte range (binary values). */
export function hexUpper(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX2U[b[i]!]!;
  return s;
}

/** GUID: u32, u16, u16 little-endian, then 8 bytes in order. */
export function formatGuid(b: Uint8Array, p: number): string {
  const h = HEX2U;
  return '{' + h[b[p + 3]!]! + h[b[p + 2]!]! + h[b[p + 1]!]! + h[b[p]!]! + '-' + h[b[p + 5]!]! + h[b[p + 4]!]! + '-' +
    h[b[p + 7]!]! + h[b[p + 6]!]! + '-' + h[b[p + 8]!]! + h[b[p + 9]!]! + '-' + h[b[p + 10]!]! + h[b[p + 11]!]! +
    h[b[p + 12]!]! + h[b[p + 13]!]! + h[b[p + 14]!]! + h[b[p + 15]!]! + '}';
}

/** Lower-case `0x…` of a little-endian unsigned integer of 4 or 8 bytes, no leading zeros. */
export function hexInt(b: Uint8Array, p: number, size: 4 | 8): string {
  // Byte by byte from the most significant non-zero one (Number#toString(16) is slow in V8).
  let i = p + size - 1;
  while (i > p && b[i] === 0) i--;
  let s = '0x' + HEX_LOWER[b[i]!]!;
  for (let j = i - 1; j >= p; j--) s += HEX2L[b[j]!]!;
  return s;
}

/** SID: revision, sub-authority count, 6-byte big-endian authority, count × u32 LE. Returns bytes used. */
export function sidLength(b: Uint8Array, p: number): number {
  return 8 + 4 * b[p + 1]!;
}
export function formatSid(b: Uint8Array, p: number): string {
  const n = b[p + 1]!;
  const hiAuth = (b[p + 2]! << 8) | b[p + 3]!;
  const loAuth = ((b[p + 4]! << 24) | (b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!) >>> 0;
  const auth = hiAuth === 0 ? String(loAuth) : '0x' + hexUpper(b, p + 2, p + 8);
  let s = 'S-' + b[p]! + '-' + auth;
  for (let i = 0; i < n; i++) s += '-' + u32At(b, p + 8 + 4 * i);
  return s;
}

const EPOCH_DIFF_S = 11644473600; // seconds from 1601-01-01 to 1970-01-01
/** `'00'`…`'59'`: the clock fields of a timestamp. */
const TWO_DIGITS: string[] = [];
for (let i = 0; i < 60; i++) TWO_DIGITS.push(i < 10 ? '0' + i : String(i));

/**
 * The `YYYY-MM-DDT` of the last day formatted (records of a log are mostly from the same day):
 * `Date` is consulted once per day, the clock is arithmetic. Any year form `toISOString` writes
 * (`+275760-…`, `-000001-…`) is kept, since only the fixed-width `HH:MM:SS.sssZ` tail is cut.
 */
let lastDay = NaN;
let lastDayPrefix = '';

function isoPrefix(unixSec: number): string {
  const day = Math.floor(unixSec / 86400);
  if (day !== lastDay) {
    const d = new Date(day * 86400000);
    if (Number.isNaN(d.getTime())) return '+275760-09-13T00:00:00';
    lastDayPrefix = d.toISOString().slice(0, -13);
    lastDay = day;
  }
  let s = unixSec - day * 86400;
  const h = (s / 3600) | 0;
  s -= h * 3600;
  const m = (s / 60) | 0;
  return lastDayPrefix + TWO_DIGITS[h]! + ':' + TWO_DIGITS[m]! + ':' + TWO_DIGITS[s - m * 60]!;
}

/** The last second formatted and its `YYYY-MM-DDTHH:MM:SS.` (records come in bursts within a second). */
let lastSec = NaN;
let lastSecPrefix = '';

/** FILETIME (100 ns ticks since 1601-01-01 UTC) → `YYYY-MM-DDTHH:MM:SS.fffffffZ`. */
export function formatFiletime(lo: number, hi: number): string {
  let sec: number;
  let frac: number;
  if (hi < 0x20000000) {
    // 2^32 = 429 * 10^7 + 4967296; every intermediate stays below 2^53.
    const r = hi * 4967296 + lo;
    const q = Math.floor(r / 1e7);
    sec = hi * 429 + q;
    frac = r - q * 1e7;
  } else {
    const t = (BigInt(hi) << 32n) | BigInt(lo);
    sec = Number(t / 10000000n);
    frac = Number(t % 10000000n);
  }
  if (sec !== lastSec) {
    lastSecPrefix = isoPrefix(sec - EPOCH_DIFF_S) + '.';
    lastSec = sec;
  }
  // 1e7 + frac has 8 digits: its last 7 are the fraction, zero-padded
  const text = lastSecPrefix + String(1e7 + frac).slice(1) + 'Z';
  const unixSec = sec - EPOCH_DIFF_S;
  // the instant is known: noted for the time readers (model/time.ts), in the years they read as
  // plain forms (a FILETIME's year is 1601 or later; past 9999 it has more than four digits)
  if (unixSec < PAST_PLAIN_S) noteInstant(text, unixSec * 1000 + Math.floor(frac / 10_000));
  return text;
}

/** Unix seconds of 10000-01-01: from it on, a year has more than four digits. */
const PAST_PLAIN_S = 253_402_300_800;

export function filetimeAt(b: Uint8Array, p: number): string {
  return formatFiletime(u32At(b, p), u32At(b, p + 4));
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** SYSTEMTIME (8 × u16: year, month, weekday, day, hour, minute, second, ms), rendered as is. */
export function systemtimeAt(b: Uint8Array, p: number): string {
  const y = u16At(b, p);
  const ms = u16At(b, p + 14);
  return String(y).padStart(4, '0') + '-' + pad2(u16At(b, p + 2)) + '-' + pad2(u16At(b, p + 6)) + 'T' +
    pad2(u16At(b, p + 8)) + ':' + pad2(u16At(b, p + 10)) + ':' + pad2(u16At(b, p + 12)) + '.' +
    String(ms).padStart(3, '0') + '0000Z';
}
