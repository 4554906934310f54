/**
 * The event explorer of one case: every normalised event, read once from the evidence through
 * the paged API into IndexedDB (caseEvents, with the index's column and text pages), and from
 * then on from the cache only, so reopening a case never re-parses. Reopening shows the first
 * page at once and reads the rest of the columns, then the search texts, in batches behind it.
 * Filters run over the in-memory index (lib/event-index.ts) in slices of a few ms, so a search
 * over a million events never holds the page; the full event is read from the cache when it is
 * opened, and its raw Event XML from the evidence (readEventSource).
 */
import type { ExplorerEvent } from '../../src-main/shared/contract';
import type { TriageClient } from '../lib/bridge';
import { EVENT_INDEX_FORMAT, type CachedCase, type CaseDb, type EventBookmark } from '../lib/case-db';
import { describeDbError } from '../lib/db-errors';
import { EventIndex, parseEventIds, type ColumnPage, type PageSource } from '../lib/event-index';
import { HistogramRun } from '../lib/event-histogram';
import type { FilterRun } from '../lib/event-filter';
import { SlicedJob } from '../lib/sliced-job';
import { runPivot, type PivotFind } from '../lib/pivot-run';
import { fieldHasValue, valueNeedle } from '../lib/value-pivot';
import { yieldToPage } from '../lib/yield-to-page';
import { stepDone } from '../lib/perf-steps';
import { readOpenSource, type OpenSource } from '../lib/open-source';
import { bookmarkKey, saveBookmark } from './explorer-bookmarks';
import { readEvidence, rebuildIndex } from './explorer-first-read';

export { bookmarkKey, MAX_NOTE_CHARS } from './explorer-bookmarks';

/** Longest stretch a filter or the histogram runs before the page gets the main thread back (ms): a frame keeps room for its own work. */
const SLICE_MS = 5;
/** Column pages per cache read on reopening (each read is one task: kept short); text pages per read behind them; ms between view updates. */
const COLUMN_BATCH = 25; const TEXT_BATCH = 4; const TOUCH_MS = 400;
/** Column pages taken into the index per task. */
const ADD_PAGES = 5;
/** Text pages read at once for the rows in view and ahead of them; the histogram's bins. */
const TEXT_READS = 4; const HISTOGRAM_BINS = 120;
/** How long the grid must be still before the reads behind it go on (ms); at least this many of its last scroll steps' gaps (frames come slower on a loaded machine), up to a second. */
const QUIET_MS = 200; const QUIET_STEPS = 3; const MAX_QUIET_MS = 1000;

export type ExplorerStatus = 'idle' | 'reading' | 'ready' | 'error';

const EMPTY = new Uint32Array(0);

export class EventExplorer {
  status = $state<ExplorerStatus>('idle');
  /** Events indexed so far (grows while reading). */
  loaded = $state(0);
  /** Events of the case: known from the cache at once on reopening; while reading the evidence, those read. */
  total = $state(0);
  /** Reopening: the columns are still being read from the cache (the first page is shown). */
  indexing = $state(false);
  /** Events whose search text is read: what the full-text search covers until it equals `loaded`. */
  textRows = $state(0);
  /** A filter is still running (in slices). */
  filtering = $state(false);
  /** Where they come from: read from the evidence now, or from the cache. */
  source = $state<'evidence' | 'cache' | null>(null);
  error = $state<string | null>(null);
  /** Files whose events could not all be read, with why. */
  fileErrors = $state.raw<string[]>([]);
  /** Bumped when the index changes, so derived views recompute. */
  version = $state(0);

  host = $state(''); channel = $state(''); provider = $state('');
  eventIdText = $state(''); text = $state('');
  range = $state.raw<{ from: number; to: number } | null>(null);
  /** A pivot in force: a process (host + ProcessGuid) or a field value; its events' seqs. */
  pivot = $state.raw<{ label: string; seqs: Set<number> } | null>(null);
  /** A pivot's check of the events its index cannot answer, while it runs: how many are checked of how many. */
  pivotCheck = $state.raw<{ checked: number; of: number } | null>(null);
  /** Set when the analyst stopped a pivot's check: how many events it left unchecked. */
  pivotUnchecked = $state(0);

