/**
 * A host's processes indexed once for the parallel-process pivot (pivots.ts `parallelProcesses`:
 * the processes alive within ±window of a time, closest starts first): the same list, without a
 * scan and a sort of the host's processes per finding. Processes with a start sit in start order,
 * so the closest starts are read outward from the time (two pointers, O(listed)); those without
 * one (seen only through their events: no offset, so listed after every started one) sit in the
 * order they are listed in (GUID). Each query still counts every process alive in the window
 * (`total`): one pass over typed arrays.
 */
import type { DetectedPivots as Pivots, ParallelProcess } from '../shared/contract-finding';
import type { ProcessIndex, ProcessRecord } from './process-index';

/** Offsets stay exact integers (|a − b| < 2^53) for starts and times within this. */
const EXACT = 2 ** 52;

/** The parallel pivot's entry for `r` (`start_offset_ms` from `atMs`). */
export function parallelEntry(r: ProcessRecord, atMs: number): ParallelProcess {
  return {
    process_guid: r.process_guid, process_name: r.process_name, process_path: r.process_path, process: r.process,
    process_id: r.process_id, user: r.user, start_time: r.start_time, end_time: r.end_time, start_offset_ms: r.start_ms === null ? null : r.start_ms - atMs,
  };
}

/** Processes of one group, in the group's order, with the bounds of their live span. */
interface Spans {
  records: ProcessRecord[];
  keys: string[];
  from: Float64Array;
  to: Float64Array;
}

function spans(rows: { r: ProcessRecord; k: string; from: number; to: number }[]): Spans {
  return { records: rows.map((x) => x.r), keys: rows.map((x) => x.k), from: Float64Array.from(rows, (x) => x.from), to: Float64Array.from(rows, (x) => x.to) };
}

const byGuid = (a: { r: ProcessRecord; order: number }, b: { r: ProcessRecord; order: number }): number =>
  (a.r.process_guid < b.r.process_guid ? -1 : a.r.process_guid > b.r.process_guid ? 1 : 0) || a.order - b.order;

/** How many of the sorted `v` are below `x` (`orEqual`: at most `x`). */
function countBelow(v: Float64Array, x: number, orEqual: boolean): number {
  let a = 0;
  let b = v.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (v[m]! < x || (orEqual && v[m] === x)) a = m + 1;
    else b = m;
  }
  return a;
}

export class HostProcessSpans {
  /** Started processes by start time (ties in the host's order); `from` is the start. */
  private readonly started: Spans;
  /** The others by GUID (ties in the host's order), the order they are listed in. */
  private readonly unstarted: Spans;
  /** A bound that is NaN or too large for exact offsets: queries give null (the caller scans). */
  private readonly inexact: boolean;

  constructor(index: ProcessIndex, destKey: string) {
    type Row = { r: ProcessRecord; k: string; from: number; to: number; order: number };
    const started: Row[] = [];
    const unstarted: Row[] = [];
    let inexact = false;
    let order = 0;
    for (const k of index.byDest.get(destKey) ?? []) {
      const r = index.byKey.get(k)!;
      const from = r.start_ms ?? r.first_seen_ms;
      const to = r.end_ms ?? (r.start_ms !== null ? Number.POSITIVE_INFINITY : r.last_seen_ms);
      if (from !== null && to !== null) {
        if (Number.isNaN(from) || Number.isNaN(to) || !(Math.abs(r.start_ms ?? 0) < EXACT)) inexact = true;
        (r.start_ms !== null ? started : unstarted).push({ r, k, from, to, order });
      }
      order++;
    }
    started.sort((a, b) => a.from - b.from || byGuid(a, b));
    unstarted.sort(byGuid);
    this.started = spans(started);
    this.unstarted = spans(unstarted);
    this.inexact = inexact;
  }

  /**
   * What `parallelProcesses(index, dest, guid, atMs, at, windowMs, max)` gives for this host
   * (`self`: the process's join key, left out), or null when its inputs are outside what the
   * index answers exactly (a non-finite or huge time, a cap that is not a count).
   */
  parallel(self: string | null, atMs: number, at: string, windowMs: number, max: number): Pivots['parallel'] | null {
    if (this.inexact || !(Math.abs(atMs) < EXACT) || !Number.isFinite(windowMs) || !Number.isSafeInteger(max) || max < 0) return null;
    const lo = atMs - windowMs;
    const hi = atMs + windowMs;
    const s = this.started;
    const hit = (i: number): boolean => s.to[i]! >= lo && s.keys[i] !== self;
    const end = countBelow(s.from, hi, true);
    let total = 0;
    for (let i = 0; i < end; i++) if (hit(i)) total++;
    const out: ParallelProcess[] = [];
    // Outward from the time: the closer start first, the earlier of two as close; a run of equal
    // starts (equal offsets) in GUID order, as the index sorted it.
    let left = countBelow(s.from, atMs, false) - 1;
    let right = left + 1;
    while (out.length < max && (left >= 0 || right < end)) {
      const dl = left >= 0 ? atMs - s.from[left]! : Number.POSITIVE_INFINITY;
      const dr = right < end ? s.from[right]! - atMs : Number.POSITIVE_INFINITY;
      const fromLeft = dl <= dr;
      const at0 = fromLeft ? left : right;
      let first = at0;
      let last = at0;
      if (fromLeft) { while (first > 0 && s.from[first - 1] === s.from[at0]) first--; left = first - 1; } else { while (last + 1 < end && s.from[last + 1] === s.from[at0]) last++; right = last + 1; }
      for (let i = first; i <= last && out.length < max; i++) if (hit(i)) out.push(parallelEntry(s.records[i]!, atMs));
    }
    const u = this.unstarted;
    for (let i = 0; i < u.keys.length; i++) {
      if (!(u.from[i]! <= hi && u.to[i]! >= lo) || u.keys[i] === self) continue;
      total++;
      if (out.length < max) out.push(parallelEntry(u.records[i]!, atMs));
    }
    return { window_ms: windowMs, at, processes: out, total, truncated: total > max };
  }
}
