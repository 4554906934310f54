/**
 * What leaves the desk: the findings shown as CSV or JSON, the UI suppressions as JSON, and the
 * PDF report (made in main from the cached case, with the UI's suppressions and triage marks).
 */
import type { CaseFinding, CaseScan, FindingPivots } from '../../src-main/shared/contract';
import { selectFindings } from '../../src-main/shared/report-selection';
import { reportBookmarks } from '../lib/report-bookmarks';
import { findingsToCsv, findingsToJson, type ExportRow } from '../lib/export';
import { matchingSuppression, suppressionsToJson } from '../lib/suppress';
import type { TriageDesk } from './triage-desk.svelte';

function emptyPivots(): FindingPivots {
  return {
    dll_created_by: [], dll_loaded_by: [], timeline: [], tree: [], parallel: [], parallel_window_seconds: 0,
    other_registry_values: [], dll_file_events: [], dll_load_events: [],
  };
}

export class DeskOutput {
  constructor(private readonly desk: TriageDesk) {}

  private exportRows(): ExportRow[] {
    const d = this.desk;
    return d.visible.map((f) => ({ finding: f, suppressed: d.suppressedBy(f) !== null, annotation: d.marks.annotations.get(f.id) }));
  }

  /** The case folder's own name (undefined for a root such as `/`). */
  private leaf(): string | undefined {
    return this.desk.current.root.split(/[\\/]/).filter((x) => x).pop();
  }

  async exportFindings(kind: 'csv' | 'json'): Promise<void> {
    const rows = this.exportRows();
    const c = this.desk.current;
    const content = kind === 'csv'
      ? findingsToCsv(rows)
      : findingsToJson({ root: c.root, fingerprint: c.fingerprint, exportedAt: new Date().toISOString() }, rows);
    const base = `${(this.leaf() ?? 'case').replace(/[^A-Za-z0-9._-]+/g, '_')}-findings`;
    await this.save(kind, `${base}.${kind}`, content, `${rows.length} findings`);
  }

  async exportSuppressions(): Promise<void> {
    const s = this.desk.marks.suppressions;
    await this.save('json', 'suppressions.json', suppressionsToJson(s), `${s.length} suppressions`);
  }

  private async save(kind: 'csv' | 'json', name: string, content: string, what: string): Promise<void> {
    const d = this.desk;
    d.notice = null;
    try {
      const res = await d.api.call('saveExport', { kind, suggestedName: name, content });
      if (res) d.notice = `Saved ${what} to ${res.path}`;
    } catch (err) {
      d.error = `Export failed: ${(err as Error).message}`;
    }
  }

  /** The case as the report needs it: findings with pivots, UI suppressions applied. */
  /**
   * The case as the report needs it. A large case sends the pivots and matched events of only the
   * findings the report prints in full (the same selection the report makes, shared/report-selection),
   * so the request stays within saveReport's bounds however many findings the case holds.
   */
  async reportScan(findingIds: readonly string[] | null = null): Promise<CaseScan> {
    const d = this.desk;
    const c = d.current;
    const marked: CaseFinding[] = d.rows.map((f) => {
      const ui = f.suppressed ? null : matchingSuppression(d.marks.suppressions, f);
      const row = { ...f, pivots: emptyPivots(), events: [] };
      return ui ? { ...row, suppressed: true, suppression: { id: ui.id, author: ui.author, reason: ui.reason, date: ui.date } } : row;
    });
    const scope = findingIds === null ? null : new Set(findingIds);
    const inScope = (f: CaseFinding) => scope === null || scope.has(f.id);
    const sel = selectFindings(marked.filter((f) => inScope(f) && !f.suppressed));
    const inFull = sel.bounded ? new Set(sel.full.map((f) => f.id)) : null;
    const findings: CaseFinding[] = [];
    for (const f of marked) {
      if (!inScope(f) || (inFull !== null && !inFull.has(f.id))) { findings.push(f); continue; }
      const detail = await d.db.detail(c.fingerprint, f.id);
      findings.push({ ...f, pivots: detail?.pivots ?? emptyPivots(), events: detail?.events ?? [] });
    }
    return {
      root: c.root, fingerprint: c.fingerprint, scannedAt: c.scannedAt, evidence: c.evidence, findings, rules: c.rules,
      ruleset: c.ruleset ?? { version: '', intel_version: '' }, stats: c.stats,
    };
  }

  /** The PDF report of the findings shown (the whole case when none is filtered out), or of `only`. */
  async saveReport(only?: string[]): Promise<void> {
    const d = this.desk;
    d.notice = null;
    // The cover names the analyst: asked once (and remembered), never the OS account.
    if (!d.marks.analyst.trim()) { await d.marks.withName(() => this.saveReport(only)); return; }
    try {
      const ids = only ?? d.visible.map((f) => f.id);
      const findingIds = !only && ids.length === d.rows.length ? null : ids;
      const scan = await this.reportScan(findingIds);
      const res = await d.api.call('saveReport', {
        caseName: this.leaf() ?? d.current.root,
        analyst: d.marks.analyst,
        scan,
        findingIds,
        annotations: Object.fromEntries(d.marks.annotations),
        bookmarks: await reportBookmarks(d.db, d.current.fingerprint),
      });
      if (res) d.notice = `Saved the PDF report (${res.bytes.toLocaleString('en-US')} bytes) to ${res.path}`;
    } catch (err) {
      d.error = `The report could not be made: ${(err as Error).message}`;
    }
  }
}
