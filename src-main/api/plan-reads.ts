/**
 * Splits the evidence into read items for the worker pool: EVTX files into ranges of chunk slots
 * (chunks are independent, so two cores can share one big file), other readable formats whole.
 * Archives, then the largest items, first, so the pool finishes evenly.
 */
import path from 'node:path';
import type { EvidenceEntry } from './contract';
import type { WorkItem } from '../worker/messages';

/** 64 slots of 64 KiB = 4 MiB of EVTX per work item. */
export const EVTX_SLOTS_PER_ITEM = 64;
const EVTX_HEADER = 4096;
const SLOT = 65536;

export type ReadItem = Extract<WorkItem, { kind: 'parse-file' }> & { bytes: number };

export function planReads(root: string, evidence: readonly EvidenceEntry[]): ReadItem[] {
  const items: ReadItem[] = [];
  for (const e of evidence) {
    if (e.error || e.archive !== undefined) continue; // members are read with their archive
    const absPath = path.join(root, ...e.path.split('/'));
    if (e.format === 'evtx') {
      const slots = Math.max(1, Math.ceil(Math.max(0, e.bytes - EVTX_HEADER) / SLOT));
      for (let from = 0; from < slots; from += EVTX_SLOTS_PER_ITEM) {
        const to = Math.min(slots, from + EVTX_SLOTS_PER_ITEM);
        items.push({ kind: 'parse-file', absPath, relPath: e.path, format: 'evtx', chunkFrom: from, chunkTo: to, bytes: (to - from) * SLOT });
      }
    } else if (e.format === 'xml' || e.format === 'json' || e.format === 'jsonl' || e.format === 'zip') {
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
