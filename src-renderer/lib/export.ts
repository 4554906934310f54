/**
 * The findings as the analyst exports them, built in the renderer: CSV (safe to open in a
 * spreadsheet: no cell can start a formula) and JSON (with the analyst's status and notes).
 */
import type { FindingAnnotation } from '../../src-main/shared/contract';
import { findingLevel, type FindingRow } from './case-db';

const CSV_COLUMNS = [
  'id', 'rule_id', 'rule_name', 'risk_score', 'mitre', 'dest', 'user', 'process_name', 'process_guid', 'process_path', 'process',
  'parent_process_name', 'parent_process', 'registry_path', 'registry_key_name', 'registry_value_name', 'registry_value_data',
  'clsid', 'count', 'firstTime', 'lastTime', 'suppressed', 'status', 'note', 'status_by', 'status_at',
  // appended (columns are only ever added at the end); rule_author: DRL 1.1 for Sigma rules
  'level', 'source', 'rule_author',
] as const;

/** One CSV cell: quoted, quotes doubled, and a leading = + - @ TAB CR neutralised with a `'`. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export interface ExportRow { finding: FindingRow; suppressed: boolean; annotation: FindingAnnotation | undefined }

export function findingsToCsv(rows: readonly ExportRow[]): string {
  const lines = [CSV_COLUMNS.map(csvCell).join(',')];
  for (const { finding: f, suppressed, annotation: a } of rows) {
    const values: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      id: f.id, rule_id: f.rule_id, rule_name: f.rule_name, risk_score: f.risk_score, mitre: f.mitre, dest: f.dest, user: f.user,
      process_name: f.process_name, process_guid: f.process_guid, process_path: f.process_path, process: f.process,
      parent_process_name: f.parent_process_name, parent_process: f.parent_process, registry_path: f.registry_path,
      registry_key_name: f.registry_key_name, registry_value_name: f.registry_value_name, registry_value_data: f.registry_value_data,
      clsid: f.clsid, count: f.count, firstTime: f.firstTime, lastTime: f.lastTime, suppressed,
      status: a?.status ?? 'new', note: a?.note ?? '', status_by: a?.by ?? '', status_at: a?.at ?? '',
      level: findingLevel(f), source: f.source ?? 'builtin', rule_author: f.sigma?.author ?? '',
    };
    lines.push(CSV_COLUMNS.map((c) => csvCell(values[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function findingsToJson(meta: { root: string; fingerprint: string; exportedAt: string }, rows: readonly ExportRow[]): string {
  return `${JSON.stringify({
    kind: 'evtx-triage-findings',
    version: 1,
    evidence_root: meta.root,
    fingerprint: meta.fingerprint,
    exported: meta.exportedAt,
    findings: rows.map(({ finding, suppressed, annotation }) => ({ ...finding, suppressed, triage: annotation ?? { status: 'new', note: '', by: '', at: '' } })),
  }, null, 2)}\n`;
}
