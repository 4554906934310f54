/**
 * The merged findings as CSV: the triage's columns (output/findings-csv.ts: Splunk's table, then
 * rule_id, rule_name, risk_score, suppressed, level, source, rule_author; spreadsheet-safe cells),
 * then finding_id, source_documents (`;`-separated), and the analyst's kept status and note with
 * the number of conflicting annotations.
 */
import { csvCell, EXTRA_COLUMNS } from '../output/findings-csv';
import { SPLUNK_COLUMNS } from '../output/splunk-table';
import type { MergedFinding } from './merge-findings';

const MERGE_COLUMNS = ['finding_id', 'source_documents', 'triage_status', 'triage_note', 'triage_conflicts'] as const;

/** The CSV, one line (CRLF-terminated) at a time. */
export function* mergedFindingsCsv(findings: Iterable<MergedFinding>): Generator<string> {
  const header = [...SPLUNK_COLUMNS, ...EXTRA_COLUMNS, ...MERGE_COLUMNS];
  yield `${header.map(csvCell).join(',')}\r\n`;
  for (const f of findings) {
    const triage = f.triage as { status?: string; note?: string } | undefined;
    const sigma = f.sigma as { author?: string | null } | undefined;
    const v: Record<string, unknown> = {
      ...f, user: f.user ?? '', rule_author: sigma?.author ?? '', source: f.source ?? 'builtin',
      source_documents: (f.source_documents as string[]).join(';'), triage_status: triage?.status ?? '', triage_note: triage?.note ?? '',
      triage_conflicts: Array.isArray(f.triage_conflicts) ? f.triage_conflicts.length : 0,
    };
    yield `${header.map((c) => csvCell(typeof v[c] === 'object' ? '' : v[c])).join(',')}\r\n`;
  }
}
