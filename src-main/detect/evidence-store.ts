/**
 * What the pivots need, kept compact and bounded while batches stream through:
 * - per-process timelines (every event of a (dest, process_guid), as a one-line summary),
 *   capped per process (`maxTimelinePerProcess`, first events kept) and in total
 *   (`maxTimelineEntries`); what is cut is counted per process and reported as `truncated`;
 * - file create/modify events, image loads and registry values that name a file, indexed by
 *   file name for the DLL pivot, each capped per file name and in total, drops counted.
 */
import type { NormalisedEvent } from '../model/event';
import { processJoinKey } from '../model/join';
import { fileNameOf, filePathsIn, normaliseFilePath } from './paths';
import type { TimelineEntry } from '../shared/contract-finding';

export type { TimelineEntry };

export interface FileRef {
  dest: string;
  path: string;
  path_as_written: string;
  action: string;
  time: string | null;
  time_ms: number | null;
  process_guid: string | null;
  process_name: string | null;
  process_path: string | null;
  evidence: string;
  record_id: number | null;
}

export interface RegistryFileRef extends FileRef {
  registry_path: string;
  registry_value_data: string;
}

export interface StoreLimits {
  maxTimelinePerProcess: number;
  maxTimelineEntries: number;
  maxFileRefs: number;
  maxImageLoads: number;
  maxRegistryRefs: number;
  maxRefsPerFileName: number;
}

const DEFAULT_STORE_LIMITS: StoreLimits = {
  maxTimelinePerProcess: 1000,
  maxTimelineEntries: 500_000,
  maxFileRefs: 200_000,
  maxImageLoads: 300_000,
  maxRegistryRefs: 100_000,
  maxRefsPerFileName: 500,
};

const MAX_SUMMARY = 400;

function clip(s: string): string {
  return s.length > MAX_SUMMARY ? s.slice(0, MAX_SUMMARY - 1) + '…' : s;
}

/** The timeline's one-line form of an event with a view. */
function timelineEntry(e: NormalisedEvent, v: NonNullable<NormalisedEvent['view']>): TimelineEntry {
  let action: string | null;
  let summary: string;
  switch (v.kind) {
    case 'process': action = v.action; summary = v.action === 'start' ? (v.process ?? v.process_path ?? '') : (v.process_path ?? 'exit'); break;
    case 'registry': action = v.action; summary = v.registry_value_data !== null ? `${v.registry_path} = ${v.registry_value_data}` : v.registry_path; break;
    case 'filesystem': action = v.action; summary = v.file_path ?? ''; break;
    case 'image_load': action = 'loaded'; summary = v.file_path ?? ''; break;
    case 'network': action = v.direction; summary = `${v.src_ip ?? ''}:${v.src_port ?? ''} → ${v.dest_hostname ?? v.dest_ip ?? ''}:${v.dest_port ?? ''}`; break;
    case 'dns': action = 'query'; summary = `${v.query ?? ''} → ${v.answer ?? ''}`; break;
  }
  return { time: e.time, time_ms: e.time_ms, event_id: e.event_id, kind: v.kind, action, summary: clip(summary), evidence: e.evidence, record_id: e.record_id };
}

class Bucketed<T> {
  readonly byName = new Map<string, T[]>();
  size = 0;
  dropped = 0;
  constructor(private readonly max: number, private readonly perName: number) {}
  /** Keeps `item` under `name` unless a bound is reached (then counts it); returns it when kept. */
  add(name: string, item: T): T | null {
    let list = this.byName.get(name);
    if (this.size >= this.max || (list && list.length >= this.perName)) { this.dropped++; return null; }
    if (!list) { list = []; this.byName.set(name, list); }
    list.push(item);
    this.size++;
    return item;
  }
  get(name: string): T[] {
    return this.byName.get(name) ?? [];
  }
}

/** Where a stored item cites its event. */
type Citation = { evidence: string; record_id: number | null };

/** What the store kept of one event: nothing, one item, or several (a registry value naming several files). */
type Stored = Citation | Citation[];
const NOTHING_STORED: Citation[] = [];

/** Whether `e` is the copy to cite instead of `c`: its evidence path, then record id, sorts first. */
function citesBefore(e: NormalisedEvent, c: Citation): boolean {
  if (e.evidence !== c.evidence) return e.evidence < c.evidence;
  return (e.record_id ?? 0) < (c.record_id ?? 0);
}

/** Cites `e` in what was stored of an earlier copy of it, where `e` sorts first. */
function recite(stored: Stored, e: NormalisedEvent): void {
  if (!Array.isArray(stored)) stored = [stored];
  for (const c of stored) if (citesBefore(e, c)) { c.evidence = e.evidence; c.record_id = e.record_id; }
}

