/**
 * The explorer's in-memory index over a case's cached events, kept as the cache keeps it: one
 * column page (typed arrays and the page's own dictionaries: time, host, channel, provider,
 * EventID) and one text page (every event's lower-case search text and grid line, each page's
 * joined into one string with end offsets) per page of events. Structured-cloning a page of
 * typed arrays and two strings is a few copies, where one string per event was a million
 * allocations: reopening reads the columns of 1,000,000 events in a fraction of a second, and
 * the texts after the grid is shown. Filtering is a loop over arrays; the full-text search is
 * `indexOf` over each page's joined text; the full event stays in IndexedDB until it is opened.
 */
import type { ExplorerEvent, PagedFormat } from '../../src-main/shared/contract';
import { FilterRun, spanOf, type EventFilter } from './event-filter';
import { HistogramRun } from './event-histogram';
import { summaryLine } from './explorer-kinds';

export type { EventFilter } from './event-filter';

/** Characters of an event's field text kept for the full-text search (the rest is in the cache). */
export const SEARCH_CHARS = 1024;
/** Between two events' texts in a page's joined text: never inside one (it is taken out), so no match spans two events. */
export const SEP = '\u0000';

/** The most events reserve() sizes the columns for ahead (a count from the cache beyond it grows them as pages come). */
const MAX_RESERVE = 1 << 26;

/** Distinct values of one column, each stored once (the column holds their numbers). */
class Dictionary {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  id(v: string): number {
    let i = this.ids.get(v);
    if (i === undefined) { i = this.values.length; this.values.push(v); this.ids.set(v, i); }
    return i;
  }
  find(v: string): number { return this.ids.get(v) ?? -1; }
}

/** Where a page of events was read from: the readEventPage request that returned it (event k is at `skip + k`). */
export interface PageSource { path: string; format: PagedFormat; chunkFrom: number; skip: number }

/** The filter columns of one page of events (events seq0 … seq0 + n − 1), as the cache keeps them. */
export interface ColumnPage {
  fingerprint: string;
  page: number;
  seq0: number;
  source: PageSource | null;
  time: Float64Array;
  eventId: Int32Array;
  /** The page's own dictionaries; the columns hold indexes into them. */
  hosts: string[];
  host: Uint32Array;
  channels: string[];
  channel: Uint32Array;
  providers: string[];
  provider: Uint32Array;
}

/** The search texts and grid lines of one page of events, each joined into one string. */
export interface TextPage {
  fingerprint: string;
  page: number;
  /** Lower-case search texts joined with SEP; event k ends at textEnds[k] (exclusive). */
  text: string;
  textEnds: Uint32Array;
  lines: string;
  lineEnds: Uint32Array;
}

/** The column and text pages of `events` (seq0 on), to cache beside the events. */
export function indexPages(fingerprint: string, page: number, seq0: number, events: readonly ExplorerEvent[], source: PageSource | null): { columns: ColumnPage; texts: TextPage } {
  const n = events.length;
  const time = new Float64Array(n);
  const eventId = new Int32Array(n);
  const dict = () => ({ d: new Dictionary(), col: new Uint32Array(n) });
  const host = dict(); const channel = dict(); const provider = dict();
  const textEnds = new Uint32Array(n);
  const lineEnds = new Uint32Array(n);
  const texts: string[] = [];
  const lines: string[] = [];
  let tl = 0;
  let ll = 0;
  events.forEach((e, k) => {
    time[k] = e.time ? Date.parse(e.time) : NaN;
    eventId[k] = e.event_id ?? -1;
    host.col[k] = host.d.id(e.dest ?? '');
    channel.col[k] = channel.d.id(e.channel ?? '');
    provider.col[k] = provider.d.id(e.provider ?? '');
    const t = searchText(e);
    texts.push(t);
    tl += t.length + (k > 0 ? 1 : 0);
    textEnds[k] = tl;
    const line = summaryLine(e);
    lines.push(line);
    ll += line.length;
    lineEnds[k] = ll;
  });
  return {
    columns: {
      fingerprint, page, seq0, source, time, eventId, hosts: host.d.values, host: host.col, channels: channel.d.values, channel: channel.col,
      providers: provider.d.values, provider: provider.col,
    },
    texts: { fingerprint, page, text: texts.join(SEP), textEnds, lines: lines.join(''), lineEnds },
  };
}

