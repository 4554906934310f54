/**
 * The detail pass: detection keeps only one-line summaries of the events it may pivot on (so
 * memory stays bounded whatever the evidence size). When findings exist, the files that hold
 * their pivot events are read once more (only the EVTX chunks that can hold them, only the wanted
 * events sent back) and exactly those events are kept with all their fields,
 * for the timeline's event view and the report. The pass runs in the caller's worker pool (the one
 * that read the case, so its workers are warm).
 */
import type { NormalisedEvent } from '../model/event';
import type { EvidenceEntry } from '../shared/contract';
import { planReads } from '../evidence-reading/plan-reads';
import { DEFAULT_ZIP_LIMITS, createZipBudget } from '../ingest/zip/index';
import type { WorkerPool } from '../evidence-reading/pool';

/** Identity of an event within a case: its evidence file and record id (or time and id when it has none). */
export function eventIdentity(evidence: string, recordId: number | null, time: string | null, eventId: number | null): string {
  return recordId !== null ? `${evidence}\u0000#${recordId}` : `${evidence}\u0000@${time ?? ''}\u0000${eventId ?? ''}`;
}

export function identityOf(e: NormalisedEvent): string {
  return eventIdentity(e.evidence, e.record_id, e.time, e.event_id);
}

/**
 * The evidence file in the folder that holds an event's evidence path: a member's archive
 * (`a.zip!/m.evtx` → `a.zip`, from the entry's `archive`, never from the `!` in its name: a real
 * folder may be called `a.zip!`), else the path itself.
 */
function topLevelFile(evidencePath: string, evidence: ReadonlyMap<string, Pick<EvidenceEntry, 'archive'>>): string {
  return evidence.get(evidencePath)?.archive ?? evidencePath;
}

/**
 * The wanted record ids per file of the folder (a member's are its archive's), sorted; null for a
 * file with a wanted event that has no record id (its identity is its time and EventID).
 */
function wantedRecordsByFile(wanted: ReadonlySet<string>, byPath: ReadonlyMap<string, Pick<EvidenceEntry, 'archive'>>): Map<string, number[] | null> {
  const out = new Map<string, number[] | null>();
  for (const id of wanted) {
    const sep = id.indexOf('\u0000');
    const file = topLevelFile(id.slice(0, sep), byPath);
    const ids = out.get(file);
    if (id[sep + 1] !== '#') out.set(file, null);
    else if (ids === undefined) out.set(file, [Number(id.slice(sep + 2))]);
    else if (ids !== null) ids.push(Number(id.slice(sep + 2)));
  }
  for (const ids of out.values()) ids?.sort((a, b) => a - b);
  return out;
}

/**
 * The full events of `wanted` (identities). Each file holding one is read in the pool with its
 * wanted record ids: the worker parses only the EVTX chunks whose record range holds one and
 * sends only the wanted events (worker/parse-file.ts). A file whose wanted events are not all
 * found that way (records recovered from slack, exported logs whose EventRecordIDs are not the
 * record headers' ids) is read again whole, so every wanted event that the case read gave is found.
 */
export async function readEventDetails(
  root: string,
  evidence: readonly EvidenceEntry[],
  wanted: ReadonlySet<string>,
  pool: WorkerPool,
  signal?: AbortSignal,
): Promise<Map<string, NormalisedEvent>> {
  const found = new Map<string, NormalisedEvent>();
  if (wanted.size === 0) return found;
  const byPath = new Map(evidence.map((e) => [e.path, e]));
  const records = wantedRecordsByFile(wanted, byPath);
  // The pass's archives share one inflation budget, as in the case read.
  const zipBudget = createZipBudget(DEFAULT_ZIP_LIMITS.maxTotalUncompressed);
  // Planned over the whole evidence (the member labels depend on every real path), then narrowed.
  const items = planReads(root, evidence).filter((it) => records.has(it.relPath)).map(({ bytes: _b, ...it }) => (it.format === 'zip' ? { ...it, zipBudget } : it));
  const read = (list: typeof items) => Promise.all(list.map((item) => pool.run(item, () => {}, signal, (batch) => {
    for (const e of batch) {
      const id = identityOf(e);
      if (wanted.has(id) && !found.has(id)) found.set(id, e);
    }
  })));
  await read(items.map((it) => {
    const ids = records.get(it.relPath);
    return ids ? { ...it, records: ids } : it;
  }));
  const missing = new Set<string>();
  for (const id of wanted) if (!found.has(id)) missing.add(topLevelFile(id.slice(0, id.indexOf('\u0000')), byPath));
  const again = items.filter((it) => missing.has(it.relPath) && records.get(it.relPath));
  if (again.length > 0) await read(again);
  return found;
}
