/**
 * The explorer's in-memory index over a case's cached events: a few typed columns per event
 * (time, host, channel, provider, EventID) and one lower-case search text, so filtering a million
 * events is a loop over arrays, not a database scan. The full event stays in IndexedDB and is read
 * when one is opened.
 */
import type { ExplorerEvent } from '../../src-main/shared/contract';
import { summaryLine } from './explorer-kinds';

/** Characters of an event's field text kept for the full-text search (the rest is in the cache). */
const SEARCH_CHARS = 1024;

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

/** The index rows of one page of events (events seq0 … seq0 + n − 1), as the cache keeps them. */
export interface IndexPage {
  fingerprint: string;
  page: number;
  seq0: number;
  time: Float64Array;
  eventId: Int32Array;
  host: string[];
  channel: string[];
  provider: string[];
  text: string[];
  line: string[];
}

/** The index rows of `events` (seq0 on), to cache beside the events. */
export function indexPage(fingerprint: string, page: number, seq0: number, events: readonly ExplorerEvent[]): IndexPage {
  const one = new EventIndex();
  events.forEach((e, k) => one.add(seq0 + k, e));
  const n = events.length;
  return {
    fingerprint, page, seq0, time: one.time.slice(0, n), eventId: one.eventId.slice(0, n),
    host: Array.from(one.host.subarray(0, n), (h) => one.hosts.values[h]!), channel: Array.from(one.channel.subarray(0, n), (c) => one.channels.values[c]!),
    provider: Array.from(one.provider.subarray(0, n), (p) => one.providers.values[p]!), text: one.text.slice(0, n), line: one.line.slice(0, n),
  };
}

export interface EventFilter {
  host?: string;
  channel?: string;
  provider?: string;
  /** EventIDs (any of them); empty: all. */
  eventIds?: readonly number[];
  /** Lower-case text every shown event contains (field values, host, channel, provider). */
  text?: string;
  /** Time range [from, to] in epoch ms, inclusive. */
  range?: { from: number; to: number } | null;
  /** Only these seqs (a pivot: a process or a value), or null. */
  only?: ReadonlySet<number> | null;
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
  text: string[] = [];
  /** The grid's one-line summary of each event, as written. */
  line: string[] = [];
  readonly hosts = new Dictionary();
  readonly channels = new Dictionary();
  readonly providers = new Dictionary();

  private grow(): void {
    this.cap *= 2;
    const g = <T extends Float64Array | Int32Array | Uint32Array>(a: T, C: new (n: number) => T): T => { const b = new C(this.cap); b.set(a); return b; };
    this.time = g(this.time, Float64Array); this.eventId = g(this.eventId, Int32Array); this.seq = g(this.seq, Float64Array);
    this.host = g(this.host, Uint32Array); this.channel = g(this.channel, Uint32Array); this.provider = g(this.provider, Uint32Array);
  }

  add(seq: number, e: ExplorerEvent): void {
    let text = '';
    for (const v of Object.values(e.fields)) { if (text.length >= SEARCH_CHARS) break; text += `${v}\n`; }
    this.addRow(seq, e.time ? Date.parse(e.time) : NaN, e.event_id ?? -1, e.dest ?? '', e.channel ?? '', e.provider ?? '', text.slice(0, SEARCH_CHARS).toLowerCase(), summaryLine(e));
  }

  /** A page of index rows as cached (so reopening reads ~1,000 small rows per 1,000,000 events, not every event). */
  addPage(p: IndexPage): void {
    for (let k = 0; k < p.time.length; k++) this.addRow(p.seq0 + k, p.time[k]!, p.eventId[k]!, p.host[k]!, p.channel[k]!, p.provider[k]!, p.text[k]!, p.line[k]!);
  }

  private addRow(seq: number, time: number, eventId: number, host: string, channel: string, provider: string, text: string, line: string): void {
    if (this.length === this.cap) this.grow();
    const i = this.length++;
    this.time[i] = time;
    this.eventId[i] = eventId;
    this.host[i] = this.hosts.id(host);
    this.channel[i] = this.channels.id(channel);
    this.provider[i] = this.providers.id(provider);
    this.seq[i] = seq;
    this.text[i] = text;
    this.line[i] = line;
  }

  /** Positions (in read order) of the events the filter keeps. */
  filter(f: EventFilter): Uint32Array {
    const host = f.host ? this.hosts.find(f.host) : -2;
    const channel = f.channel ? this.channels.find(f.channel) : -2;
    const provider = f.provider ? this.providers.find(f.provider) : -2;
    // A value that no event has: nothing matches.
    if (host === -1 || channel === -1 || provider === -1) return new Uint32Array(0);
    const ids = f.eventIds && f.eventIds.length ? new Set(f.eventIds) : null;
    const text = f.text ?? '';
    const r = f.range ?? null;
    const out = new Uint32Array(this.length);
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      if (host >= 0 && this.host[i] !== host) continue;
      if (channel >= 0 && this.channel[i] !== channel) continue;
      if (provider >= 0 && this.provider[i] !== provider) continue;
      if (ids && !ids.has(this.eventId[i]!)) continue;
      if (r && !(this.time[i]! >= r.from && this.time[i]! <= r.to)) continue;
      if (f.only && !f.only.has(this.seq[i]!)) continue;
      if (text && !this.text[i]!.includes(text)) continue;
      out[n++] = i;
    }
    return out.subarray(0, n);
  }

  /** Counts of the given events in `bins` equal time bins over [from, to]. */
  histogram(positions: Uint32Array, from: number, to: number, bins: number): number[] {
    const out = new Array<number>(bins).fill(0);
    const span = Math.max(1, to - from);
    for (const i of positions) {
      const t = this.time[i]!;
      if (!(t >= from && t <= to)) continue;
      out[Math.min(bins - 1, Math.floor(((t - from) / span) * bins))]!++;
    }
    return out;
  }

  /** Earliest and latest event time (of the given positions, else of all), or null when no event has one. */
  span(positions?: Uint32Array): { from: number; to: number } | null {
    let from = Infinity;
    let to = -Infinity;
    const n = positions ? positions.length : this.length;
    for (let k = 0; k < n; k++) { const t = this.time[positions ? positions[k]! : k]!; if (t < from) from = t; if (t > to) to = t; }
    if (!Number.isFinite(from)) return null;
    // one instant: a second either side, so the bars have room
    return to > from ? { from, to } : { from: from - 1000, to: to + 1000 };
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
