/**
 * The analyst's desk for one open case: the findings list (filters, search, selection), the open
 * finding with its pivots, and the process timeline being looked at. What the analyst decides
 * (status, notes, suppressions) is `marks` (triage-marks.svelte.ts); exports and the PDF report
 * are `output` (desk-output.ts).
 */
import type { FindingLevel, FindingPivots, FindingStatus, MatchedEvent, PivotEvent, ProcessNode, ProcessRef } from '../../src-main/shared/contract';
import type { TriageClient } from '../lib/bridge';
import { findingLevel, riskBand, type CachedCase, type CaseDb, type FindingRow } from '../lib/case-db';
import { defaultColumnState, parseColumnState, sortRows, type ColumnState } from '../lib/findings-columns';
import { describeDbError } from '../lib/db-errors';
import { matchingSuppression } from '../lib/suppress';
import { DeskOutput } from './desk-output';
import { TriageMarks } from './triage-marks.svelte';

export type DeskView = 'list' | 'detail';
export type DetailTab = 'detail' | 'timeline' | 'processes' | 'dll';
export type CaseSection = 'overview' | 'findings' | 'explorer' | 'evidence' | 'rules';
export type RiskFilter = '' | 'high' | 'medium' | 'low';

/** The process whose timeline is shown: the finding's own, or one the analyst pivoted to. */
export interface ProcessTarget { dest: string; guid: string; name: string; own: boolean }

/** Findings shown before the rest of a large case is read. */
const FIRST_ROWS = 500;
/** The setting holding the findings list's columns (shown, widths, sort). */
const COLUMNS_SETTING = 'findingsColumns';

/** What the free-text search looks through for one finding (lower case). */
function searchText(f: FindingRow): string {
  return [f.rule_name, f.rule_id, f.dest, f.user, f.process_name, f.process, f.process_path,
    f.parent_process_name, f.parent_process, f.registry_path, f.registry_value_data, f.clsid, f.message, f.mitre.join(' '), f.id]
    .filter((x) => x).join('\n').toLowerCase();
}

