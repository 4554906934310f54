/** Splunk's stats table of the seed analytic: a projection of the finding shape (a finding IS a stats row). */
import type { FindingFields } from '../shared/contract';

/** Splunk's columns, in the order `stats count min(_time) as firstTime max(_time) as lastTime by …` returns them. */
export const SPLUNK_COLUMNS = ['dest', 'process_name', 'registry_path', 'registry_key_name', 'registry_value_name', 'user', 'count', 'firstTime', 'lastTime'] as const;
type SplunkColumn = (typeof SPLUNK_COLUMNS)[number];
export type SplunkRow = { [K in SplunkColumn]: K extends 'count' ? number : string };

/** What a row is made from: any finding (the case's, or the engine's before it is mapped). */
export type SplunkSource = Pick<FindingFields, SplunkColumn | 'rule_id' | 'suppressed'>;

export interface SplunkTableOptions {
  /** Only this rule's rows (e.g. SEED_RULE_ID). Default: every finding. */
  ruleId?: string;
  /** Splunk's filter macro removes suppressed rows; set true to keep them. Default false. */
  includeSuppressed?: boolean;
}

/** Splunk's by-fields, in order (the table's sort key). */
export const SPLUNK_BY = ['dest', 'process_name', 'registry_path', 'registry_key_name', 'registry_value_name', 'user'] as const;

/** One finding's row (a null user is shown as ''). */
export function splunkRow(f: SplunkSource): SplunkRow {
  return {
    dest: f.dest, process_name: f.process_name, registry_path: f.registry_path, registry_key_name: f.registry_key_name,
    registry_value_name: f.registry_value_name, user: f.user ?? '', count: f.count, firstTime: f.firstTime, lastTime: f.lastTime,
  };
}

/**
 * The stats table: one row per finding, sorted like Splunk sorts `stats … by` output
 * (lexicographically by the by-fields).
 */
export function splunkTable(findings: readonly SplunkSource[], options: SplunkTableOptions = {}): SplunkRow[] {
  const rows = findings
    .filter((f) => (options.ruleId === undefined || f.rule_id === options.ruleId) && (options.includeSuppressed || !f.suppressed))
    .map(splunkRow);
  rows.sort((a, b) => {
    for (const k of SPLUNK_BY) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
    return 0;
  });
  return rows;
}
