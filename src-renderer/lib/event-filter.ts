/**
 * A filter over the explorer's index (lib/event-index.ts), run page by page so the caller can
 * stop at a deadline and give the page a turn: the columns are compared as numbers (dictionary
 * ids, EventIDs, times), the text with `indexOf` over each page's joined search text.
 */
import type { EventIndex } from './event-index';

export interface EventFilter {
  host?: string;
  channel?: string;
  provider?: string;
  /** EventIDs (any of them); empty: all. */
  eventIds?: readonly number[];
  /** Lower-case text every shown event contains (field values). */
  text?: string;
  /** Time range [from, to] in epoch ms, inclusive. */
  range?: { from: number; to: number } | null;
  /** Only these seqs (a pivot: a process or a value), or null. */
  only?: ReadonlySet<number> | null;
}

/** A filter resolved against the index's dictionaries, ready to run page by page. */
export interface Compiled { host: number; channel: number; provider: number; ids: Set<number> | null; text: string; range: { from: number; to: number } | null; only: ReadonlySet<number> | null; none: boolean }

/** The time span [from, to] of events whose times range over [min, max] (ms), or null when none has a time; one instant gets a second either side, so a histogram's bars have room. */
export function spanOf(min: number, max: number): { from: number; to: number } | null {
  if (!Number.isFinite(min)) return null;
  return max > min ? { from: min, to: max } : { from: min - 1000, to: max + 1000 };
}

/** A filter's matches so far, with the earliest and latest time among them; `run` goes on page by page until `done`. */
export class FilterRun {
  private out: Uint32Array;
  private n = 0;
  private page = 0;
  private min = Infinity;
  private max = -Infinity;
  done = false;
  constructor(private readonly ix: EventIndex, private readonly f: Compiled) {
    this.out = new Uint32Array(f.none ? 0 : Math.min(ix.length, 1 << 16));
    if (f.none) this.done = true;
  }

  /** Runs until `deadline` (performance.now() ms; Infinity: to the end); true when done. */
  run(deadline = Infinity): boolean {
    const ix = this.ix;
    while (!this.done) {
      if (this.page < ix.pageCount) this.scan(this.page++);
      // The last page scanned is the end, whatever the time (a one-page case never waits for a second slice).
      if (this.page >= ix.pageCount) { this.done = true; break; }
      if (performance.now() > deadline) break;
    }
    return this.done;
  }

  get result(): Uint32Array { return this.out.subarray(0, this.n); }
  /** The time span of the matches (as EventIndex.span of the result), found while they were kept. */
  get span(): { from: number; to: number } | null { return spanOf(this.min, this.max); }

  private keep(i: number): void {
    if (this.n === this.out.length) { const b = new Uint32Array(Math.max(1024, this.out.length * 2)); b.set(this.out); this.out = b; }
    this.out[this.n++] = i;
    const t = this.ix.time[i]!;
    if (t < this.min) this.min = t;
    if (t > this.max) this.max = t;
  }

  private passes(i: number): boolean {
    const f = this.f;
    const ix = this.ix;
    if (f.host >= 0 && ix.host[i] !== f.host) return false;
    if (f.channel >= 0 && ix.channel[i] !== f.channel) return false;
    if (f.provider >= 0 && ix.provider[i] !== f.provider) return false;
    if (f.ids && !f.ids.has(ix.eventId[i]!)) return false;
    if (f.range && !(ix.time[i]! >= f.range.from && ix.time[i]! <= f.range.to)) return false;
    if (f.only && !f.only.has(ix.seq[i]!)) return false;
    return true;
  }

  private scan(p: number): void {
    const ix = this.ix;
    const first = ix.pageStart[p]!;
    const end = p + 1 < ix.pageCount ? ix.pageStart[p + 1]! : ix.length;
    if (!this.f.text) {
      for (let i = first; i < end; i++) if (this.passes(i)) this.keep(i);
      return;
    }
    const t = ix.textOf(p);
    if (!t) return; // not read from the cache yet: the explorer says how many events the search covered
    // indexOf over the page's joined text; a match in event k moves on to the end of event k.
    let at = 0;
    let k = 0;
    for (;;) {
      const hit = t.text.indexOf(this.f.text, at);
      if (hit < 0) break;
      while (t.textEnds[k]! <= hit) k++;
      if (this.passes(first + k)) this.keep(first + k);
      at = t.textEnds[k]! + 1;
      k++;
      if (k >= end - first) break;
    }
  }
}