export class TriageDesk {
  /** The overview is a case's first screen when the cache holds its host summaries (issue 19). */
  section = $state<CaseSection>('findings');
  view = $state<DeskView>('list');
  tab = $state<DetailTab>('detail');
  loading = $state(true);
  /** True while the rest of a large case's findings is still being read (the first rows are shown). */
  partial = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);

  rows = $state.raw<FindingRow[]>([]);
  /** Status, notes, UI suppressions and the analyst's name. */
  readonly marks: TriageMarks;
  /** CSV/JSON exports and the PDF report. */
  readonly output: DeskOutput;

  host = $state('');
  rule = $state('');
  risk = $state<RiskFilter>('');
  level = $state<'' | FindingLevel>('');
  /** The list's columns: shown, widths and sort (kept as a setting across cases). */
  columns = $state.raw<ColumnState>(defaultColumnState());
  status = $state<'' | FindingStatus>('');
  text = $state('');
  showSuppressed = $state(false);
  selected = $state(0);

  openId = $state<string | null>(null);
  pivots = $state.raw<FindingPivots | null>(null);
  /** The events the open finding's rule matched (Sigma findings list them). */
  matchedEvents = $state.raw<MatchedEvent[]>([]);
  target = $state<ProcessTarget | null>(null);
  events = $state.raw<PivotEvent[]>([]);
  eventIndex = $state<number | null>(null);
  /** Seconds either side of the write for the parallel-process lanes. */
  windowSeconds = $state(60);

  /** The search box, for the `/` key. */
  searchEl = $state.raw<HTMLInputElement | null>(null);

  private haystack: string[] = [];

  constructor(readonly api: TriageClient, readonly db: CaseDb, readonly current: CachedCase) {
    this.marks = new TriageMarks(db, current.fingerprint, (message) => { this.error = message; });
    this.output = new DeskOutput(this);
    if (current.hostSummaries) this.section = 'overview';
  }

  /**
   * Reads the case's findings from the cache. A large case shows its first rows (the highest risk)
   * at once and the rest when read, so reopening a big case never waits on the whole table.
   */
  async load(): Promise<void> {
    this.loading = true;
    const fp = this.current.fingerprint;
    try {
      const [first, columns] = await Promise.all([this.db.findingRows(fp, FIRST_ROWS), this.db.getSetting(COLUMNS_SETTING), this.marks.load()]);
      this.columns = parseColumnState(columns);
      this.setRows(first);
      const total = this.current.findingCount ?? first.length;
      if (first.length < FIRST_ROWS || first.length >= total) {
        if (first.length === 0 && this.section === 'findings') this.section = 'evidence';
        return;
      }
      this.partial = true;
      this.loading = false;
      // The rest in small pages, each indexed for search as it comes, yielding between them so
      // opening a finding is never held up by more than one page's work.
      const rest: FindingRow[] = [...first];
      const haystack = [...this.haystack];
      for await (const page of this.db.findingPages(fp, first.length)) {
        for (const r of page) { rest.push(r); haystack.push(searchText(r)); }
        await new Promise((r) => setTimeout(r, 0));
      }
      this.haystack = haystack;
      this.rows = rest;
    } catch (err) {
      this.error = describeDbError(err) ?? `The findings cannot be read from the cache: ${(err as Error).message}`;
    } finally {
      this.loading = false;
      this.partial = false;
    }
  }

  private setRows(rows: FindingRow[]): void {
    this.haystack = rows.map(searchText);
    this.rows = rows;
  }

  // ---- the list -------------------------------------------------------------------------------

  /** Why a finding is suppressed (engine, UI suppression or the analyst's status), or null. */
  suppressedBy(f: FindingRow): string | null {
    if (f.suppressed) return f.suppression ? `${f.suppression.reason} (${f.suppression.author})` : 'suppressed by the rule set';
    const s = matchingSuppression(this.marks.suppressions, f);
    if (s) return `${s.reason} (${s.author})`;
    if (this.marks.statusOf(f.id) === 'suppressed') return 'marked suppressed by the analyst';
    return null;
  }

  readonly hosts = $derived([...new Set(this.rows.map((f) => f.dest))].sort());
  readonly ruleNames = $derived([...new Map(this.rows.map((f) => [f.rule_id, f.rule_name])).entries()].sort((a, b) => a[1].localeCompare(b[1])));

  private readonly filtered = $derived.by(() => {
    const text = this.text.trim().toLowerCase();
    const out: { shown: FindingRow[]; hidden: number } = { shown: [], hidden: 0 };
    for (let i = 0; i < this.rows.length; i++) {
      const f = this.rows[i];
      if (this.host && f.dest !== this.host) continue;
      if (this.rule && f.rule_id !== this.rule) continue;
      if (this.risk && riskBand(f.risk_score) !== this.risk) continue;
      if (this.level && findingLevel(f) !== this.level) continue;
      if (this.status && this.marks.statusOf(f.id) !== this.status) continue;
      if (text && !this.haystack[i]?.includes(text)) continue;
      if (!this.showSuppressed && this.status !== 'suppressed' && this.suppressedBy(f) !== null) { out.hidden++; continue; }
      out.shown.push(f);
    }
    return out;
  });
  /** The rows shown, in the column sort's order (ties, and no sort: risk then time). */
  private readonly ordered = $derived(sortRows(this.filtered.shown, this.columns.sort, (id) => this.marks.statusOf(id)));
  get visible(): FindingRow[] { return this.ordered; }
  get hiddenSuppressed(): number { return this.filtered.hidden; }

  readonly openFinding = $derived(this.openId === null ? null : (this.rows.find((f) => f.id === this.openId) ?? null));

  clearFilters(): void {
    this.host = ''; this.rule = ''; this.risk = ''; this.level = ''; this.status = ''; this.text = ''; this.selected = 0;
  }

  /** New columns (shown, widths, sort), remembered; the selected finding stays selected. */
  setColumns(next: ColumnState): void {
    const id = this.visible[this.selected]?.id;
    this.columns = next;
    if (id !== undefined) this.selected = Math.max(0, this.visible.findIndex((f) => f.id === id));
    this.db.setSetting(COLUMNS_SETTING, JSON.stringify(next)).catch((err: unknown) => {
      this.error = describeDbError(err) ?? `The columns cannot be remembered: ${(err as Error).message}`;
    });
  }

  move(delta: number): void {
    if (this.view === 'detail' && this.tab === 'timeline') {
      if (this.events.length === 0) return;
      const i = this.eventIndex === null ? (delta > 0 ? 0 : this.events.length - 1) : this.eventIndex + delta;
      this.eventIndex = Math.max(0, Math.min(this.events.length - 1, i));
      return;
    }
    if (this.view !== 'list' || this.section !== 'findings') return;
    const n = this.visible.length;
    if (n === 0) return;
    this.selected = Math.max(0, Math.min(n - 1, this.selected + delta));
  }

  /** Enter: open the selected finding. */
  async openSelected(): Promise<void> {
    if (this.view !== 'list' || this.section !== 'findings') return;
    const f = this.visible[this.selected];
    if (f) await this.open(f.id);
  }

  /** Esc: one step back (event → own timeline → finding → list). Returns false when there was nowhere to go. */
  back(): boolean {
    if (this.view === 'detail') {
      if (this.tab === 'timeline' && this.eventIndex !== null) { this.eventIndex = null; return true; }
      if (this.target && !this.target.own) { void this.showOwnTimeline(); return true; }
      if (this.tab !== 'detail') { this.tab = 'detail'; return true; }
      this.view = 'list';
      this.openId = null;
      return true;
    }
    return false;
  }

  // ---- the open finding -----------------------------------------------------------------------

  async open(id: string, tab: DetailTab = 'detail'): Promise<void> {
    const idx = this.visible.findIndex((f) => f.id === id);
    if (idx >= 0) this.selected = idx;
    this.openId = id;
    this.view = 'detail';
    this.tab = tab;
    this.pivots = null;
    this.matchedEvents = [];
    this.events = [];
    this.eventIndex = null;
    try {
      const d = await this.db.detail(this.current.fingerprint, id);
      if (this.openId !== id) return;
      const p = d?.pivots ?? null;
      this.pivots = p;
      this.matchedEvents = d?.events ?? [];
      this.windowSeconds = Math.min(60, p?.parallel_window_seconds ?? 60) || 60;
      await this.showOwnTimeline();
    } catch (err) {
      this.error = describeDbError(err) ?? `The finding's pivots cannot be read: ${(err as Error).message}`;
    }
  }

  async showOwnTimeline(): Promise<void> {
    const f = this.openFinding;
    if (!f) return;
    this.target = { dest: f.dest, guid: f.process_guid, name: f.process_name, own: true };
    this.events = this.pivots?.timeline ?? [];
    this.eventIndex = null;
  }

  /** Pivots to any process's own timeline (from the cached pivot events of the case). */
  async openProcess(p: ProcessRef | ProcessNode | { process_guid: string | null; process_name: string | null; dest?: string }): Promise<void> {
    const f = this.openFinding;
    if (!f || !p.process_guid) return;
    if (p.process_guid.toLowerCase() === f.process_guid.toLowerCase() && (p.dest ?? f.dest) === f.dest) {
      await this.showOwnTimeline();
      this.tab = 'timeline';
      return;
    }
    const dest = p.dest ?? f.dest;
    this.target = { dest, guid: p.process_guid, name: p.process_name ?? p.process_guid, own: false };
    this.tab = 'timeline';
    this.eventIndex = null;
    try {
      this.events = await this.db.processEvents(this.current.fingerprint, dest, p.process_guid);
    } catch (err) {
      this.error = describeDbError(err) ?? (err as Error).message;
    }
  }
}
