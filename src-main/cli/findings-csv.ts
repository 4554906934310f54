/**
 * Findings as CSV with the Splunk table's columns (RFC 4180: CRLF line ends, every field that
 * holds a comma, quote, CR or LF is quoted, quotes doubled) and safe to open in a spreadsheet:
 * a cell starting with = + - @ (or a tab / CR, which some spreadsheets skip before a formula)
 * gets a leading `'` so it is shown as text, never evaluated (OWASP CSV injection).
 */
import type { Finding } from '../detect/findings.ts';
import { SPLUNK_COLUMNS, splunkTable } from '../detect/output.ts';

export interface FindingsCsvOptions {
  /** Also write rule_id, rule_name, risk_score, suppressed, level, source, rule_author after Splunk's columns (default true). */
  extraColumns?: boolean;
  /** Keep suppressed findings (flagged in the `suppressed` column). Default true: nothing is lost silently. */
  includeSuppressed?: boolean;
  ruleId?: string;
}

/** After Splunk's columns; new columns are only ever appended. */
export const EXTRA_COLUMNS = ['rule_id', 'rule_name', 'risk_score', 'suppressed', 'level', 'source', 'rule_author'];

export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function findingsCsv(findings: readonly Finding[], options: FindingsCsvOptions = {}): string {
  const extra = options.extraColumns ?? true;
  const includeSuppressed = options.includeSuppressed ?? true;
  const header: string[] = [...SPLUNK_COLUMNS, ...(extra ? EXTRA_COLUMNS : [])];
  const lines = [header.map(csvCell).join(',')];
  const selected = findings.filter((f) => (options.ruleId === undefined || f.rule_id === options.ruleId) && (includeSuppressed || !f.suppressed));
  // splunkTable sorts rows; rebuild the extras by pairing each row with its finding.
  const paired = selected.map((f) => ({ f, row: splunkTable([f], { includeSuppressed: true })[0]! }));
  const by = ['dest', 'process_name', 'registry_path', 'registry_key_name', 'registry_value_name', 'user'] as const;
  paired.sort((a, b) => {
    for (const k of by) if (a.row[k] !== b.row[k]) return a.row[k] < b.row[k] ? -1 : 1;
    return a.f.rule_id < b.f.rule_id ? -1 : a.f.rule_id > b.f.rule_id ? 1 : 0;
  });
  for (const { f, row } of paired) {
    const cells: unknown[] = SPLUNK_COLUMNS.map((c) => row[c]);
    // DRL 1.1: a Sigma rule's author goes wherever its matches are shown.
    if (extra) cells.push(f.rule_id, f.rule_name, f.risk_score, f.suppressed, f.level, f.source, f.sigma?.author ?? '');
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
