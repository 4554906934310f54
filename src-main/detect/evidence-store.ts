/**
 * What the pivots need, kept compact and bounded while batches stream through:
 * - per-process timelines (every event of a (dest, process_guid), as a one-line summary),
 *   capped per process (`maxTimelinePerProcess`) and in total (`maxTimelineEntries`); what is cut
 *   is counted per process and reported as `truncated`;
 * - file create/modify events, image loads and registry values that name a file, indexed by
 *   file name for the DLL pivot, each capped per file name and in total, drops counted.
 * Every bound keeps the entries that sort first (time, record id, evidence, then what tells two
 * entries of one event apart: earliest-buckets.ts), whatever order the batches arrived in.
 */
import type { NormalisedEvent } from '../model/event';
import { processJoinKey } from '../model/join';
import { fileNameOf, filePathsIn, normaliseFilePath } from './paths';
import type { TimelineEntry } from '../shared/contract-finding';
import { EarliestBuckets } from './earliest-buckets';

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
  /**
   * Identities remembered to store a record read twice once (default: the timeline, file and
   * image-load bounds together). Past it a duplicate may be stored twice: the one bound that
   * depends on arrival order, and only for evidence holding the same records twice.
   */
  maxIdentities?: number;
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

const cmpStr = (a: string | null, b: string | null): number => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);

/** The order the pivots list events in: time (unknown last), record id, evidence. */
function compareCited(a: { time_ms: number | null; time: string | null; record_id: number | null; evidence: string }, b: typeof a): number {
  const ta = a.time_ms ?? Number.MAX_SAFE_INTEGER;
  const tb = b.time_ms ?? Number.MAX_SAFE_INTEGER;
  return ta - tb || cmpStr(a.time, b.time) || (a.record_id ?? 0) - (b.record_id ?? 0) || cmpStr(a.evidence, b.evidence);
}

/** Timeline entries in that order; entries of one record by event id, kind, action and summary (a total order of what differs). */
export function compareTimelineEntries(a: TimelineEntry, b: TimelineEntry): number {
  return compareCited(a, b) || (a.event_id ?? 0) - (b.event_id ?? 0) || cmpStr(a.kind, b.kind) || cmpStr(a.action, b.action) || cmpStr(a.summary, b.summary);
}