  selected = $state<number | null>(null);
  openEvent = $state.raw<ExplorerEvent | null>(null);
  openSeq = $state<number | null>(null);
  /** The open event's raw Event XML (or original text), read from the evidence when it is opened. */
  openSource = $state.raw<OpenSource | null>(null);

  readonly index = new EventIndex();
  /** The analyst's bookmarks on this case's events, by bookmarkKey. */
  bookmarks = $state.raw<Map<string, EventBookmark>>(new Map());

  constructor(readonly api: TriageClient, readonly db: CaseDb, readonly current: CachedCase) {}

  readonly eventIds = $derived(parseEventIds(this.eventIdText));
  /** What the filters (all but the time range) keep: set by refilter(), which the view runs when `query` changes. */
  unranged = $state.raw<Uint32Array>(EMPTY);
  readonly visible = $derived(this.range ? this.index.inRange(this.unranged, this.range) : this.unranged);
  /** Everything the unranged filter depends on (the view's effect reads it, then calls refilter). */
  readonly query = $derived({
    host: this.host, channel: this.channel, provider: this.provider, eventIds: this.eventIds, text: this.text.trim().toLowerCase(),
    only: this.pivot?.seqs ?? null, version: this.version,
  });
  /** The histogram of what the filters (all but the range) keep, over their time span: follows `unranged`, counted in slices behind the frames. */
  histogram = $state.raw<{ from: number; to: number; counts: number[] } | null>(null);
  readonly hostNames = $derived.by(() => { void this.version; return [...this.index.hosts.values].sort(); });
  readonly channelNames = $derived.by(() => { void this.version; return [...this.index.channels.values].sort(); });
  readonly providerNames = $derived.by(() => { void this.version; return [...this.index.providers.values].sort(); });

  private readonly filterJob = new SlicedJob();
  private readonly histogramJob = new SlicedJob();
  private lastQuery: Query | null = null;
  /** Until when the grid is being scrolled (performance.now() ms): the reads behind the grid wait. */
  private busyUntil = 0;
  private lastScroll = -Infinity;
  /** Text pages being read for the grid (page numbers). */
  private readonly asked = new Set<number>();

  /** The grid scrolled: the reads behind it wait until it has been still for a moment. */
  scrolled(): void {
    const now = performance.now();
    // A gap of a second or more starts a new scroll; a shorter one is a step of this one, slow when the machine is loaded.
    const gap = now - this.lastScroll < MAX_QUIET_MS ? now - this.lastScroll : 0;
    this.lastScroll = now;
    this.busyUntil = now + Math.min(MAX_QUIET_MS, Math.max(QUIET_MS, QUIET_STEPS * gap));
  }
  /** Waits while the grid scrolls, so a read's work never lands in a scroll frame. */
  private async quiet(): Promise<void> {
    while (performance.now() < this.busyUntil) await new Promise((r) => setTimeout(r, Math.max(10, this.busyUntil - performance.now())));
  }

  /**
   * Reads now the texts of the rows at visible positions [from, to) that are not read yet, nearest
   * first (`backwards`: from `to` down), a page per read so each lands as a short task; a page
   * being read is not asked again. Reads ahead of the view are at most TEXT_READS at once; the
   * rows in view (`inView`) are asked whatever is in flight, so they never wait behind them.
   */
  wantTexts(from: number, to: number, backwards = false, inView = false): void {
    if (!inView && this.asked.size >= TEXT_READS) return;
    for (const p of this.index.pagesWithoutTextAt(this.visible, from, to, backwards)) {
      if (!inView && this.asked.size >= TEXT_READS) return;
      if (!this.asked.has(p)) void this.readTextPage(p);
    }
  }

  private async readTextPage(page: number): Promise<void> {
    this.asked.add(page);
    const t = await this.db.eventTexts.get([this.current.fingerprint, page]).catch(() => undefined);
    const t0 = performance.now();
    // Taken off before the rows redraw, so the grid's next ask may read another page.
    this.asked.delete(page);
    if (!t) return;
    this.index.addTexts(t);
    this.textRows = this.index.textRows;
    queueMicrotask(() => stepDone('texts-in-view', t0));
  }

