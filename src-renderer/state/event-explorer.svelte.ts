/**
 * The event explorer of one case: every normalised event, read once from the evidence through
 * the paged API into IndexedDB (caseEvents), and from then on from the cache only, so reopening
 * a case never re-parses. Filters run over the in-memory index (lib/event-index.ts); the full
 * event is read from the cache when it is opened.
 */
import { PAGED_FORMATS, type EventPage, type ExplorerEvent, type PagedFormat } from '../../src-main/shared/contract';
import type { TriageClient } from '../lib/bridge';
import type { CachedCase, CaseDb, EventBookmark } from '../lib/case-db';
import { describeDbError } from '../lib/db-errors';
import { EventIndex, indexPage, parseEventIds } from '../lib/event-index';

/** Events per API page and per cache read. */
const PAGE = 1000;

export type ExplorerStatus = 'idle' | 'reading' | 'ready' | 'error';

/** A bookmark's key: the event's evidence file and record id (or time and EventID): the same after a re-read. */
export function bookmarkKey(e: Pick<ExplorerEvent, 'evidence' | 'record_id' | 'time' | 'event_id'>): string {
  return e.record_id !== null ? `${e.evidence}#${e.record_id}` : `${e.evidence}@${e.time ?? ''}#${e.event_id ?? ''}`;
}
/** Longest bookmark note kept. */
export const MAX_NOTE_CHARS = 4000;

export class EventExplorer {
  status = $state<ExplorerStatus>('idle');
  /** Events indexed so far (grows while reading). */
  loaded = $state(0);
  /** Where they come from: read from the evidence now, or from the cache. */
  source = $state<'evidence' | 'cache' | null>(null);
  error = $state<string | null>(null);
  /** Files whose events could not all be read, with why. */
  fileErrors = $state.raw<string[]>([]);
  /** Bumped when the index changes, so derived views recompute. */
  version = $state(0);

  host = $state('');
  channel = $state('');
  provider = $state('');
  eventIdText = $state('');
  text = $state('');
  range = $state.raw<{ from: number; to: number } | null>(null);
  /** A pivot in force: a process (host + ProcessGuid) or a field value; its events' seqs. */
  pivot = $state.raw<{ label: string; seqs: Set<number> } | null>(null);

  selected = $state<number | null>(null);
  openEvent = $state.raw<ExplorerEvent | null>(null);
  openSeq = $state<number | null>(null);

  readonly index = new EventIndex();
  /** The analyst's bookmarks on this case's events, by bookmarkKey. */
  bookmarks = $state.raw<Map<string, EventBookmark>>(new Map());

  constructor(readonly api: TriageClient, readonly db: CaseDb, readonly current: CachedCase) {}

