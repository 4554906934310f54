/**
 * Pivots, computed in main from the process index and the evidence store (what the seed's
 * "How to triage" asks for):
 * - timeline: every event of the finding's (dest, process_guid), ordered;
 * - tree: ancestors up to the root the evidence holds, and descendants;
 * - parallel: other processes on the same host alive within ±window of the write;
 * - DLL pivot: file events that created/changed the file written, image loads of it, and other
 *   registry values naming the same file (paths compared case-insensitively after env-var,
 *   `\??\`, quote and argument normalisation; see paths.ts).
 */
import type { ProcessIndex, ProcessRecord } from './process-index';
import type { EvidenceStore, FileRef } from './evidence-store';
import { compareFileRefs, compareTimelineEntries } from './evidence-store';
import type { DetectedPivots as Pivots, FileActionRef as ProcessRef, ParallelProcess, TreeNode } from '../shared/contract-finding';
import { fileNameOf, samePath } from './paths';
import { processJoinKey } from '../model/join';
import { compareTimes } from './time-order';
import { HostProcessSpans, parallelEntry } from './parallel-index';

/** The pivot shapes are the finding's (shared/contract-finding.ts): the JSON document writes them as they are. */
export type { DetectedPivots as Pivots } from '../shared/contract-finding';

export const DEFAULT_PARALLEL_WINDOW_MS = 5 * 60_000;

function node(r: ProcessRecord, depth: number): TreeNode {
  return {
    process_guid: r.process_guid, process_name: r.process_name, process_path: r.process_path, process: r.process,
    process_id: r.process_id, user: r.user, start_time: r.start_time, end_time: r.end_time, start_in_evidence: r.start_in_evidence, depth,
  };
}

export function processTimeline(store: EvidenceStore, dest: string, guid: string): Pivots['timeline'] {
  const key = processJoinKey(dest, guid);
  if (key === null) return { entries: [], total: 0, truncated: false };
  const entries = [...store.timelines.get(key)].sort(compareTimelineEntries);
  const dropped = store.timelines.droppedOf(key);
  return { entries, total: entries.length + dropped, truncated: dropped > 0 };
}

export function processTree(index: ProcessIndex, dest: string, guid: string, maxDescendants = 200): Pivots['tree'] {
  const key = processJoinKey(dest, guid);
  const self = key === null ? undefined : index.byKey.get(key);
  if (!self) return { ancestors: [], process: null, descendants: [], truncated: false };
  const ancestors: TreeNode[] = [];
  const seen = new Set<string>([self.key]);
  let cur: ProcessRecord = self;
  for (let depth = -1; depth >= -64; depth--) {
    const pk = processJoinKey(cur.dest, cur.parent_process_guid);
    const parent = pk === null ? undefined : index.byKey.get(pk);
    if (!parent || seen.has(parent.key)) {
      // The parent named by the start event but not itself in the evidence: a stub ends the chain.
      if (cur.parent_process_guid !== null && (!parent || !parent.start_in_evidence) && !seen.has(pk ?? '')) {
        ancestors.push({
          process_guid: cur.parent_process_guid, process_name: cur.parent_process_name ?? parent?.process_name ?? null,
          process_path: cur.parent_process_path ?? parent?.process_path ?? null, process: cur.parent_process,
          process_id: cur.parent_process_id, user: parent?.user ?? null, start_time: null, end_time: parent?.end_time ?? null, start_in_evidence: false, depth,
        });
      }
      break;
    }
    seen.add(parent.key);
    if (!parent.start_in_evidence) {
      ancestors.push({ ...node(parent, depth), process_name: parent.process_name ?? cur.parent_process_name, process_path: parent.process_path ?? cur.parent_process_path, process: parent.process ?? cur.parent_process });
      break;
    }
    ancestors.push(node(parent, depth));
    cur = parent;
  }
  // Level by level, each level in the listed order (start time, GUID): the descendants kept under
  // the cap are the first in that order, whatever order the children were indexed in.
  const descendants: TreeNode[] = [];
  let truncated = false;
  let level: string[] = [self.key];
  for (let d = 1; level.length > 0 && !truncated; d++) {
    const next: ProcessRecord[] = [];
    for (const k of level) {
      for (const ck of index.children.get(k) ?? []) {
        if (seen.has(ck)) continue;
        seen.add(ck);
        const c = index.byKey.get(ck);
        if (c) next.push(c);
      }
    }
    next.sort(compareStarts);
    level = [];
    for (const c of next) {
      if (descendants.length >= maxDescendants) { truncated = true; break; }
      descendants.push(node(c, d));
      level.push(c.key);
    }
  }
  return { ancestors, process: node(self, 0), descendants, truncated };
}