/** The first SEARCH_CHARS characters of an event's field values, lower-case, each value ended by a newline. */
function searchText(e: ExplorerEvent): string {
  let text = '';
  for (const v of Object.values(e.fields)) { if (text.length >= SEARCH_CHARS) break; text += `${v}\n`; }
  return text.slice(0, SEARCH_CHARS).toLowerCase().replaceAll(SEP, ' ');
}

export class EventIndex {
  private cap = 1024;
  length = 0;
  time = new Float64Array(this.cap);
  eventId = new Int32Array(this.cap);
  host = new Uint32Array(this.cap);
  channel = new Uint32Array(this.cap);
  provider = new Uint32Array(this.cap);
  seq = new Float64Array(this.cap);
  readonly hosts = new Dictionary();
  readonly channels = new Dictionary();
  readonly providers = new Dictionary();
  /** Per page, in the order added: its first row, its page number, where it was read from, its texts once read. */
  pageStart: number[] = [];
  private readonly pageNos: number[] = [];
  private readonly slotOf = new Map<number, number>();
  private readonly sources: (PageSource | null)[] = [];
  private readonly seq0s: number[] = [];
  private readonly texts: (TextPage | undefined)[] = [];
  /** Events whose texts are read (what the full-text search covers). */
  textRows = 0;

  get pageCount(): number { return this.pageStart.length; }

  private grow(need: number): void {
    while (this.cap < need) this.cap *= 2;
    const g = <T extends Float64Array | Int32Array | Uint32Array>(a: T, C: new (n: number) => T): T => { const b = new C(this.cap); b.set(a.subarray(0, this.length)); return b; };
    this.time = g(this.time, Float64Array); this.eventId = g(this.eventId, Int32Array); this.seq = g(this.seq, Float64Array);
    this.host = g(this.host, Uint32Array); this.channel = g(this.channel, Uint32Array); this.provider = g(this.provider, Uint32Array);
  }

  /** Sizes the columns for `n` events at once (reopening knows the case's count), so appending pages never copies them again. */
  reserve(n: number): void {
    if (n > this.cap) this.grow(Math.min(n, MAX_RESERVE));
  }

  /** Appends a page of columns (pages come in read order). */
  addColumns(p: ColumnPage): void {
    const n = p.time.length;
    if (n === 0) return;
    if (this.length + n > this.cap) this.grow(this.length + n);
    const at = this.length;
    this.time.set(p.time, at);
    this.eventId.set(p.eventId, at);
    const remap = (local: readonly string[], d: Dictionary, col: Uint32Array, into: Uint32Array) => {
      const ids = local.map((v) => d.id(v));
      for (let k = 0; k < n; k++) into[at + k] = ids[col[k]!]!;
    };
    remap(p.hosts, this.hosts, p.host, this.host);
    remap(p.channels, this.channels, p.channel, this.channel);
    remap(p.providers, this.providers, p.provider, this.provider);
    for (let k = 0; k < n; k++) this.seq[at + k] = p.seq0 + k;
    this.slotOf.set(p.page, this.pageStart.length);
    this.pageStart.push(at);
    this.pageNos.push(p.page);
    this.sources.push(p.source);
    this.seq0s.push(p.seq0);
    this.length += n;
  }

  /** Attaches a page's texts (any order; a page whose columns are not in is ignored). */
  addTexts(t: TextPage): void {
    const slot = this.slotOf.get(t.page);
    if (slot === undefined || this.texts[slot]) return;
    this.texts[slot] = t;
    this.textRows += t.textEnds.length;
  }

  /** Indexes events read now (the first read, and tests). */
  addEvents(seq0: number, events: readonly ExplorerEvent[], source: PageSource | null = null): void {
    const { columns, texts } = indexPages('', this.pageCount, seq0, events, source);
    this.addColumns(columns);
    this.addTexts(texts);
  }

