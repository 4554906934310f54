/**
 * Suppressions made in the UI: each is a set of field → value conditions; a finding is suppressed
 * when every condition matches exactly (case-insensitive). Applied in the renderer, exportable as JSON.
 */
import type { FindingRow, UiSuppression } from './case-db';

/** The finding fields a suppression may test. */
export const SUPPRESSIBLE_FIELDS = [
  'rule_id', 'dest', 'user', 'process_name', 'process_path', 'parent_process_name', 'registry_path',
  'registry_value_name', 'registry_value_data', 'clsid',
] as const;

function fieldValue(f: FindingRow, field: string): string {
  const v = (f as unknown as Record<string, unknown>)[field];
  return v === null || v === undefined ? '' : String(v);
}

export function matches(s: UiSuppression, f: FindingRow): boolean {
  const entries = Object.entries(s.conditions);
  if (entries.length === 0) return false;
  return entries.every(([field, value]) => fieldValue(f, field).toLowerCase() === value.toLowerCase());
}

export function matchingSuppression(all: readonly UiSuppression[], f: FindingRow): UiSuppression | null {
  for (const s of all) if (matches(s, f)) return s;
  return null;
}

/**
 * The analyst's suppressions as a suppression file the CLI reads (`npm run triage -- --suppressions`,
 * format in assets/suppressions/README.md): each condition becomes an `equals` test (case-insensitive
 * there too), a rule_id condition becomes `rule_ids`, the date is the day it was made (UTC).
 */
export function suppressionsToJson(all: readonly UiSuppression[]): string {
  const sorted = [...all].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id.localeCompare(b.id)));
  const suppressions = sorted.map((s) => {
    const entries = Object.entries(s.conditions);
    const ruleIds = entries.filter(([k]) => k === 'rule_id').map(([, v]) => v);
    const tests = entries.filter(([k]) => k !== 'rule_id').map(([field, value]) => ({ field, op: 'equals', value }));
    // A suppression on the rule alone matches every finding of it: the engine's form needs a test.
    const when = tests.length > 0 ? { all: tests } : { field: 'rule_id', op: 'equals', value: ruleIds[0] ?? '' };
    return { id: s.id, rule_ids: ruleIds, when, author: s.author, reason: s.reason, date: s.date.slice(0, 10), expires: null };
  });
  return `${JSON.stringify({ version: 1, suppressions }, null, 2)}\n`;
}

export function newSuppressionId(now: Date, counter: number): string {
  return `ui-${now.getTime().toString(36)}-${counter.toString(36)}`;
}
