/**
 * Placeholders for the `expand` modifier (specification 2.x): `%name%` in a value stands for a
 * list of values the deployment defines (admin groups, domain controllers, …). They come from an
 * editable YAML file (`assets/sigma/placeholders.yml`, a map of name → list of strings); a rule
 * using a placeholder with no values is loaded but inactive (skipped with the reason).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SigmaRuleError, SigmaRuleInactive } from './errors';

export type Placeholders = ReadonlyMap<string, readonly string[]>;

const MAX_PLACEHOLDER_FILE = 1 << 20;

export function placeholdersFrom(obj: unknown, origin: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (obj === null || obj === undefined) return out;
  if (typeof obj !== 'object' || Array.isArray(obj)) throw new Error(`${origin}: placeholders must be a map of name to list of values`);
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const list = v === null ? [] : Array.isArray(v) ? v : [v];
    if (!list.every((x) => typeof x === 'string' || typeof x === 'number')) throw new Error(`${origin}: placeholder ${k}: values must be strings`);
    out.set(k, list.map(String));
  }
  return out;
}

export function loadPlaceholdersFile(file: string): Map<string, string[]> {
  const text = readFileSync(file, 'utf8');
  if (text.length > MAX_PLACEHOLDER_FILE) throw new Error(`${file}: larger than ${MAX_PLACEHOLDER_FILE} bytes`);
  return unsetPlaceholders(text) ?? placeholdersFrom(parse(text, { maxAliasCount: 100, customTags: [] }), file);
}

/** A line of the file as shipped: a placeholder with no values, `Name: []`. */
const UNSET_LINE = /^([A-Za-z_][A-Za-z0-9_.-]*): +\[\] *$/;
/** Plain keys YAML reads as something other than their text (core schema, and YAML 1.1's booleans). */
const SPECIAL_KEY = /^(?:null|true|false|y|n|yes|no|on|off)$/i;

/**
 * The placeholders of a file made only of comments, blank lines and `Name: []` lines (the file
 * as shipped, every placeholder unset), read without the YAML parser (its load is ~50-200 ms of a
 * triage's start); null for anything else (values, flow lists, duplicate or special keys, a BOM),
 * which the YAML parser reads.
 */
export function unsetPlaceholders(text: string): Map<string, string[]> | null {
  const out = new Map<string, string[]>();
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (/^[ \t]*(?:#.*)?$/.test(line)) continue;
    const m = UNSET_LINE.exec(line);
    if (!m || SPECIAL_KEY.test(m[1]!) || out.has(m[1]!)) return null;
    out.set(m[1]!, []);
  }
  return out;
}

/** `%name%` occurrences replaced by each of the placeholder's values (the product over all of them). */
export function expandPlaceholders(value: string, placeholders: Placeholders, where: string): string[] {
  let out = [''];
  let last = 0;
  const re = /%([A-Za-z0-9_.-]+)%/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const vals = placeholders.get(m[1]!);
    if (!vals || vals.length === 0) throw new SigmaRuleInactive(`placeholder %${m[1]}% has no values (set it in placeholders.yml)`);
    const lit = value.slice(last, m.index);
    out = out.flatMap((o) => vals.map((x) => o + lit + x));
    if (out.length > 4096) throw new SigmaRuleError('too-complex', `${where}: placeholders expand to more than 4096 values`);
    last = m.index + m[0].length;
  }
  return out.map((o) => o + value.slice(last));
}
