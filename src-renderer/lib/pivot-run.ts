/**
 * One pivot of the explorer ("events with this value", a process's events, moved bookmarks) over
 * its index, in two steps: the text pages (lib/value-pivot.ts; a page not read yet is read from
 * the cache now) give the events that have the value and those whose text was cut before it could
 * be seen; then the events to check are read from the cache in batches and tested, the pivot
 * growing as they come. Both steps give the page a turn every few ms; the caller ends the run by
 * making `live()` false (a newer pivot, the pivot dropped, or "stop").
 */
import type { ExplorerEvent } from '../../src-main/shared/contract';
import type { CaseDb } from './case-db';
import type { EventIndex } from './event-index';
import { pageValueMatches } from './value-pivot';
import { yieldToPage } from './yield-to-page';

/** Longest stretch of the text step before the page gets the main thread back (ms). */
const SLICE_MS = 12;
/** Events read from the cache per step of the check. */
export const CHECK_BATCH = 500;

export interface PivotFind {
  /** The value as the text pages hold it (value-pivot valueNeedle); null: no index answers, every event is checked. */
  needle: string | null;
  /** Only the events of this host (its index dictionary id; -1: a host no event has); null: all. */
  hostId: number | null;
  /** Whether a text match is an answer (a value pivot) or only a candidate to read and test (a process pivot). */
  hitsAreSure: boolean;
  test: (e: ExplorerEvent) => boolean;
}

export interface PivotHooks {
  /** False once the run is to end. */
  live: () => boolean;
  /** The events found in the text pages: the set the check then adds to. */
  found: (seqs: Set<number>) => void;
  /** The set grew. */
  grew: () => void;
  progress: (checked: number, of: number) => void;
}

export async function runPivot(ix: EventIndex, db: CaseDb, fp: string, find: PivotFind, hooks: PivotHooks): Promise<void> {
  const sure = new Set<number>();
  const check: number[] = [];
  if (find.hostId === -1) { hooks.found(sure); return; }
  let deadline = performance.now() + SLICE_MS;
  for (let slot = 0; slot < ix.pageCount; slot++) {
    const first = ix.pageStart[slot]!;
    const end = slot + 1 < ix.pageCount ? ix.pageStart[slot + 1]! : ix.length;
    const keep = find.hostId === null ? undefined : (k: number) => ix.host[first + k] === find.hostId;
    let t = find.needle === null ? undefined : ix.textOf(slot);
    if (!t && find.needle !== null) {
      const read = await db.eventTexts.get([fp, ix.pageNoOf(slot)]);
      if (!hooks.live()) return;
      if (read) { ix.addTexts(read); t = read; }
    }
    if (t && find.needle !== null) {
      const m = pageValueMatches(t, find.needle, keep);
      for (const k of m.hits) {
        if (find.hitsAreSure) sure.add(ix.seq[first + k]!);
        else check.push(ix.seq[first + k]!);
      }
      for (const k of m.unsure) check.push(ix.seq[first + k]!);
    } else {
      // No text to search: each event of the page is read and tested.
      for (let i = first; i < end; i++) if (!keep || keep(i - first)) check.push(ix.seq[i]!);
    }
    if (performance.now() > deadline) {
      await yieldToPage();
      if (!hooks.live()) return;
      deadline = performance.now() + SLICE_MS;
    }
  }
  hooks.found(sure);
  if (check.length > 0) hooks.progress(0, check.length);
  for (let k = 0; k < check.length; k += CHECK_BATCH) {
    const rows = await db.caseEvents.bulkGet(check.slice(k, k + CHECK_BATCH).map((s) => [fp, s] as [string, number]));
    if (!hooks.live()) return;
    let added = false;
    for (const r of rows) if (r && find.test(r.e)) { sure.add(r.seq); added = true; }
    if (added) hooks.grew();
    hooks.progress(Math.min(check.length, k + CHECK_BATCH), check.length);
  }
}
