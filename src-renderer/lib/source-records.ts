/**
 * Where a finding's events were read: each evidence file once, with the record ids of its events
 * (EVTX `EventRecordID`, or the line/record number the reader gave), so the analyst can find them
 * again in Event Viewer, evtxexport or the file itself.
 */
import type { MatchedEvent } from '../../src-main/shared/contract';

export interface SourceFile {
  file: string;
  /** Record ids in ascending order, at most `perFile`. */
  records: number[];
  /** Events of this file beyond the ids listed, and those without a record id. */
  more: number;
  events: number;
}

/** Files in order of first match; each file's record ids sorted and cut at `perFile`. */
export function sourceRecords(events: readonly MatchedEvent[], perFile = 12): SourceFile[] {
  const byFile = new Map<string, { ids: Set<number>; events: number }>();
  for (const e of events) {
    let f = byFile.get(e.evidence);
    if (!f) { f = { ids: new Set(), events: 0 }; byFile.set(e.evidence, f); }
    f.events++;
    if (e.record_id !== null) f.ids.add(e.record_id);
  }
  return [...byFile].map(([file, f]) => {
    const ids = [...f.ids].sort((a, b) => a - b);
    const records = ids.slice(0, perFile);
    return { file, records, more: f.events - records.length, events: f.events };
  });
}