/** Start time (none first), then GUID: the order a tree level is listed in. */
function compareStarts(a: ProcessRecord, b: ProcessRecord): number {
  return compareTimes(a.start_time, b.start_time) || (a.process_guid < b.process_guid ? -1 : a.process_guid > b.process_guid ? 1 : 0);
}

/** A process alive on a host at some time: from its start (or first event) to its end (or last event; +∞ when started and not seen ending). */
function liveSpan(r: ProcessRecord): [number, number] | null {
  const from = r.start_ms ?? r.first_seen_ms;
  const to = r.end_ms ?? (r.start_ms !== null ? Number.POSITIVE_INFINITY : r.last_seen_ms);
  return from === null || to === null ? null : [from, to];
}

/** Closest starts first (those that started around the write are the interesting ones), then earlier, then by GUID. */
function compareParallel(a: ParallelProcess, b: ParallelProcess): number {
  return Math.abs(a.start_offset_ms ?? Number.MAX_SAFE_INTEGER) - Math.abs(b.start_offset_ms ?? Number.MAX_SAFE_INTEGER)
    || (a.start_offset_ms ?? 0) - (b.start_offset_ms ?? 0) || (a.process_guid < b.process_guid ? -1 : a.process_guid > b.process_guid ? 1 : 0);
}

export function parallelProcesses(index: ProcessIndex, dest: string, guid: string, atMs: number, at: string, windowMs = DEFAULT_PARALLEL_WINDOW_MS, max = 200): Pivots['parallel'] {
  const self = processJoinKey(dest, guid);
  const out: ParallelProcess[] = [];
  const lo = atMs - windowMs;
  const hi = atMs + windowMs;
  for (const k of index.byDest.get(dest.trim().toLowerCase()) ?? []) {
    if (k === self) continue;
    const r = index.byKey.get(k)!;
    const span = liveSpan(r);
    if (span === null || span[0] > hi || span[1] < lo) continue;
    out.push(parallelEntry(r, atMs));
  }
  out.sort(compareParallel); // stable: ties keep the host's order
  return { window_ms: windowMs, at, processes: out.slice(0, max), total: out.length, truncated: out.length > max };
}

/**
 * The pivots of a finished detection, each worked out once per process (many findings share one:
 * the same process matches several rules, a rule matches on several hosts' copies): the
 * timeline and tree per (dest, process_guid), the parallel processes per (dest, process_guid,
 * time, window) from each host's processes indexed once (parallel-index.ts: no scan of the host's other
 * processes per finding; the same list as `parallelProcesses`). Findings that share a pivot share
 * its object (read-only from here on). The index and store must not change after the first call.
 */
export class PivotCache {
  private readonly timelines = new Map<string, Pivots['timeline']>();
  private readonly trees = new Map<string, Pivots['tree']>();
  private readonly parallels = new Map<string, Pivots['parallel']>();
  private readonly hosts = new Map<string, HostProcessSpans>();

  constructor(private readonly index: ProcessIndex, private readonly store: EvidenceStore) {}

