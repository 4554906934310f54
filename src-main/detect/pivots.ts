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
import type { DetectedPivots as Pivots, FileActionRef as ProcessRef, ParallelProcess, TreeNode } from '../shared/contract-finding';
import { fileNameOf, samePath } from './paths';
import { processJoinKey } from '../model/join';

/** The pivot shapes are the finding's (shared/contract-finding.ts): the JSON document writes them as they are. */
export type { DetectedPivots as Pivots } from '../shared/contract-finding';

export const DEFAULT_PARALLEL_WINDOW_MS = 5 * 60_000;

function byTime<T extends { time_ms: number | null; record_id: number | null; evidence: string; time?: string | null }>(a: T, b: T): number {
  const ta = a.time_ms ?? Number.MAX_SAFE_INTEGER;
  const tb = b.time_ms ?? Number.MAX_SAFE_INTEGER;
  if (ta !== tb) return ta - tb;
  const sa = a.time ?? '';
  const sb = b.time ?? '';
  if (sa !== sb) return sa < sb ? -1 : 1; // sub-millisecond digits
  if (a.record_id !== b.record_id) return (a.record_id ?? 0) - (b.record_id ?? 0);
  return a.evidence < b.evidence ? -1 : a.evidence > b.evidence ? 1 : 0;
}

function node(r: ProcessRecord, depth: number): TreeNode {
  return {
    process_guid: r.process_guid, process_name: r.process_name, process_path: r.process_path, process: r.process,
    process_id: r.process_id, user: r.user, start_time: r.start_time, end_time: r.end_time, start_in_evidence: r.start_in_evidence, depth,
  };
}

export function processTimeline(store: EvidenceStore, dest: string, guid: string): Pivots['timeline'] {
  const key = processJoinKey(dest, guid);
  if (key === null) return { entries: [], total: 0, truncated: false };
  const entries = [...(store.timelines.get(key) ?? [])].sort(byTime);
  const dropped = store.timelineDropped.get(key) ?? 0;
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
  const descendants: TreeNode[] = [];
  let truncated = false;
  const queue: Array<[string, number]> = [[self.key, 0]];
  while (queue.length) {
    const [k, d] = queue.shift()!;
    for (const ck of index.children.get(k) ?? []) {
      if (seen.has(ck)) continue;
      seen.add(ck);
      const c = index.byKey.get(ck);
      if (!c) continue;
      if (descendants.length >= maxDescendants) { truncated = true; break; }
      descendants.push(node(c, d + 1));
      queue.push([ck, d + 1]);
    }
  }
  descendants.sort((a, b) => a.depth - b.depth || (a.start_time ?? '').localeCompare(b.start_time ?? '') || (a.process_guid < b.process_guid ? -1 : a.process_guid > b.process_guid ? 1 : 0));
  return { ancestors, process: node(self, 0), descendants, truncated };
}

export function parallelProcesses(index: ProcessIndex, dest: string, guid: string, atMs: number, at: string, windowMs = DEFAULT_PARALLEL_WINDOW_MS, max = 200): Pivots['parallel'] {
  const self = processJoinKey(dest, guid);
  const out: ParallelProcess[] = [];
  const lo = atMs - windowMs;
  const hi = atMs + windowMs;
  for (const k of index.byDest.get(dest.trim().toLowerCase()) ?? []) {
    if (k === self) continue;
    const r = index.byKey.get(k)!;
    const from = r.start_ms ?? r.first_seen_ms;
    const to = r.end_ms ?? (r.start_ms !== null ? Number.POSITIVE_INFINITY : r.last_seen_ms);
    if (from === null || to === null) continue;
    if (from > hi || to < lo) continue;
    out.push({
      process_guid: r.process_guid, process_name: r.process_name, process_path: r.process_path, process: r.process,
      process_id: r.process_id, user: r.user, start_time: r.start_time, end_time: r.end_time, start_offset_ms: r.start_ms === null ? null : r.start_ms - atMs,
    });
  }
  // Closest starts first (those that started around the write are the interesting ones).
  out.sort((a, b) => Math.abs(a.start_offset_ms ?? Number.MAX_SAFE_INTEGER) - Math.abs(b.start_offset_ms ?? Number.MAX_SAFE_INTEGER)
    || (a.start_offset_ms ?? 0) - (b.start_offset_ms ?? 0) || (a.process_guid < b.process_guid ? -1 : a.process_guid > b.process_guid ? 1 : 0));
  return { window_ms: windowMs, at, processes: out.slice(0, max), total: out.length, truncated: out.length > max };
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
  const created = store.files.get(name).filter((f) => same(f) && f.action !== 'deleted').sort(byTime).slice(0, max).map((f) => ref(f, index));
  const loaded = store.loads.get(name).filter(same).sort(byTime).slice(0, max).map((f) => ref(f, index));
  const regs = store.registryRefs.get(name)
    .filter((f) => same(f) && f.registry_path !== ownRegistryPath)
    .sort(byTime).slice(0, max)
    .map((f) => ({ registry_path: f.registry_path, registry_value_data: f.registry_value_data, process_name: f.process_name ?? '', process_guid: f.process_guid ?? '', time: f.time ?? '', evidence: f.evidence, record_id: f.record_id }));
  return { dll_path: dllPath, dll_created_by: created, dll_loaded_by: loaded, dll_registry_refs: regs };
}