/** File references in that order; the several files one event names by path (a total order of what differs). */
export function compareFileRefs(a: FileRef, b: FileRef): number {
  return compareCited(a, b) || cmpStr(a.path, b.path) || cmpStr(a.path_as_written, b.path_as_written) || cmpStr(a.action, b.action)
    || cmpStr(a.dest, b.dest) || cmpStr(a.process_guid, b.process_guid);
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

/** Cites `e` in what was stored of an earlier copy of it, where `e` sorts first; returns the items re-cited. */
function recite(stored: Stored, e: NormalisedEvent): Citation[] {
  if (!Array.isArray(stored)) stored = [stored];
  const moved: Citation[] = [];
  for (const c of stored) if (citesBefore(e, c)) { c.evidence = e.evidence; c.record_id = e.record_id; moved.push(c); }
  return moved;
}

/** Adds `item` to what is stored of one event. */
function withItem(stored: Stored | null, item: Citation): Stored {
  if (stored === null) return item;
  if (Array.isArray(stored)) { stored.push(item); return stored; }
  return [stored, item];
}

const FILE_WRITE_ACTIONS = new Set(['created', 'modified', 'stream_created', 'executable_detected', 'deleted']);

/**
 * File paths whose normalised form the store remembers: a host's events name the same files again
 * and again (each image load of a DLL), and normaliseFilePath is a dozen regular expressions.
 * Bounded (past it the memo starts over; longer texts are not remembered), and per store, so it
 * holds no text past the triage that read it.
 */
const MAX_REMEMBERED_PATHS = 4096;
const MAX_REMEMBERED_PATH_CHARS = 520;

export class EvidenceStore {
  /** Timelines by process join key. */
  readonly timelines: EarliestBuckets<TimelineEntry>;
  /** File events, image loads and registry values naming a file, by file name. */
  readonly files: EarliestBuckets<FileRef>;
  readonly loads: EarliestBuckets<FileRef>;
  readonly registryRefs: EarliestBuckets<RegistryFileRef>;
  readonly limits: StoreLimits;

  constructor(limits: Partial<StoreLimits> = {}) {
    this.limits = { ...DEFAULT_STORE_LIMITS, ...limits };
    this.timelines = new EarliestBuckets(this.limits.maxTimelineEntries, this.limits.maxTimelinePerProcess, compareTimelineEntries);
    this.files = new EarliestBuckets(this.limits.maxFileRefs, this.limits.maxRefsPerFileName, compareFileRefs);
    this.loads = new EarliestBuckets(this.limits.maxImageLoads, this.limits.maxRefsPerFileName, compareFileRefs);
    this.registryRefs = new EarliestBuckets<RegistryFileRef>(this.limits.maxRegistryRefs, this.limits.maxRefsPerFileName, compareFileRefs);
  }

  /**
   * Identities (dest|channel|record id) of stored events, each with what was stored of it: a record
   * read twice is stored once, citing the copy whose (evidence, record id) sorts first, whichever
   * arrived first.
   */
  private readonly seen = new Map<string, Stored>();
  duplicates = 0;
  /** normaliseFilePath's results by text (MAX_REMEMBERED_PATHS). */
  private readonly paths = new Map<string, string | null>();

  private normalisedPath(text: string): string | null {
    if (text.length > MAX_REMEMBERED_PATH_CHARS) return normaliseFilePath(text);
    let p = this.paths.get(text);
    if (p === undefined) {
      p = normaliseFilePath(text);
      if (this.paths.size >= MAX_REMEMBERED_PATHS) this.paths.clear();
      this.paths.set(text, p);
    }
    return p;
  }

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
        // A re-cited item sorts earlier now: one the bounds cut may be among the first again.
        for (const c of recite(copies, e)) {
          this.timelines.relist(c as TimelineEntry);
          this.files.relist(c as FileRef);
          this.loads.relist(c as FileRef);
          this.registryRefs.relist(c as RegistryFileRef);
        }
        return;
      }
    }
    let stored: Stored | null = null;
    if (key !== null) {
      const entry = timelineEntry(e, v);
      this.timelines.add(key, entry);
      stored = entry;
    }
    if (e.dest !== null) {
      if (v.kind === 'filesystem' && v.file_path !== null && FILE_WRITE_ACTIONS.has(v.action)) {
        const p = this.normalisedPath(v.file_path);
        if (p) stored = withItem(stored, keepIn(this.files, fileNameOf(p) ?? p, fileRef(e, v, p, v.file_path, v.action)));
      } else if (v.kind === 'image_load' && v.file_path !== null) {
        const p = this.normalisedPath(v.file_path);
        if (p) stored = withItem(stored, keepIn(this.loads, fileNameOf(p) ?? p, fileRef(e, v, p, v.file_path, 'loaded')));
      } else if (v.kind === 'registry' && v.registry_value_data !== null && /\.[a-z0-9]{2,4}\b/i.test(v.registry_value_data)) {
        for (const p of filePathsIn(v.registry_value_data)) {
          if (!/\.[a-z0-9]{2,4}$/.test(p)) continue;
          const ref: RegistryFileRef = { ...fileRef(e, v, p, v.registry_value_data, v.action), registry_path: v.registry_path, registry_value_data: v.registry_value_data };
          stored = withItem(stored, keepIn(this.registryRefs, fileNameOf(p) ?? p, ref));
        }
      }
    }
    // Bounded like what it guards (beyond it, a duplicate may be stored twice). What the bounds cut
    // is remembered too: a later copy that sorts first may bring it back.
    if (identity !== null && this.seen.size < (this.limits.maxIdentities ?? this.limits.maxTimelineEntries + this.limits.maxFileRefs + this.limits.maxImageLoads)) {
      this.seen.set(identity, stored ?? NOTHING_STORED);
    }
  }
}

/** The store keeps `item` of an event by name in `buckets` (or counts it as dropped): it is what the event stored. */
function keepIn<T extends object>(buckets: EarliestBuckets<T>, name: string, item: T): T {
  buckets.add(name, item);
  return item;
}

/** A file an event names, with the event's host, process and citation. */
function fileRef(e: NormalisedEvent, v: NonNullable<NormalisedEvent['view']>, path: string, asWritten: string, action: string): FileRef {
  return {
    dest: e.dest!, path, path_as_written: asWritten, action, time: e.time, time_ms: e.time_ms,
    process_guid: v.process_guid, process_name: v.process_name, process_path: v.process_path, evidence: e.evidence, record_id: e.record_id,
  };
}