  textOf(slot: number): TextPage | undefined { return this.texts[slot]; }
  /** The page number of a slot (the cache's key of its column and text pages). */
  pageNoOf(slot: number): number { return this.pageNos[slot]!; }

  /** The page numbers whose texts are not read yet. */
  pagesWithoutText(): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.pageNos.length; s++) if (!this.texts[s]) out.push(this.pageNos[s]!);
    return out;
  }

  /** The page numbers whose texts are not read yet, of the rows at positions [from, to) of `positions` (a filter's result), in row order (`backwards`: from the last). */
  pagesWithoutTextAt(positions: Uint32Array, from: number, to: number, backwards = false): number[] {
    const out = new Set<number>();
    const start = Math.max(0, from);
    const end = Math.min(to, positions.length);
    const look = (p: number) => { const s = this.slot(positions[p]!); if (!this.texts[s]) out.add(this.pageNos[s]!); };
    if (backwards) for (let p = end - 1; p >= start; p--) look(p);
    else for (let p = start; p < end; p++) look(p);
    return [...out];
  }

  /** The page slot holding row i. */
  slot(i: number): number {
    let lo = 0;
    let hi = this.pageStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.pageStart[mid]! <= i) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** The grid line of row i, or null while its page's texts are not read. */
  line(i: number): string | null {
    const s = this.slot(i);
    const t = this.texts[s];
    if (!t) return null;
    const k = i - this.pageStart[s]!;
    return t.lines.slice(k > 0 ? t.lineEnds[k - 1]! : 0, t.lineEnds[k]!);
  }

  /** Where row i's event was read from (its page's request, at the event's own place), or null (cached before it was kept). */
  source(i: number): PageSource | null {
    const s = this.slot(i);
    const src = this.sources[s];
    return src ? { ...src, skip: src.skip + (this.seq[i]! - this.seq0s[s]!) } : null;
  }

  /** A filter's run, to be taken page by page (FilterRun.run with a deadline) or at once. */
  startFilter(f: EventFilter): FilterRun {
    const host = f.host ? this.hosts.find(f.host) : -2;
    const channel = f.channel ? this.channels.find(f.channel) : -2;
    const provider = f.provider ? this.providers.find(f.provider) : -2;
    return new FilterRun(this, {
      host, channel, provider, ids: f.eventIds && f.eventIds.length ? new Set(f.eventIds) : null,
      text: (f.text ?? '').replaceAll(SEP, ' '), range: f.range ?? null, only: f.only ?? null,
      // A value that no event has: nothing matches.
      none: host === -1 || channel === -1 || provider === -1,
    });
  }

  /** Positions (in read order) of the events the filter keeps. */
  filter(f: EventFilter): Uint32Array {
    const r = this.startFilter(f);
    r.run();
    return r.result;
  }

  /** Of the given positions, those in the time range [from, to]. */
  inRange(positions: Uint32Array, r: { from: number; to: number }): Uint32Array {
    const out = new Uint32Array(positions.length);
    let n = 0;
    for (const i of positions) { const t = this.time[i]!; if (t >= r.from && t <= r.to) out[n++] = i; }
    return out.subarray(0, n);
  }

  /** Counts of the given events in `bins` equal time bins over [from, to]. */
  histogram(positions: Uint32Array, from: number, to: number, bins: number): number[] {
    const run = new HistogramRun(this.time, positions, from, to, bins);
    run.run();
    return run.counts;
  }

  /** Earliest and latest event time (of the given positions, else of all), or null when no event has one. */
  span(positions?: Uint32Array): { from: number; to: number } | null {
    let from = Infinity;
    let to = -Infinity;
    const n = positions ? positions.length : this.length;
    for (let k = 0; k < n; k++) { const t = this.time[positions ? positions[k]! : k]!; if (t < from) from = t; if (t > to) to = t; }
    return spanOf(from, to);
  }
}

/** `4624, 4625` / `4624 4688` → [4624, 4625]; null when any part is not an EventID. */
export function parseEventIds(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter((p) => p);
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,5}$/.test(p)) return null;
    out.push(Number(p));
  }
  return out;
}
