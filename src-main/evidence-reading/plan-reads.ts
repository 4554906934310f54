/**
 * Splits the evidence into read items for the worker pool: EVTX files into ranges of chunk slots
 * (chunks are independent, so two cores can share one big file), other readable formats whole.
 * Archives, then the largest items, first, so the pool finishes evenly.
 */
import path from 'node:path';
import type { EvidenceEntry } from '../shared/contract';
import type { WorkItem } from './messages';

/** 64 slots of 64 KiB = 4 MiB of EVTX per work item. */
export const EVTX_SLOTS_PER_ITEM = 64;
const EVTX_HEADER = 4096;
const SLOT = 65536;
/** An EVTX file at most this size (its header and one item's slots) is read in one item. */
export const EVTX_READ_ITEM_BYTES = EVTX_HEADER + EVTX_SLOTS_PER_ITEM * SLOT;

export type ReadItem = Extract<WorkItem, { kind: 'parse-file' }> & { bytes: number };

/**
 * What joins an archive's path and its members' names: `!/` (`logs.zip!/a.evtx`), unless a real
 * folder of the evidence is named like the archive plus `!` (`logs.zip!/a.evtx` can be a real
 * file), then `!!/`, `!!!/`, … the first that no real path starts with. So a member's label never
 * equals a real file's path, and the same evidence always gives the same labels (the detail pass
 * finds its events again). Nested members follow their archive's label, which no real path starts with.
 */
export function memberSeparatorFor(archivePath: string, realFolders: ReadonlySet<string>): string {
  let bangs = '!';
  while (realFolders.has(`${archivePath}${bangs}/`)) bangs += '!';
  return `${bangs}/`;
}

/** Every folder prefix (`a/`, `a/b/`) of the real files of the evidence (not archive members). */
function realFolderPrefixes(evidence: readonly EvidenceEntry[]): Set<string> {
  const out = new Set<string>();
  for (const e of evidence) {
    if (e.archive !== undefined) continue;
    for (let i = e.path.indexOf('/'); i >= 0; i = e.path.indexOf('/', i + 1)) out.add(e.path.slice(0, i + 1));
  }
  return out;
}

export function planReads(root: string, evidence: readonly EvidenceEntry[]): ReadItem[] {
  const items: ReadItem[] = [];
  let folders: Set<string> | null = null;
  for (const e of evidence) {
    if (e.error || e.archive !== undefined) continue; // members are read with their archive
    const absPath = path.join(root, ...e.path.split('/'));
    if (e.format === 'evtx') {
      const slots = Math.max(1, Math.ceil(Math.max(0, e.bytes - EVTX_HEADER) / SLOT));
      for (let from = 0; from < slots; from += EVTX_SLOTS_PER_ITEM) {
        const to = Math.min(slots, from + EVTX_SLOTS_PER_ITEM);
        items.push({ kind: 'parse-file', absPath, relPath: e.path, format: 'evtx', chunkFrom: from, chunkTo: to, bytes: (to - from) * SLOT });
      }
    } else if (e.format === 'zip') {
      folders ??= realFolderPrefixes(evidence);
      const sep = memberSeparatorFor(e.path, folders);
      items.push({ kind: 'parse-file', absPath, relPath: e.path, format: e.format, bytes: e.bytes, ...(sep !== '!/' ? { memberSeparator: sep } : {}) });
    } else if (e.format === 'xml' || e.format === 'json' || e.format === 'jsonl') {
      items.push({ kind: 'parse-file', absPath, relPath: e.path, format: e.format, bytes: e.bytes });
    }
  }
  return items.sort(byExpectedWork);
}

/**
 * Archives first (a whole archive is one item, and its size on disk says little about the work:
 * compressed logs expand ten- to thirtyfold), then the largest items: so the longest item does
 * not start last and leave the other workers idle at the end.
 */
function byExpectedWork(a: ReadItem, b: ReadItem): number {
  const za = a.format === 'zip' ? 1 : 0;
  const zb = b.format === 'zip' ? 1 : 0;
  return zb - za || b.bytes - a.bytes;
}