/** Adds `item` to what is stored of one event. */
function withItem(stored: Stored | null, item: Citation | null): Stored | null {
  if (item === null) return stored;
  if (stored === null) return item;
  if (Array.isArray(stored)) { stored.push(item); return stored; }
  return [stored, item];
}

const FILE_WRITE_ACTIONS = new Set(['created', 'modified', 'stream_created', 'executable_detected', 'deleted']);

export class EvidenceStore {
  readonly timelines = new Map<string, TimelineEntry[]>();
  readonly timelineDropped = new Map<string, number>();
  timelineTotal = 0;
  readonly files: Bucketed<FileRef>;
  readonly loads: Bucketed<FileRef>;
  readonly registryRefs: Bucketed<RegistryFileRef>;
  readonly limits: StoreLimits;

  constructor(limits: Partial<StoreLimits> = {}) {
    this.limits = { ...DEFAULT_STORE_LIMITS, ...limits };
    this.files = new Bucketed(this.limits.maxFileRefs, this.limits.maxRefsPerFileName);
    this.loads = new Bucketed(this.limits.maxImageLoads, this.limits.maxRefsPerFileName);
    this.registryRefs = new Bucketed(this.limits.maxRegistryRefs, this.limits.maxRefsPerFileName);
  }

  /**
   * Identities (dest|channel|record id) of stored events, each with what was stored of it: a record
   * read twice is stored once, citing the copy whose (evidence, record id) sorts first, whichever
   * arrived first.
   */
  private readonly seen = new Map<string, Stored>();
  duplicates = 0;

  /**
   * Keeps what the pivots need of `e` (identity: dest|channel|record id, or null when unknown;
   * `key`: its process join key, when the caller made it already).
   */
  add(e: NormalisedEvent, identity: string | null = null, key: string | null = e.view ? processJoinKey(e.dest, e.view.process_guid) : null): void {
    const v = e.view;
    if (!v) return;
    if (identity !== null) {
      const copies = this.seen.get(identity);
      if (copies !== undefined) {
        this.duplicates++;
        recite(copies, e);
        return;
      }
    }
    let stored: Stored | null = null;
    if (key !== null) {
      let list = this.timelines.get(key);
      if (this.timelineTotal >= this.limits.maxTimelineEntries || (list && list.length >= this.limits.maxTimelinePerProcess)) {
        this.timelineDropped.set(key, (this.timelineDropped.get(key) ?? 0) + 1);
      } else {
        if (!list) { list = []; this.timelines.set(key, list); }
        const entry = timelineEntry(e, v);
        list.push(entry);
        stored = entry;
        this.timelineTotal++;
      }
    }
    if (e.dest !== null) {
      if (v.kind === 'filesystem' && v.file_path !== null && FILE_WRITE_ACTIONS.has(v.action)) {
        const p = normaliseFilePath(v.file_path);
        if (p) stored = withItem(stored, this.files.add(fileNameOf(p) ?? p, fileRef(e, v, p, v.file_path, v.action)));
      } else if (v.kind === 'image_load' && v.file_path !== null) {
        const p = normaliseFilePath(v.file_path);
        if (p) stored = withItem(stored, this.loads.add(fileNameOf(p) ?? p, fileRef(e, v, p, v.file_path, 'loaded')));
      } else if (v.kind === 'registry' && v.registry_value_data !== null && /\.[a-z0-9]{2,4}\b/i.test(v.registry_value_data)) {
        for (const p of filePathsIn(v.registry_value_data)) {
          if (!/\.[a-z0-9]{2,4}$/.test(p)) continue;
          const ref: RegistryFileRef = { ...fileRef(e, v, p, v.registry_value_data, v.action), registry_path: v.registry_path, registry_value_data: v.registry_value_data };
          stored = withItem(stored, this.registryRefs.add(fileNameOf(p) ?? p, ref));
        }
      }
    }
    // Bounded like what it guards (beyond it, a duplicate may be stored twice).
    if (identity !== null && this.seen.size < this.limits.maxTimelineEntries + this.limits.maxFileRefs + this.limits.maxImageLoads) {
      this.seen.set(identity, stored ?? NOTHING_STORED);
    }
  }
}

/** A file an event names, with the event's host, process and citation. */
function fileRef(e: NormalisedEvent, v: NonNullable<NormalisedEvent['view']>, path: string, asWritten: string, action: string): FileRef {
  return {
    dest: e.dest!, path, path_as_written: asWritten, action, time: e.time, time_ms: e.time_ms,
    process_guid: v.process_guid, process_name: v.process_name, process_path: v.process_path, evidence: e.evidence, record_id: e.record_id,
  };
}