  /**
   * Runs the filters over the index in slices (lib/sliced-job.ts), then counts the histogram of
   * what they keep; a newer query drops the run. A query that differs from the last only by the
   * index having grown is catch-up work: its later slices wait behind frames and while the grid scrolls.
   */
  refilter(q = this.query): void {
    const catchUp = this.lastQuery !== null && sameFilters(this.lastQuery, q);
    this.lastQuery = q;
    if (q.eventIds === null) {
      this.filterJob.stop(); this.histogramJob.stop();
      this.unranged = EMPTY; this.histogram = null; this.filtering = false;
      return;
    }
    const run = this.index.startFilter({ ...q, eventIds: q.eventIds });
    const done = (): void => { this.unranged = run.result; this.filtering = false; this.countHistogram(run); };
    // Catch-up shares its first slice's task with the views' other updates: a shorter one.
    const atOnce = this.filterJob.run((d) => run.run(d), done, {
      sliceMs: SLICE_MS, priority: catchUp ? 'background' : 'user-visible', step: 'filter', ...(catchUp ? { firstMs: 2, before: () => this.quiet() } : {}),
    });
    if (!atOnce) this.filtering = true;
  }

  /** The histogram of a finished filter's events: its first slice in the filter's task (a small case is done then), the rest behind the frames. */
  private countHistogram(run: FilterRun): void {
    const span = run.span;
    if (!span) { this.histogramJob.stop(); this.histogram = null; return; }
    const h = new HistogramRun(this.index.time, run.result, span.from, span.to, HISTOGRAM_BINS);
    this.histogramJob.run((d) => h.run(d), () => { this.histogram = { from: span.from, to: span.to, counts: h.counts }; }, {
      sliceMs: SLICE_MS, firstMs: 1, priority: 'background', before: () => this.quiet(), step: 'histogram',
    });
  }

  /** Reads the case's events: from the cache when it holds them all, else from the evidence (once). */
  async load(): Promise<void> {
    if (this.status === 'reading' || this.status === 'ready') return;
    this.status = 'reading';
    this.error = null;
    const fp = this.current.fingerprint;
    try {
      const marks = await this.db.bookmarks.where('fingerprint').equals(fp).toArray();
      this.bookmarks = new Map(marks.map((b) => [b.key, b]));
      const state = await this.db.eventLoads.get(fp);
      if (state?.complete) {
        this.source = 'cache';
        this.fileErrors = state.errors;
        this.total = state.events;
        if (state.index === EVENT_INDEX_FORMAT) await this.readCache(fp);
        else await rebuildIndex(this, fp);
      } else {
        this.source = 'evidence';
        await this.db.transaction('rw', [this.db.caseEvents, this.db.eventColumns, this.db.eventTexts], async () => {
          await this.db.caseEvents.where('fingerprint').equals(fp).delete();
          await this.db.eventColumns.where('fingerprint').equals(fp).delete();
          await this.db.eventTexts.where('fingerprint').equals(fp).delete();
        });
        await readEvidence(this, fp);
      }
      this.status = 'ready';
    } catch (err) {
      this.status = 'error';
      this.indexing = false;
      this.error = describeDbError(err) ?? `The events cannot be read: ${(err as Error).message}`;
    }
  }

