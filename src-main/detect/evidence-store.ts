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

function summarise(e: NormalisedEvent): { kind: string; action: string | null; summary: string } {
  const v = e.view;
  if (!v) return { kind: 'other', action: null, summary: clip(`${e.channel ?? ''} ${e.event_id ?? ''}`.trim()) };
  switch (v.kind) {
    case 'process': return { kind: v.kind, action: v.action, summary: clip(v.action === 'start' ? (v.process ?? v.process_path ?? '') : (v.process_path ?? 'exit')) };
    case 'registry': return { kind: v.kind, action: v.action, summary: clip(v.registry_value_data !== null ? `${v.registry_path} = ${v.registry_value_data}` : v.registry_path) };
    case 'filesystem': return { kind: v.kind, action: v.action, summary: clip(v.file_path ?? '') };
    case 'image_load': return { kind: v.kind, action: 'loaded', summary: clip(v.file_path ?? '') };
    case 'network': return { kind: v.kind, action: v.direction, summary: clip(`${v.src_ip ?? ''}:${v.src_port ?? ''} → ${v.dest_hostname ?? v.dest_ip ?? ''}:${v.dest_port ?? ''}`) };
    case 'dns': return { kind: v.kind, action: 'query', summary: clip(`${v.query ?? ''} → ${v.answer ?? ''}`) };
  }
}

class Bucketed<T> {
  readonly byName = new Map<string, T[]>();
  size = 0;
  dropped = 0;
  constructor(private readonly max: number, private readonly perName: number) {}
  add(name: string, item: T): void {
    let list = this.byName.get(name);
    if (this.size >= this.max || (list && list.length >= this.perName)) { this.dropped++; return; }
    if (!list) { list = []; this.byName.set(name, list); }
    list.push(item);
    this.size++;
  }
  get(name: string): T[] {
    return this.byName.get(name) ?? [];
  }
}

/** Where a stored item cites its event. */
type Citation = { evidence: string; record_id: number | null };

/** Whether `e` is the copy to cite instead of `c`: its evidence path, then record id, sorts first. */
function citesBefore(e: NormalisedEvent, c: Citation): boolean {
  if (e.evidence !== c.evidence) return e.evidence < c.evidence;
  return (e.record_id ?? 0) < (c.record_id ?? 0);
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
  private readonly seen = new Map<string, Citation[]>();
  duplicates = 0;

  add(e: NormalisedEvent, identity: string | null = null): void {
    const v = e.view;
    if (!v) return;
    let stored: Citation[] | null = null;
    if (identity !== null) {
      const copies = this.seen.get(identity);
      if (copies !== undefined) {
        this.duplicates++;
        for (const c of copies) if (citesBefore(e, c)) { c.evidence = e.evidence; c.record_id = e.record_id; }
        return;
      }
      // Bounded like what it guards (beyond it, a duplicate may be stored twice).
      if (this.seen.size < this.limits.maxTimelineEntries + this.limits.maxFileRefs + this.limits.maxImageLoads) this.seen.set(identity, stored = []);
    }
    const key = processJoinKey(e.dest, v.process_guid);
    if (key !== null) {
      let list = this.timelines.get(key);
      if (this.timelineTotal >= this.limits.maxTimelineEntries || (list && list.length >= this.limits.maxTimelinePerProcess)) {
        this.timelineDropped.set(key, (this.timelineDropped.get(key) ?? 0) + 1);
      } else {
        if (!list) { list = []; this.timelines.set(key, list); }
        const s = summarise(e);
        const entry: TimelineEntry = { time: e.time, time_ms: e.time_ms, event_id: e.event_id, kind: s.kind, action: s.action, summary: s.summary, evidence: e.evidence, record_id: e.record_id };
        list.push(entry);
        stored?.push(entry);
        this.timelineTotal++;
      }
    }
    if (e.dest === null) return;
    const base = (path: string, asWritten: string, action: string): FileRef => {
      const ref: FileRef = {
        dest: e.dest!, path, path_as_written: asWritten, action, time: e.time, time_ms: e.time_ms,
        process_guid: v.process_guid, process_name: v.process_name, process_path: v.process_path, evidence: e.evidence, record_id: e.record_id,
      };
      stored?.push(ref);
      return ref;
    };
    if (v.kind === 'filesystem' && v.file_path !== null && FILE_WRITE_ACTIONS.has(v.action)) {
      const p = normaliseFilePath(v.file_path);
      if (p) this.files.add(fileNameOf(p) ?? p, base(p, v.file_path, v.action));
    } else if (v.kind === 'image_load' && v.file_path !== null) {
      const p = normaliseFilePath(v.file_path);
      if (p) this.loads.add(fileNameOf(p) ?? p, base(p, v.file_path, 'loaded'));
    } else if (v.kind === 'registry' && v.registry_value_data !== null && /\.[a-z0-9]{2,4}\b/i.test(v.registry_value_data)) {
      for (const p of filePathsIn(v.registry_value_data)) {
        if (!/\.[a-z0-9]{2,4}$/.test(p)) continue;
        this.registryRefs.add(fileNameOf(p) ?? p, { ...base(p, v.registry_value_data, v.action), registry_path: v.registry_path, registry_value_data: v.registry_value_data });
      }
    }
  }
}
