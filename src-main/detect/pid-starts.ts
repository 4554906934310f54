/**
 * Process starts without a GUID (Security 4688) by (dest, process id), for writers that carry no
 * GUID either (Security 4657): the join falls back to the start of the same PID on the same host
 * that is the latest before the write and not yet stopped (4689). The same whatever order the
 * batches came in: a start read twice is cited by the copy whose evidence sorts first, and the
 * stops are applied when first asked (`get`), in time order, each closing the latest open start of
 * its PID before it (what reading the log in time order does), so a stop delivered before its
 * start (a later range of the log first) still closes it. Bounded: at most `max` starts and stops
 * together, first come (the one order dependency left, past 2,000,000 by default).
 */
import type { NormalisedEvent } from '../model/event';
import type { ProcessView } from '../model/cim';
import type { ProcessRecord } from './process-index';

interface Stop { ms: number | null; time: string | null }

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Is `a` the start `get` prefers to `b`: a later start (unknown as 0), else a lower record id? */
function runsLater(a: ProcessRecord, b: ProcessRecord): boolean {
  const d = (a.start_ms ?? 0) - (b.start_ms ?? 0);
  return d !== 0 ? d > 0 : (a.record_id ?? 0) < (b.record_id ?? 0);
}

export class PidStarts {
  private readonly byPid = new Map<string, ProcessRecord[]>();
  /** Each start by (dest|pid, time, record id): a copy of a record read twice is found at once. */
  private readonly byRecord = new Map<string, ProcessRecord>();
  private readonly stops = new Map<string, Stop[]>();
  private records = 0;
  private applied = true;

  constructor(private readonly max: number) {}

  /** Records a GUID-less start or stop; false when the bound refused it. */
  add(e: NormalisedEvent, p: ProcessView): boolean {
    const k = `${e.dest!.trim().toLowerCase()}|${p.process_id}`;
    if (p.action !== 'start') {
      if (this.records >= this.max) return false;
      const stop = { ms: e.time_ms, time: p.end_time ?? e.time };
      const l = this.stops.get(k);
      if (l) l.push(stop); else this.stops.set(k, [stop]);
      this.records++;
      this.applied = false;
      return true;
    }
    let list = this.byPid.get(k);
    const rk = `${k}|${e.time_ms}|${e.record_id}`;
    const twice = this.byRecord.get(rk);
    if (twice) { // the same record read twice: cited by the copy whose evidence sorts first
      if (e.evidence < twice.evidence!) twice.evidence = e.evidence;
      return true;
    }
    if (this.records >= this.max) return false;
    const r: ProcessRecord = {
      key: `${k}|${e.time_ms ?? ''}`, dest: e.dest!, process_guid: '', process_id: p.process_id, process_name: p.process_name,
      process_path: p.process_path, process: p.process, user: p.user, parent_process_guid: null, parent_process_id: p.parent_process_id,
      parent_process_name: p.parent_process_name, parent_process_path: p.parent_process_path, parent_process: p.parent_process,
      start_time: p.start_time ?? e.time, start_ms: e.time_ms, end_time: null, end_ms: null, start_in_evidence: true,
      first_seen_ms: e.time_ms, last_seen_ms: e.time_ms, evidence: e.evidence, record_id: e.record_id,
    };
    if (!list) { list = []; this.byPid.set(k, list); }
    list.push(r);
    this.byRecord.set(rk, r);
    this.records++;
    this.applied = false;
    return true;
  }

  /** The start of `pid` on `dest` that was running at `atMs` (latest start before it, not yet stopped). */
  get(dest: string | null, pid: number | null, atMs: number | null): ProcessRecord | undefined {
    if (dest === null || pid === null) return undefined;
    this.applyStops();
    const list = this.byPid.get(`${dest.trim().toLowerCase()}|${pid}`);
    if (!list) return undefined;
    const t = atMs ?? Infinity;
    // One pass, no copy (a writer per call, and a hostile log can start one PID many times): the
    // running start with the latest start time, then the lowest record id, the first listed of equals.
    let best: ProcessRecord | undefined;
    for (let i = 0; i < list.length; i++) {
      const x = list[i]!;
      if (!((x.start_ms ?? -Infinity) <= t && (x.end_ms === null || x.end_ms >= t))) continue;
      if (best === undefined || runsLater(x, best)) best = x;
    }
    return best;
  }

  /** The stops in time order, each closing the latest start of its PID before it that is still open. */
  private applyStops(): void {
    if (this.applied) return;
    this.applied = true;
    for (const [k, list] of this.byPid) {
      for (const r of list) { r.end_ms = null; r.end_time = null; }
      const stops = this.stops.get(k);
      if (!stops) continue;
      list.sort((a, b) => (a.start_ms ?? 0) - (b.start_ms ?? 0) || (a.record_id ?? 0) - (b.record_id ?? 0) || cmpStr(a.evidence!, b.evidence!));
      stops.sort((a, b) => (a.ms ?? Infinity) - (b.ms ?? Infinity) || cmpStr(a.time ?? '', b.time ?? ''));
      // One sweep in time order (linear after the sorts, whatever the PID reuse): the starts up to
      // a stop are stacked as it is reached; the top of the stack is its latest open start.
      const open: ProcessRecord[] = [];
      let next = 0;
      for (const s of stops) {
        const at = s.ms ?? Infinity;
        while (next < list.length && (list[next]!.start_ms ?? 0) <= at) open.push(list[next++]!);
        const x = open.pop();
        if (x === undefined) continue;
        x.end_ms = s.ms;
        x.end_time = s.time;
      }
    }
  }
}
