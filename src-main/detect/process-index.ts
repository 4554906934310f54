/**
 * The process index: process starts and stops by (dest, process_guid), the join key of every
 * detection (never the GUID alone; host names compare case-insensitively, GUIDs upper-case, see
 * model/join.ts), plus first/last sighting of processes known only from their other events.
 * Bounded: at most `maxProcesses` keys, those that sort first whatever order the batches came in
 * (past the bound plus a slack the keys sorting last are evicted, later keys sorting after them
 * refused); the events of the others are counted in `dropped`. GUID-less starts and stops are
 * bounded by the same number, first come (a remaining arrival-order dependency past 2,000,000).
 */
import type { NormalisedEvent } from '../model/event';
import type { ProcessView } from '../model/cim';
import { processJoinKey } from '../model/join';
import { normaliseGuid } from '../model/guid';
import { PidStarts } from './pid-starts';

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

/** Where an event sits in the order of the evidence: time (unknown last), evidence path, record id. */
interface SightingKey { t: number; evidence: string; record: number }

/** The fields a process's other events tell, each from its earliest sighting that has it (null: from a start). */
const SIGHTED = ['process_id', 'process_name', 'process_path', 'user'] as const;
type Sighted = (typeof SIGHTED)[number];

export interface ProcessIndexOptions {
  maxProcesses?: number;
}

export class ProcessIndex {
  readonly byKey = new Map<string, ProcessRecord>();
  readonly byDest = new Map<string, Set<string>>();
  readonly children = new Map<string, Set<string>>();
  /**
   * Starts without a GUID (Security 4688) by (dest, process id), for writers that carry no GUID
   * either (Security 4657): pid-starts.ts. Bounded by `maxProcesses` too.
   */
  private readonly pids: PidStarts;
  /**
   * Per key, which sighting each of its SIGHTED fields came from: the earliest event that has it
   * (null once a start gave it), so the fields do not depend on the order the batches came in
   * (workers read files, and ranges of one file, side by side).
   */
  private readonly sightings = new Map<string, Partial<Record<Sighted, SightingKey | null>>>();
  /** Per key, the stop its end came from: of several (crafted or broken evidence), the one that sorts first. */
  private readonly stops = new Map<string, SightingKey>();
  /** Events of processes not kept (and GUID-less events past their bound). */
  get dropped(): number {
    this.evict();
    return this.droppedEvents;
  }
  private droppedEvents = 0;
  private readonly max: number;
  /** Events seen per key (what an eviction adds to `dropped`). */
  private readonly eventsOf = new Map<string, number>();
  /** The first key evicted: keys at or after it are not kept (null: none yet). */
  private threshold: string | null = null;

  constructor(opts: ProcessIndexOptions = {}) {
    this.max = opts.maxProcesses ?? 2_000_000;
    this.pids = new PidStarts(this.max);
  }

  private record(key: string, dest: string, guid: string): ProcessRecord | null {
    let r = this.byKey.get(key);
    if (r) return r;
    if (this.threshold !== null && key >= this.threshold) { this.droppedEvents++; return null; }
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
    if (this.byKey.size > this.max + Math.max(1, this.max >> 2)) {
      this.evict();
      if (!this.byKey.has(key)) { this.droppedEvents++; return null; }
    }
    return r;
  }

  /** Applies the bound to what was added (before the index is read: the session's `finish`). */
  settle(): void {
    this.evict();
  }

  /** Keeps the `max` keys that sort first; the others' events are counted in `dropped`. */
  private evict(): void {
    if (this.byKey.size <= this.max) return;
    const keys = [...this.byKey.keys()].sort();
    this.threshold = keys[this.max]!;
    for (let i = this.max; i < keys.length; i++) {
      const k = keys[i]!;
      const r = this.byKey.get(k)!;
      this.byKey.delete(k);
      this.byDest.get(r.dest.trim().toLowerCase())?.delete(k);
      const parent = processJoinKey(r.dest, r.parent_process_guid);
      if (parent !== null) this.children.get(parent)?.delete(k);
      this.children.delete(k);
      this.sightings.delete(k);
      this.stops.delete(k);
      this.droppedEvents += this.eventsOf.get(k) ?? 0;
      this.eventsOf.delete(k);
    }
  }

