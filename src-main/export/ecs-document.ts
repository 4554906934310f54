/**
 * Small helpers for building ECS documents: nested objects from dotted ECS names, empty values
 * left out (Elasticsearch treats a missing field and an absent one alike; `null` and `''` would
 * only add noise), and values that an ECS `ip`, `long` or `keyword` mapping accepts.
 */
import { isIP } from 'node:net';
import type { FieldValue } from '../model/fields';
import { setOwn } from '../model/fields';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * ECS names split once: the parts are then the same (internalised) strings on every event, which
 * keeps the property stores fast (a fresh `split` per call cost most of the ECS export's time).
 * The names are this module's callers' constants, so the cache stays small.
 */
const PATHS = new Map<string, string[]>();

/** `doc.a.b.c = value` for the ECS name `a.b.c`; skipped when `value` is null, undefined, `''` or `[]`. */
export function put(doc: JsonObject, name: string, value: JsonValue | undefined): void {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return;
  let parts = PATHS.get(name);
  if (parts === undefined) { parts = name.split('.'); PATHS.set(name, parts); }
  let at = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i]!;
    const next = at[k];
    if (next !== null && typeof next === 'object' && !Array.isArray(next)) at = next;
    else { const o: JsonObject = {}; at[k] = o; at = o; }
  }
  at[parts[parts.length - 1]!] = value;
}

/** An address an `ip` field accepts (Elasticsearch rejects the whole document otherwise), or null. */
export function ipOrNull(v: string | null | undefined): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return isIP(t) !== 0 ? t : null;
}

/** A port number (0–65535) or null. */
export function portOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535 ? v : null;
}

/** A keyword-mapped value: strings and lists of strings stay; any other shape becomes its JSON text (one mapping type per field across events). */
export function keywordValue(v: FieldValue): JsonValue {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return JSON.stringify(v);
}

/**
 * EventData names as object keys under `winlog.event_data`: a dot would make Elasticsearch read
 * the name as a path (and clash with a plain field of the same prefix), an empty name is refused;
 * both are rewritten (`.` → `_`, empty → `_`). Names are attacker-controlled: stored as own keys.
 */
export function eventDataObject(data: Record<string, FieldValue>): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(data)) {
    const name = k === '' ? '_' : k.replace(/\./g, '_');
    setOwn(out, name, keywordValue(data[k]!));
  }
  return out;
}

/** `DOMAIN\name` → `{domain, name}` (`name` alone when there is no backslash). */
export function splitDomainUser(user: string | null): { name: string | null; domain: string | null } {
  if (user === null) return { name: null, domain: null };
  const i = user.indexOf('\\');
  return i < 0 ? { name: user, domain: null } : { name: user.slice(i + 1), domain: user.slice(0, i) };
}

/** Sysmon's hex upper-case hashes; ECS examples and Winlogbeat write lower case. */
export function lowerOrNull(v: string | null | undefined): string | null {
  return typeof v === 'string' && v !== '' ? v.toLowerCase() : null;
}
