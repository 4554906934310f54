/**
 * Findings as CSV with the Splunk table's columns (RFC 4180: CRLF line ends, every field that
 * holds a comma, quote, CR or LF is quoted, quotes doubled) and safe to open in a spreadsheet:
 * a cell starting with = + - @ (or a tab / CR, which some spreadsheets skip before a formula)
 * gets a leading `'` so it is shown as text, never evaluated (OWASP CSV injection).
 */
import type { CaseFinding } from '../shared/contract';
import { SPLUNK_BY, SPLUNK_COLUMNS, splunkRow, type SplunkSource } from './splunk-table';

/** What a row is made from: the case finding's stats row, rule and level (the engine's finding has them too). */
export type CsvFinding = SplunkSource & Pick<CaseFinding, 'rule_name' | 'risk_score' | 'level' | 'source'> & { sigma?: { author: string | null } | null };

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

/** A finding's value in Splunk's by-field `k` (as `splunkTable` writes it: a null user is ''). */
function byValue(f: CsvFinding, k: (typeof SPLUNK_BY)[number]): string {
  return k === 'user' ? (f.user ?? '') : f[k];
}

/**
 * The CSV text in pieces, one line (with its CRLF) at a time: the header, then one row per
 * finding, each made only when it is written, so memory holds the findings and one line, never
 * the whole text (for `writeFileAtomicFrom`). Rows sorted like `splunkTable` (its by-fields,
 * then the rule id; a stable sort, so ties keep the findings' order).
 */
export function* findingsCsvLines(findings: readonly CsvFinding[], options: FindingsCsvOptions = {}): Generator<string> {
  const extra = options.extraColumns ?? true;
  const includeSuppressed = options.includeSuppressed ?? true;
  const header: string[] = [...SPLUNK_COLUMNS, ...(extra ? EXTRA_COLUMNS : [])];
  yield `${header.map(csvCell).join(',')}\r\n`;
  const selected = findings.filter((f) => (options.ruleId === undefined || f.rule_id === options.ruleId) && (includeSuppressed || !f.suppressed));
  selected.sort((a, b) => {
    for (const k of SPLUNK_BY) {
      const x = byValue(a, k);
      const y = byValue(b, k);
      if (x !== y) return x < y ? -1 : 1;
    }
    return a.rule_id < b.rule_id ? -1 : a.rule_id > b.rule_id ? 1 : 0;
  });
  for (const f of selected) {
    const row = splunkRow(f);
    const cells: unknown[] = SPLUNK_COLUMNS.map((c) => row[c]);
    // DRL 1.1: a Sigma rule's author goes wherever its matches are shown.
    if (extra) cells.push(f.rule_id, f.rule_name, f.risk_score, f.suppressed, f.level, f.source, f.sigma?.author ?? '');
    yield `${cells.map(csvCell).join(',')}\r\n`;
  }
}

/** The whole CSV text (RFC 4180, CRLF after every line): `findingsCsvLines` joined. */
export function findingsCsv(findings: readonly CsvFinding[], options: FindingsCsvOptions = {}): string {
  return [...findingsCsvLines(findings, options)].join('');
}