  readonly eventIds = $derived(parseEventIds(this.eventIdText));
  readonly visible = $derived.by(() => {
    void this.version;
    if (this.eventIds === null) return new Uint32Array(0);
    return this.index.filter({
      host: this.host, channel: this.channel, provider: this.provider, eventIds: this.eventIds,
      text: this.text.trim().toLowerCase(), range: this.range, only: this.pivot?.seqs ?? null,
    });
  });
  /** The same filters without the time range: what the histogram draws. */
  readonly unranged = $derived.by(() => {
    void this.version;
    if (this.eventIds === null) return new Uint32Array(0);
    return this.index.filter({ host: this.host, channel: this.channel, provider: this.provider, eventIds: this.eventIds, text: this.text.trim().toLowerCase(), only: this.pivot?.seqs ?? null });
  });
  /** The time span the histogram draws: that of the events the filters (all but the range) keep. */
  readonly span = $derived(this.index.span(this.unranged));
  readonly hostNames = $derived.by(() => { void this.version; return [...this.index.hosts.values].sort(); });
  readonly channelNames = $derived.by(() => { void this.version; return [...this.index.channels.values].sort(); });
  readonly providerNames = $derived.by(() => { void this.version; return [...this.index.providers.values].sort(); });

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
        await this.readCache(fp);
      } else {
        this.source = 'evidence';
        await this.db.caseEvents.where('fingerprint').equals(fp).delete();
        await this.db.eventIndexPages.where('fingerprint').equals(fp).delete();
        await this.readEvidence(fp);
      }
      this.status = 'ready';
    } catch (err) {
      this.status = 'error';
      this.error = describeDbError(err) ?? `The events cannot be read: ${(err as Error).message}`;
    }
  }

  /** Reads the index pages only (the events themselves are read when one is opened or pivoted on). */
  private async readCache(fp: string): Promise<void> {
    let next = 0;
    const BATCH = 100;
    for (;;) {
      const pages = await this.db.eventIndexPages.where('[fingerprint+page]').between([fp, next], [fp, Infinity]).limit(BATCH).toArray();
      for (const p of pages) this.index.addPage(p);
      if (pages.length < BATCH) break;
      next = pages[pages.length - 1]!.page + 1;
      this.loaded = this.index.length;
      await new Promise((r) => setTimeout(r, 0));
    }
    this.touched();
  }

  private async readEvidence(fp: string): Promise<void> {
    const errors: string[] = [];
    let seq = 0;
    let pageNo = 0;
    let shown = Date.now();
    const files = this.current.evidence.filter((e) => !e.error && e.archive === undefined && (PAGED_FORMATS as readonly string[]).includes(e.format));
    for (const f of files) {
      let cursor: { chunkFrom: number; skip: number } | null = { chunkFrom: 0, skip: 0 };
      let failed = 0;
      while (cursor) {
        try {
          const page: EventPage = await this.api.call('readEventPage', { root: this.current.root, path: f.path, format: f.format as PagedFormat, ...cursor, limit: PAGE });
          const seq0 = seq;
          const rows = page.events.map((e) => ({ fingerprint: fp, seq: seq++, e }));
          const ip = indexPage(fp, pageNo++, seq0, page.events);
          await this.db.transaction('rw', [this.db.caseEvents, this.db.eventIndexPages], async () => {
            await this.db.caseEvents.bulkPut(rows);
            if (rows.length > 0) await this.db.eventIndexPages.put(ip);
          });
          this.index.addPage(ip);
          failed += page.errors;
          cursor = page.next;
          // The views follow the read twice a second, not per page (each redraw filters everything read so far).
          this.loaded = this.index.length;
          if (Date.now() - shown > 500) { shown = Date.now(); this.touched(); }
        } catch (err) {
          errors.push(`${f.path}: ${(err as Error).message}`);
          cursor = null;
        }
      }
      if (failed > 0) errors.push(`${f.path}: ${failed} records could not be read`);
    }
    this.fileErrors = errors;
    this.touched();
    await this.db.eventLoads.put({ fingerprint: fp, complete: true, events: seq, errors, at: new Date().toISOString() });
  }

  private touched(): void {
    this.loaded = this.index.length;
    this.version++;
  }

  clearFilters(): void {
    this.host = ''; this.channel = ''; this.provider = ''; this.eventIdText = ''; this.text = ''; this.range = null; this.pivot = null; this.selected = null;
  }

  /** Opens the event at a visible position: its full record from the cache. */
  async open(position: number): Promise<void> {
    const i = this.visible[position];
    if (i === undefined) return;
    this.selected = position;
    const seq = this.index.seq[i]!;
    this.openSeq = seq;
    const row = await this.db.caseEvents.get([this.current.fingerprint, seq]);
    if (this.openSeq === seq) this.openEvent = row?.e ?? null;
  }

  /** Every event of one process (host + ProcessGuid), in time order: its process timeline. */
  async pivotToProcess(host: string, guid: string): Promise<void> {
    await this.pivotWhere(`process ${guid} on ${host}`, (e) => (e.dest ?? '') === host && (e.process_guid ?? '').toLowerCase() === guid.toLowerCase());
  }

  /** Every event with this value in any field. */
  async pivotToValue(name: string, value: string): Promise<void> {
    await this.pivotWhere(`${name} = ${value}`, (e) => Object.values(e.fields).some((v) => v === value));
  }

  private async pivotWhere(label: string, test: (e: ExplorerEvent) => boolean): Promise<void> {
    const seqs = new Set<number>();
    await this.db.caseEvents.where('fingerprint').equals(this.current.fingerprint).each((r) => { if (test(r.e)) seqs.add(r.seq); });
    this.clearFilters();
    // The open event stays open: the analyst sees where the pivot came from.
    this.pivot = { label, seqs };
  }

  /** Tags an event with a note (again: replaces the note). */
  async bookmark(e: ExplorerEvent, seq: number, note: string, by: string): Promise<void> {
    const b: EventBookmark = { fingerprint: this.current.fingerprint, key: bookmarkKey(e), seq, note: note.slice(0, MAX_NOTE_CHARS), by, at: new Date().toISOString() };
    try {
      await this.db.bookmarks.put(b);
      this.bookmarks = new Map(this.bookmarks).set(b.key, b);
    } catch (err) {
      this.error = describeDbError(err) ?? `The bookmark cannot be saved: ${(err as Error).message}`;
    }
  }

  async unbookmark(e: ExplorerEvent): Promise<void> {
    const key = bookmarkKey(e);
    await this.db.bookmarks.delete([this.current.fingerprint, key]);
    const next = new Map(this.bookmarks);
    next.delete(key);
    this.bookmarks = next;
  }

  /** Only the bookmarked events (found by file and record, so they survive a re-read). */
  async showBookmarks(): Promise<void> {
    const keys = this.bookmarks;
    await this.pivotWhere(`${keys.size} bookmarked events`, (e) => keys.has(bookmarkKey(e)));
  }

  /** The events of the pivot in force, in time order (for the process timeline chart). */
  async pivotEvents(limit = 2000): Promise<ExplorerEvent[]> {
    if (!this.pivot) return [];
    const keys = [...this.pivot.seqs].slice(0, limit).map((s) => [this.current.fingerprint, s] as [string, number]);
    const rows = (await this.db.caseEvents.bulkGet(keys)).filter((r) => r !== undefined);
    return rows.map((r) => r!.e).sort((a, b) => ((a.time ?? '') < (b.time ?? '') ? -1 : (a.time ?? '') > (b.time ?? '') ? 1 : 0));
  }
}