  timeline(dest: string, guid: string): Pivots['timeline'] {
    const key = processJoinKey(dest, guid);
    if (key === null) return processTimeline(this.store, dest, guid);
    let t = this.timelines.get(key);
    if (t === undefined) this.timelines.set(key, (t = processTimeline(this.store, dest, guid)));
    return t;
  }

  tree(dest: string, guid: string): Pivots['tree'] {
    const key = processJoinKey(dest, guid);
    if (key === null) return processTree(this.index, dest, guid);
    let t = this.trees.get(key);
    if (t === undefined) this.trees.set(key, (t = processTree(this.index, dest, guid)));
    return t;
  }

  parallel(dest: string, guid: string, atMs: number, at: string, windowMs = DEFAULT_PARALLEL_WINDOW_MS, max = 200): Pivots['parallel'] {
    // A time or window that is not a finite number: the scan, which handles every case.
    if (!Number.isFinite(atMs) || !Number.isFinite(windowMs)) return parallelProcesses(this.index, dest, guid, atMs, at, windowMs, max);
    const destKey = dest.trim().toLowerCase();
    const self = processJoinKey(dest, guid);
    const memo = `${destKey}\u0000${self}\u0000${atMs}\u0000${at}\u0000${windowMs}\u0000${max}`;
    const known = this.parallels.get(memo);
    if (known !== undefined) return known;
    let h = this.hosts.get(destKey);
    if (h === undefined) this.hosts.set(destKey, (h = new HostProcessSpans(this.index, destKey)));
    const p = h.parallel(self, atMs, at, windowMs, max) ?? parallelProcesses(this.index, dest, guid, atMs, at, windowMs, max);
    this.parallels.set(memo, p);
    return p;
  }
}

/** A file event's process, with its command line, PID and user joined from the index on (dest, process_guid). */
function ref(f: FileRef, index: ProcessIndex | null): ProcessRef {
  const key = index === null ? null : processJoinKey(f.dest, f.process_guid);
  const p = key === null ? undefined : index!.byKey.get(key);
  return {
    process_name: f.process_name ?? '', process_guid: f.process_guid ?? '', time: f.time ?? '', process_path: f.process_path ?? p?.process_path ?? null,
    process: p?.process ?? null, process_id: p?.process_id ?? null, user: p?.user ?? null,
    action: f.action, file_path: f.path_as_written, evidence: f.evidence, record_id: f.record_id,
  };
}

/**
 * Who created and who loaded the file a registry value names, and other values naming it. With the
 * process index, each process carries its command line, PID and user (the DLL pivot shows them).
 */
export function dllPivot(store: EvidenceStore, dest: string, dllPath: string | null, ownRegistryPath: string, index: ProcessIndex | null = null, max = 200): Pick<Pivots, 'dll_path' | 'dll_created_by' | 'dll_loaded_by' | 'dll_registry_refs'> {
  if (dllPath === null) return { dll_path: null, dll_created_by: [], dll_loaded_by: [], dll_registry_refs: [] };
  const name = fileNameOf(dllPath) ?? dllPath;
  const d = dest.trim().toLowerCase();
  const same = (f: FileRef) => f.dest.trim().toLowerCase() === d && samePath(f.path, dllPath);
  const created = store.files.get(name).filter((f) => same(f) && f.action !== 'deleted').sort(compareFileRefs).slice(0, max).map((f) => ref(f, index));
  const loaded = store.loads.get(name).filter(same).sort(compareFileRefs).slice(0, max).map((f) => ref(f, index));
  const regs = store.registryRefs.get(name)
    .filter((f) => same(f) && f.registry_path !== ownRegistryPath)
    .sort(compareFileRefs).slice(0, max)
    .map((f) => ({ registry_path: f.registry_path, registry_value_data: f.registry_value_data, process_name: f.process_name ?? '', process_guid: f.process_guid ?? '', time: f.time ?? '', evidence: f.evidence, record_id: f.record_id }));
  return { dll_path: dllPath, dll_created_by: created, dll_loaded_by: loaded, dll_registry_refs: regs };
}
