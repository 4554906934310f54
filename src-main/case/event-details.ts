/**
 * The detail pass: detection keeps only one-line summaries of the events it may pivot on (so
 * memory stays bounded whatever the evidence size). When findings exist, the files that hold
 * their pivot events are read once more and exactly those events are kept with all their fields,
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

function identityOf(e: NormalisedEvent): string {
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

export async function readEventDetails(
  root: string,
  evidence: readonly EvidenceEntry[],
  wanted: ReadonlySet<string>,
  pool: WorkerPool,
  signal?: AbortSignal,
): Promise<Map<string, NormalisedEvent>> {
  const found = new Map<string, NormalisedEvent>();
  if (wanted.size === 0) return found;
  const files = new Set<string>();
  const byPath = new Map(evidence.map((e) => [e.path, e]));
  for (const id of wanted) files.add(topLevelFile(id.slice(0, id.indexOf('\u0000')), byPath));
  // The pass's archives share one inflation budget, as in the case read.
  const zipBudget = createZipBudget(DEFAULT_ZIP_LIMITS.maxTotalUncompressed);
  // Planned over the whole evidence (the member labels depend on every real path), then narrowed.
  const items = planReads(root, evidence).filter((it) => files.has(it.relPath)).map((it) => (it.format === 'zip' ? { ...it, zipBudget } : it));
  await Promise.all(items.map(({ bytes: _b, ...item }) => pool.run(item, () => {}, signal, (batch) => {
    for (const e of batch) {
      const id = identityOf(e);
      if (wanted.has(id) && !found.has(id)) found.set(id, e);
    }
  })));
  return found;
}