  /**
   * Reopening: the first column page and its texts (the grid shows them at once, with the case's
   * count), then the other column pages in batches, then the texts behind them.
   */
  private async readCache(fp: string): Promise<void> {
    let next = 0;
    let batch = 1;
    let shown = 0;
    for (;;) {
      const pages: ColumnPage[] = await this.db.eventColumns.where('[fingerprint+page]').between([fp, next], [fp, Infinity]).limit(batch).toArray();
      // Sized for the case's count at once: appending never copies the columns again mid-scroll.
      if (next === 0) this.index.reserve(this.total);
      // Taken in a few pages per task: the cache's answer is one task already (its values made on the page).
      for (let k = 0; k < pages.length; k += ADD_PAGES) {
        if (k > 0) await yieldToPage('background');
        const t0 = performance.now();
        for (const p of pages.slice(k, k + ADD_PAGES)) this.index.addColumns(p);
        stepDone('columns-add', t0);
      }
      if (next === 0) {
        const t = pages[0] ? await this.db.eventTexts.get([fp, pages[0].page]) : undefined;
        if (t) this.index.addTexts(t);
        this.status = 'ready';
        this.indexing = true;
      }
      // The views (filter, histogram, counts: each a pass over all read so far) follow a few times a second, never mid-scroll.
      if (next === 0 || performance.now() - shown > TOUCH_MS) { await this.quiet(); this.touched(); shown = performance.now(); }
      if (pages.length < batch) break;
      next = pages[pages.length - 1]!.page + 1;
      batch = COLUMN_BATCH;
      await yieldToPage('background');
      await this.quiet();
    }
    this.indexing = false;
    this.touched();
    await this.readTexts(fp);
  }

  /** The text pages not read yet, in batches; the search covers them as they come. */
  private async readTexts(fp: string): Promise<void> {
    const want = this.index.pagesWithoutText();
    for (let k = 0; k < want.length; k += TEXT_BATCH) {
      const keys = want.slice(k, k + TEXT_BATCH).map((p) => [fp, p] as [string, number]);
      const rows = await this.db.eventTexts.bulkGet(keys);
      const t0 = performance.now();
      for (const t of rows) if (t) this.index.addTexts(t);
      this.textRows = this.index.textRows;
      if (this.text.trim()) this.version++;
      queueMicrotask(() => stepDone('texts-add', t0));
      await yieldToPage('background');
      await this.quiet();
    }
    this.textRows = this.index.textRows;
  }

  /** The index grew: the counts and the views (filter, histogram) follow. */
  touched(): void {
    const t0 = performance.now();
    this.loaded = this.index.length;
    this.textRows = this.index.textRows;
    this.version++;
    // The views follow in Svelte's flush (a microtask queued before this one).
    queueMicrotask(() => stepDone('views', t0));
  }

  clearFilters(): void {
    this.clearFields();
    this.dropPivot();
  }

  private clearFields(): void {
    this.host = ''; this.channel = ''; this.provider = ''; this.eventIdText = ''; this.text = ''; this.range = null; this.selected = null;
  }

  /** Drops the pivot in force, and stops its check. */
  dropPivot(): void {
    this.pivotRun++;
    this.pivot = null;
    this.pivotCheck = null;
    this.pivotUnchecked = 0;
  }

  /** Opens the event at a visible position: its full record from the cache. */
  async open(position: number): Promise<void> {
    const i = this.visible[position];
    if (i === undefined) return;
    this.selected = position;
    const seq = this.index.seq[i]!;
    this.openSeq = seq;
    this.openSource = null;
    const row = await this.db.caseEvents.get([this.current.fingerprint, seq]);
    if (this.openSeq !== seq) return;
    this.openEvent = row?.e ?? null;
    if (row) void this.readSource(seq, row.e, this.index.source(i));
  }

  /** The open event's raw Event XML from the evidence, found where its page was read (checked against its record id). */
  private async readSource(seq: number, e: ExplorerEvent, at: PageSource | null): Promise<void> {
    this.openSource = at ? { state: 'loading' } : null;
    const source = await readOpenSource(this.api, this.current.root, at, e.record_id);
    if (this.openSeq === seq) this.openSource = source;
  }

  closeEvent(): void { this.openEvent = null; this.openSeq = null; this.openSource = null; }

  /** Every event of one process (host + ProcessGuid): of the host's events with the GUID as a value (its own, its children's…), those that are its. */
  async pivotToProcess(host: string, guid: string): Promise<void> {
    const hostId = this.index.hosts.find(host);
    const want = guid.toLowerCase();
    await this.pivotBy(`process ${guid} on ${host}`, {
      needle: valueNeedle(guid), hostId, hitsAreSure: false, test: (e) => (e.dest ?? '') === host && (e.process_guid ?? '').toLowerCase() === want,
    });
  }

