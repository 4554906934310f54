/**
 * Field values in their text form (what the Event XML rendering would show), so that the same
 * event read from EVTX, XML or JSON gives the same normalised fields: numbers → decimal strings,
 * booleans → `true`/`false`, GUIDs → `{UPPER}`, null → `''`; arrays and objects keep their shape.
 */
import type { EventValue } from './raw-event';
import { normaliseGuid } from './guid';

export type FieldValue = string | null | FieldValue[] | { [key: string]: FieldValue };
export type Fields = Record<string, FieldValue>;

function textForm(v: EventValue): FieldValue {
  // XML has no null: an empty <Data/> and a JSON null are the same empty text.
  if (v === null) return '';
  if (typeof v === 'string') return guidText(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return v.map(textForm);
  return fieldsOf(v);
}

/**
 * A text as a field value: a GUID as `{UPPER}`, anything else as it is. `normaliseGuid` is null
 * exactly when `isGuid` is false, so one call (and one check of the canonical form) does both.
 */
function guidText(v: string): string {
  // length first: this runs on every text field of every event (isGuid's bounds)
  return v.length < 36 || v.length > 40 ? v : normaliseGuid(v) ?? v;
}

/**
 * `obj[k] = v` as an own property, also when `k` is `__proto__`: names come from the evidence
 * (attacker-controlled), and a plain assignment of that name would replace the object's
 * prototype (or be dropped) instead of storing the field.
 */
export function setOwn<T>(obj: Record<string, T>, k: string, v: T): void {
  if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}

export function fieldsOf(data: Record<string, EventValue> | null): Fields {
  const out: Fields = {};
  if (!data) return out;
  // for-in, not Object.keys: the same own keys in the same order (a plain object's prototype has
  // no enumerable keys) without a key array per event
  for (const k in data) setOwn(out, k, textForm(data[k]!));
  return out;
}

/** A scalar field as a string; `null` for missing, empty, `-` placeholders and non-scalars. */
export function str(f: Fields, name: string): string | null {
  const v = f[name];
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' || t === '-' ? null : v;
}

/** An integer written in decimal or `0x` hex (Security events write process ids in hex). */
export function int(f: Fields, name: string): number | null {
  const v = str(f, name);
  if (v === null) return null;
  const t = v.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t.slice(2), 16) : /^-?\d+$/.test(t) ? Number(t) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

/** Last path component of a Windows (or POSIX) path: `C:\a\b.exe` → `b.exe`. */
export function baseName(path: string | null): string | null {
  if (path === null) return null;
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  const b = path.slice(i + 1);
  return b === '' ? null : b;
}

export interface Hashes {
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  imphash: string | null;
}

/** Sysmon `Hashes`: `SHA1=…,MD5=…,SHA256=…,IMPHASH=…` (upper-cased hex). A bare hash is typed by length. */
export function parseHashes(text: string | null): Hashes {
  const h: Hashes = { md5: null, sha1: null, sha256: null, imphash: null };
  if (!text) return h;
  for (const part of text.split(/[,;]/)) {
    const eq = part.indexOf('=');
    const name = eq >= 0 ? part.slice(0, eq).trim().toUpperCase() : '';
    const val = (eq >= 0 ? part.slice(eq + 1) : part).trim().toUpperCase();
    if (!/^[0-9A-F]+$/.test(val)) continue;
    if (name === 'MD5' || (!name && val.length === 32)) h.md5 = val;
    else if (name === 'SHA1' || (!name && val.length === 40)) h.sha1 = val;
    else if (name === 'SHA256' || (!name && val.length === 64)) h.sha256 = val;
    else if (name === 'IMPHASH') h.imphash = val;
  }
  return h;
}

/** `DOMAIN\name` from Security's Subject/Target pairs; `null` when the name is missing. */
export function domainUser(f: Fields, domainField: string, userField: string): string | null {
  const u = str(f, userField);
  if (u === null) return null;
  const d = str(f, domainField);
  return d ? `${d}\\${u}` : u;
}
