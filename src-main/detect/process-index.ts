/**
 * The process index: process starts and stops by (dest, process_guid), the join key of every
 * detection (never the GUID alone; host names compare case-insensitively, GUIDs upper-case, see
 * model/join.ts), plus first/last sighting of processes known only from their other events.
 * Bounded: at most `maxProcesses` keys (starts first); beyond that, new keys are counted and dropped.
 */
import type { NormalisedEvent } from '../model/event.ts';
import type { ProcessView } from '../model/cim.ts';
import { processJoinKey } from '../model/join.ts';
import { normaliseGuid } from '../model/guid.ts';

export interface ProcessRecord {
  key: string;
  dest: string;
  process_guid: string;
  process_id: number | null;
  process_name: string | null;
  process_path: string | null;
  /** Command line. */
  process: string | null;
  user: string | null;
  parent_process_guid: string | null;
  parent_process_id: number | null;
  parent_process_name: string | null;
  parent_process_path: string | null;
  parent_process: string | null;
  start_time: string | null;
  start_ms: number | null;
  end_time: string | null;
  end_ms: number | null;
  /** A start event (Sysmon 1 / Security 4688 with a GUID) for this key is in the evidence. */
  start_in_evidence: boolean;
  first_seen_ms: number | null;
  last_seen_ms: number | null;
  evidence: string | null;
  record_id: number | null;
}

export interface ProcessIndexOptions {
  maxProcesses?: number;
}

export class ProcessIndex {
  readonly byKey = new Map<string, ProcessRecord>();
  readonly byDest = new Map<string, Set<string>>();
  readonly children = new Map<string, Set<string>>();
  dropped = 0;
  private readonly max: number;

  constructor(opts: ProcessIndexOptions = {}) {
    this.max = opts.maxProcesses ?? 2_000_000;
  }

  private record(key: string, dest: string, guid: string): ProcessRecord | null {
    let r = this.byKey.get(key);
    if (r) return r;
    if (this.byKey.size >= this.max) { this.dropped++; return null; }
    r = {
      key, dest, process_guid: guid, process_id: null, process_name: null, process_path: null, process: null, user: null,
      parent_process_guid: null, parent_process_id: null, parent_process_name: null, parent_process_path: null, parent_process: null,
      start_time: null, start_ms: null, end_time: null, end_ms: null, start_in_evidence: false,
      first_seen_ms: null, last_seen_ms: null, evidence: null, record_id: null,
    };
    this.byKey.set(key, r);
    const d = dest.trim().toLowerCase();
    let s = this.byDest.get(d);
    if (!s) { s = new Set(); this.byDest.set(d, s); }
    s.add(key);
    return r;
  }

  /** Records what an event says about its acting process (and, for starts, its parent). */
  add(e: NormalisedEvent): void {
    const v = e.view;
    if (!v || e.dest === null) return;
    const guid = normaliseGuid(v.process_guid);
    const key = processJoinKey(e.dest, guid);
    if (key === null || guid === null) return;
    const r = this.record(key, e.dest, guid);
    if (!r) return;
    if (e.time_ms !== null) {
      if (r.first_seen_ms === null || e.time_ms < r.first_seen_ms) r.first_seen_ms = e.time_ms;
      if (r.last_seen_ms === null || e.time_ms > r.last_seen_ms) r.last_seen_ms = e.time_ms;
    }
    r.process_id ??= v.process_id;
    r.process_name ??= v.process_name;
    r.process_path ??= v.process_path;
    r.user ??= v.user;
    if (v.kind !== 'process') return;
    const p = v as ProcessView;
    if (p.action === 'start') {
      r.start_in_evidence = true;
      r.process_id = p.process_id ?? r.process_id;
      r.process_name = p.process_name ?? r.process_name;
      r.process_path = p.process_path ?? r.process_path;
      r.process = p.process;
      r.user = p.user ?? r.user;
      r.parent_process_guid = normaliseGuid(p.parent_process_guid);
      r.parent_process_id = p.parent_process_id;
      r.parent_process_name = p.parent_process_name;
      r.parent_process_path = p.parent_process_path;
      r.parent_process = p.parent_process;
      r.start_time = p.start_time ?? e.time;
      r.start_ms = e.time_ms;
      r.evidence = e.evidence;
      r.record_id = e.record_id;
      const parentKey = processJoinKey(e.dest, r.parent_process_guid);
      if (parentKey !== null) {
        let c = this.children.get(parentKey);
        if (!c) { c = new Set(); this.children.set(parentKey, c); }
        c.add(key);
      }
    } else {
      r.end_time = p.end_time ?? e.time;
      r.end_ms = e.time_ms;
    }
  }

  get(dest: string | null, guid: string | null): ProcessRecord | undefined {
    const key = processJoinKey(dest, guid);
    return key === null ? undefined : this.byKey.get(key);
  }

  get size(): number {
    return this.byKey.size;
  }
}
