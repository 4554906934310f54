/**
 * Suppressions: field conditions with an author, a reason and a date, applied AFTER detection.
 * A suppressed finding is kept, flagged `suppressed: true` with the suppression that matched, and
 * counted; nothing is dropped. The same list is editable from the UI (it is plain data) and from
 * a file for the CLI (assets/suppressions/README.md documents the format).
 */
import { readFileSync } from 'node:fs';
import type { Condition, FieldBag } from './conditions';
import { evaluate, parseCondition } from './conditions';
import { FINDING_FIELDS } from './fields';
import type { Finding } from './findings';

interface Suppression {
  id: string;
  /** Rule ids this applies to; omitted or empty = every rule. */
  rule_ids: string[];
  when: Condition;
  author: string;
  reason: string;
  /** YYYY-MM-DD the suppression was written. */
  date: string;
  /** Optional YYYY-MM-DD after which it no longer applies. */
  expires: string | null;
}

export interface SuppressionList {
  suppressions: Suppression[];
}

export interface SuppressionRef {
  id: string;
  author: string;
  reason: string;
  date: string;
}

export class SuppressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuppressionError';
  }
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function emptySuppressions(): SuppressionList {
  return { suppressions: [] };
}

/** Validates a suppression file's JSON: `{ "version": 1, "suppressions": [ … ] }`. */
export function parseSuppressions(json: unknown, where = 'suppressions'): SuppressionList {
  if (!isObj(json)) throw new SuppressionError(`${where}: a suppression file is a JSON object`);
  if (json['version'] !== 1) throw new SuppressionError(`${where}: "version" must be 1`);
  const list = json['suppressions'];
  if (!Array.isArray(list)) throw new SuppressionError(`${where}: "suppressions" must be an array`);
  const ids = new Set<string>();
  const suppressions = list.map((s, i): Suppression => {
    const w = `${where}: suppressions[${i}]`;
    if (!isObj(s)) throw new SuppressionError(`${w} must be an object`);
    const str = (k: string) => {
      const v = s[k];
      if (typeof v !== 'string' || v.trim() === '') throw new SuppressionError(`${w}: "${k}" is required (non-empty string)`);
      return v;
    };
    const id = str('id');
    if (ids.has(id)) throw new SuppressionError(`${w}: duplicate id "${id}"`);
    ids.add(id);
    const date = str('date');
    if (!DATE_RE.test(date)) throw new SuppressionError(`${w}: "date" must be YYYY-MM-DD`);
    const expires = s['expires'] === undefined || s['expires'] === null ? null : s['expires'];
    if (expires !== null && (typeof expires !== 'string' || !DATE_RE.test(expires))) throw new SuppressionError(`${w}: "expires" must be YYYY-MM-DD`);
    const ruleIds = s['rule_ids'] === undefined ? [] : s['rule_ids'];
    if (!Array.isArray(ruleIds) || !ruleIds.every((x) => typeof x === 'string')) throw new SuppressionError(`${w}: "rule_ids" must be an array of strings`);
    let when: Condition;
    try {
      when = parseCondition(s['when'], `${w}.when`, FINDING_FIELDS);
    } catch (e) {
      throw new SuppressionError((e as Error).message);
    }
    return { id, rule_ids: ruleIds as string[], when, author: str('author'), reason: str('reason'), date, expires: expires as string | null };
  });
  return { suppressions };
}

export function loadSuppressionsFile(file: string): SuppressionList {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SuppressionError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  return parseSuppressions(json, file);
}

/** The first suppression that applies to a finding (its rule and fields), or null. `today`: YYYY-MM-DD. */
function matchSuppression(list: SuppressionList, ruleId: string, fields: FieldBag, today: string): SuppressionRef | null {
  for (const s of list.suppressions) {
    if (s.rule_ids.length > 0 && !s.rule_ids.includes(ruleId)) continue;
    if (s.expires !== null && s.expires < today) continue;
    // Evaluated without intel: suppressions are about this finding's own fields.
    if (evaluate(s.when, fields)) return { id: s.id, author: s.author, reason: s.reason, date: s.date };
  }
  return null;
}

/**
 * The first suppression that applies to a finding as built (`ruleId`: its rule's id), or null;
 * its fields are gathered only when the list holds a suppression (a triage without a
 * suppression file has none: no copy of every finding's fields).
 */
export function suppressionOf(list: SuppressionList, ruleId: string, f: Finding, today: string): SuppressionRef | null {
  return list.suppressions.length === 0 ? null : matchSuppression(list, ruleId, findingFields(f), today);
}

/** The scalar fields of a finding, as suppressions see them (a Sigma finding's rule too: `sigma_path`, `sigma_status`, `rule_author`). */
function findingFields(f: Finding): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  out.sigma_path = f.sigma?.path ?? null;
  out.sigma_status = f.sigma?.status ?? null;
  out.rule_author = f.sigma?.author ?? null;
  return out;
}

/**
 * Re-applies a (possibly edited) suppression list to findings already computed: the UI edits
 * suppressions and re-flags without running detection again. Returns new finding objects.
 */
export function applySuppressions<T extends Finding>(findings: readonly T[], list: SuppressionList, today: string = new Date().toISOString().slice(0, 10)): T[] {
  return findings.map((f) => {
    const sup = matchSuppression(list, f.rule_id, findingFields(f), today);
    return { ...f, suppressed: sup !== null, suppressed_by: sup };
  });
}