  /**
   * Records what an event says about its acting process (and, for starts, its parent). `guid` and
   * `key`: the view's GUID normalised and its join key, when the caller made them already.
   */
  add(e: NormalisedEvent, guid: string | null = normaliseGuid(e.view?.process_guid), key: string | null = processJoinKey(e.dest, guid)): void {
    const v = e.view;
    if (!v || e.dest === null) return;
    if (key === null || guid === null) {
      if (v.kind === 'process' && v.process_id !== null && !this.pids.add(e, v as ProcessView)) this.droppedEvents++;
      return;
    }
    const r = this.record(key, e.dest, guid);
    if (!r) return;
    this.eventsOf.set(key, (this.eventsOf.get(key) ?? 0) + 1);
    if (e.time_ms !== null) {
      if (r.first_seen_ms === null || e.time_ms < r.first_seen_ms) r.first_seen_ms = e.time_ms;
      if (r.last_seen_ms === null || e.time_ms > r.last_seen_ms) r.last_seen_ms = e.time_ms;
    }
    this.sighted(r, e, v);
    if (v.kind !== 'process') return;
    const p = v as ProcessView;
    if (p.action === 'start') {
      // The same guid started twice (crafted or broken evidence): the earliest start by (time,
      // evidence, record id) wins, whatever order the batches came in.
      if (r.start_in_evidence && !startsBefore(e, r)) return;
      if (r.start_in_evidence) {
        const oldParent = processJoinKey(e.dest, r.parent_process_guid);
        if (oldParent !== null) this.children.get(oldParent)?.delete(key);
      }
      r.start_in_evidence = true;
      const seen = this.sightings.get(key);
      if (seen) for (let i = 0; i < SIGHTED.length; i++) if (p[SIGHTED[i]!] !== null) seen[SIGHTED[i]!] = null;
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
      const at: SightingKey = { t: e.time_ms ?? Number.POSITIVE_INFINITY, evidence: e.evidence, record: e.record_id ?? 0 };
      const had = this.stops.get(key);
      if (had !== undefined && !sightedBefore(at, had)) return;
      this.stops.set(key, at);
      r.end_time = p.end_time ?? e.time;
      r.end_ms = e.time_ms;
    }
  }

  /** Takes each SIGHTED field the event has unless an earlier sighting (or a start) gave it. */
  private sighted(r: ProcessRecord, e: NormalisedEvent, v: NonNullable<NormalisedEvent['view']>): void {
    let seen = this.sightings.get(r.key);
    let key: SightingKey | null = null; // made only when a field is taken or compared (most events give nothing new)
    for (let i = 0; i < SIGHTED.length; i++) {
      const f = SIGHTED[i]!;
      const value = v[f] ?? null;
      if (value === null) continue;
      const had = seen?.[f];
      if (r[f] !== null && (had === undefined || had === null)) continue;
      key ??= { t: e.time_ms ?? Number.POSITIVE_INFINITY, evidence: e.evidence, record: e.record_id ?? 0 };
      if (r[f] !== null && !sightedBefore(key, had!)) continue;
      seen ??= this.sightings.set(r.key, {}).get(r.key)!;
      seen[f] = key;
      (r as unknown as Record<Sighted, unknown>)[f] = value;
    }
  }

  /** The start of `pid` on `dest` that was running at `atMs` (latest start before it, not yet exited), for GUID-less writers. */
  getByPid(dest: string | null, pid: number | null, atMs: number | null): ProcessRecord | undefined {
    return this.pids.get(dest, pid, atMs);
  }

  get(dest: string | null, guid: string | null): ProcessRecord | undefined {
    const key = processJoinKey(dest, guid);
    return key === null ? undefined : this.byKey.get(key);
  }

  get size(): number {
    this.evict();
    return this.byKey.size;
  }
}

function sightedBefore(a: SightingKey, b: SightingKey): boolean {
  if (a.t !== b.t) return a.t < b.t;
  if (a.evidence !== b.evidence) return a.evidence < b.evidence;
  return a.record < b.record;
}

/** Does start event `e` sort before the start recorded in `r`: time (unknown last), evidence, record id? */
function startsBefore(e: NormalisedEvent, r: ProcessRecord): boolean {
  const a = e.time_ms ?? Number.POSITIVE_INFINITY;
  const b = r.start_ms ?? Number.POSITIVE_INFINITY;
  if (a !== b) return a < b;
  const ev = r.evidence ?? '';
  if (e.evidence !== ev) return e.evidence < ev;
  return (e.record_id ?? 0) < (r.record_id ?? 0);
}