  /** Every event with a field equal to this value (ignoring case), found in the text index; events it cannot answer are checked in the cache. */
  async pivotToValue(name: string, value: string): Promise<void> {
    await this.pivotBy(`${name} = ${value} (any field)`, { needle: valueNeedle(value), hostId: null, hitsAreSure: true, test: (e) => fieldHasValue(e, value) });
  }

  /** Stops a pivot's check: the pivot keeps what it found, and says how many events were not checked. */
  stopPivotCheck(): void {
    const c = this.pivotCheck;
    this.pivotRun++;
    this.pivotCheck = null;
    if (c) this.pivotUnchecked = c.of - c.checked;
  }

  private pivotRun = 0;

  /** Runs a pivot (lib/pivot-run.ts): shown once the text pages are searched, growing while the rest is checked. */
  private async pivotBy(label: string, find: PivotFind): Promise<void> {
    const id = ++this.pivotRun;
    let shown: { label: string; seqs: Set<number> } | null = null;
    await runPivot(this.index, this.db, this.current.fingerprint, find, {
      live: () => id === this.pivotRun && (shown === null || this.pivot?.seqs === shown.seqs),
      found: (seqs) => { shown = { label, seqs }; this.showPivot(shown); this.textRows = this.index.textRows; },
      // The same set, a new wrapper: the filter runs again with what was found so far.
      grew: () => { if (shown) this.pivot = { label, seqs: shown.seqs }; },
      progress: (checked, of) => { this.pivotCheck = checked < of ? { checked, of } : null; },
    });
  }

  private showPivot(pivot: { label: string; seqs: Set<number> }): void {
    this.clearFields();
    // The open event stays open: the analyst sees where the pivot came from.
    this.pivot = pivot;
    this.pivotUnchecked = 0;
  }

  /** Tags an event with a note (again: replaces the note); `note` null removes the bookmark. */
  async bookmark(e: ExplorerEvent, seq: number, note: string, by: string): Promise<void> { await saveBookmark(this, e, seq, note, by); }
  async unbookmark(e: ExplorerEvent): Promise<void> { await saveBookmark(this, e, -1, null, ''); }

  /** Only the bookmarked events: found at their seq, checked by file and record; a pass over the cache only for those that moved (a re-read). */
  async showBookmarks(): Promise<void> {
    const keys = this.bookmarks;
    const marks = [...keys.values()];
    const rows = await this.db.caseEvents.bulkGet(marks.map((b) => [this.current.fingerprint, b.seq] as [string, number]));
    const seqs = new Set<number>();
    rows.forEach((r, k) => { if (r && bookmarkKey(r.e) === marks[k]!.key) seqs.add(r.seq); });
    const label = `${keys.size} bookmarked events`;
    if (seqs.size === marks.length) { this.pivotRun++; this.showPivot({ label, seqs }); return; }
    // Some moved (a re-read): every event is read and checked, with progress.
    await this.pivotBy(label, { needle: null, hostId: null, hitsAreSure: false, test: (e) => keys.has(bookmarkKey(e)) });
  }

  /** The events of the pivot in force, in time order (for the process timeline chart). */
  async pivotEvents(limit = 2000): Promise<ExplorerEvent[]> {
    if (!this.pivot) return [];
    const keys = [...this.pivot.seqs].slice(0, limit).map((s) => [this.current.fingerprint, s] as [string, number]);
    const rows = (await this.db.caseEvents.bulkGet(keys)).filter((r) => r !== undefined);
    return rows.map((r) => r!.e).sort((a, b) => ((a.time ?? '') < (b.time ?? '') ? -1 : (a.time ?? '') > (b.time ?? '') ? 1 : 0));
  }
}

type Query = EventExplorer['query'];

/** The same filters (the index may have grown: `version` is not compared). */
function sameFilters(a: Query, b: Query): boolean {
  return a.host === b.host && a.channel === b.channel && a.provider === b.provider && a.text === b.text && a.only === b.only
    && (a.eventIds === b.eventIds || (a.eventIds !== null && b.eventIds !== null && a.eventIds.join() === b.eventIds.join()));
}
