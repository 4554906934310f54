/**
 * The detail pass: detection keeps only one-line summaries of the events it may pivot on (so
 * memory stays bounded whatever the evidence size). When findings exist, the files that hold
 * their pivot events are read once more (only the EVTX chunks that can hold them, only the wanted
 * events sent back) and exactly those events are kept with all their fields,
 * for the timeline's event view and the report. The pass runs in the caller's worker pool (the one
 * that read the case, so its workers are warm). Events of files that a detail read would parse
 * whole can be held from the case read instead (`HeldDetailEvents`): such a file is not read again.
 */
import type { NormalisedEvent } from '../model/event';
import { identityOf } from '../model/event-identity';
import type { EvidenceEntry } from '../shared/contract';
import { planReads } from '../evidence-reading/plan-reads';
import { DEFAULT_ZIP_LIMITS, createZipBudget } from '../ingest/zip/index';
import type { WorkerPool } from '../evidence-reading/pool';
import { DetailEvents } from './detail-events';

/**
 * Events held from the case read for the detail pass, at most: ~23 MB of heap (the archive's OTRF
 * Sysmon JSON events: 8,121 held took 18.8 MB, ~2.3 KB each), so a Sigma triage's peak RSS stays
 * under its 400 MB target.
 */
const MAX_HELD_DETAIL_EVENTS = 10_000;

/**
 * Whether the detail pass would parse `evidence` whole: anything but a plain `.evtx` (a JSON, XML
 * or archive member: the worker parses it all, e.g. 8,121 events of a 15 MB OTRF JSON in a zip
 * for the 1,283 a Sigma finding's timelines show, and sends back only the wanted ones). A guess from the path,
 * before the read has told the formats: a wrong one costs memory within the bound, or a read.
 */
function readWholeForDetails(evidence: string): boolean {
  return evidence.includes('!/') || !/\.evtx$/i.test(evidence);
}

/**
 * Events of the case read kept for the detail pass, so that it need not read their files again:
 * every event of the files it would parse whole (`readWholeForDetails`), in arrival order (a file
 * is read in order by one worker, so the first event of an identity is the one a second read
 * finds first), each distinct event of an identity (detail-events.ts: a file of several channels
 * repeats record ids), at most `max` events in all; once full, nothing more is held. The
 * detail pass takes a wanted identity's events from here when held, and reads a file only for
 * those that are not.
 */
export class HeldDetailEvents {
  private readonly byId = new DetailEvents();
  /** Events held, every event of an identity counted. */
  private held = 0;
  private full = false;
  /**
   * Files with events offered once the bound was reached: what is held of them may lack an event
   * of an identity (another channel's copy read later), so the detail pass reads them again.
   */
  private readonly cut = new Set<string>();

  constructor(private readonly max = MAX_HELD_DETAIL_EVENTS) {}

  add(batch: readonly NormalisedEvent[]): void {
    // A batch's events come from one file (or one archive's members): the path test once per path in a row.
    let evidence: string | null = null;
    let whole = false;
    for (const e of batch) {
      if (e.evidence !== evidence) { evidence = e.evidence; whole = readWholeForDetails(evidence); }
      if (!whole) continue;
      if (this.held >= this.max) this.full = true;
      if (this.full) { this.cut.add(evidence); continue; }
      if (this.byId.addEvent(identityOf(e), e)) this.held++;
    }
  }

  /** Whether every event of `evidence` offered was held (then its held events are all it has of each identity). */
  whole(evidence: string): boolean {
    return !this.cut.has(evidence);
  }

  /** The first held event of `id`. */
  get(id: string): NormalisedEvent | undefined {
    return this.byId.get(id);
  }

  /** Every held event of `id` (detail-events.ts). */
  eventsOf(id: string): readonly NormalisedEvent[] {
    return this.byId.eventsOf(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Lets the events go (after the detail pass). */
  clear(): void {
    this.byId.clear();
    this.held = 0;
    this.full = true;
    this.cut.clear();
  }
}

/**
 * The evidence file in the folder that holds an event's evidence path: a member's archive
 * (`a.zip!/m.evtx` → `a.zip`, from the entry's `archive`, never from the `!` in its name: a real
 * folder may be called `a.zip!`), else the path itself.
 */
function topLevelFile(evidencePath: string, evidence: ReadonlyMap<string, Pick<EvidenceEntry, 'archive'>>): string {
  return evidence.get(evidencePath)?.archive ?? evidencePath;
}

/** What a file's detail read asks its worker for: the wanted record ids, sorted, or (when a wanted event has none) the wanted identities. */
type FileWants = { records: number[] } | { identities: string[] };

/**
 * The wanted events per file of the folder (a member's are its archive's): their record ids,
 * sorted, or, for a file with a wanted event that has no record id (its identity is its time and
 * EventID), their identities, which the worker matches on each event it normalises.
 */
function wantsByFile(wanted: ReadonlySet<string>, byPath: ReadonlyMap<string, Pick<EvidenceEntry, 'archive'>>): Map<string, FileWants> {
  const ids = new Map<string, string[]>();
  for (const id of wanted) {
    const file = topLevelFile(id.slice(0, id.indexOf('\u0000')), byPath);
    const list = ids.get(file);
    if (list) list.push(id);
    else ids.set(file, [id]);
  }
  const out = new Map<string, FileWants>();
  for (const [file, list] of ids) {
    const numbered = list.every((id) => id[id.indexOf('\u0000') + 1] === '#');
    out.set(file, numbered ? { records: list.map((id) => Number(id.slice(id.indexOf('\u0000') + 2))).sort((a, b) => a - b) } : { identities: list });
  }
  return out;
}

/**
 * The full events of `wanted` (identities). Each file holding one is read in the pool with its
 * wanted record ids: the worker parses only the EVTX chunks whose record range holds one and
 * sends only the wanted events (evidence-reading/parse-file.ts); a file with a wanted event that
 * has no record id is read with the wanted identities, and the worker sends only the events that
 * have one (an exact test: such a file is never read twice). A file whose wanted events are not all
 * found that way (records recovered from slack, exported logs whose EventRecordIDs are not the
 * record headers' ids) is read again whole, so every wanted event that the case read gave is found.
 * Wanted events `held` from the case read are taken from there; a file is read only for the others.
 * Every distinct event of a wanted identity is kept (`DetailEvents`), so a pivot shows the one its
 * summary names (EventID, time) when a file of several channels repeats a record id.
 */
export async function readEventDetails(
  root: string,
  evidence: readonly EvidenceEntry[],
  wanted: ReadonlySet<string>,
  pool: WorkerPool,
  signal?: AbortSignal,
  held: HeldDetailEvents | null = null,
): Promise<DetailEvents> {
  const found = new DetailEvents();
  const left = new Set<string>();
  for (const id of wanted) {
    // a file whose events were not all held may hold another event of the identity: read it
    const events = held?.whole(id.slice(0, id.indexOf('\u0000'))) ? held.eventsOf(id) : [];
    for (const e of events) found.addEvent(id, e);
    if (events.length === 0) left.add(id);
  }
  if (left.size === 0) return found;
  const byPath = new Map(evidence.map((e) => [e.path, e]));
  const wants = wantsByFile(left, byPath);
  // The pass's archives share one inflation budget, as in the case read.
  const zipBudget = createZipBudget(DEFAULT_ZIP_LIMITS.maxTotalUncompressed);
  // Planned over the whole evidence (the member labels depend on every real path), then narrowed.
  const items = planReads(root, evidence).filter((it) => wants.has(it.relPath)).map(({ bytes: _b, ...it }) => (it.format === 'zip' ? { ...it, zipBudget } : it));
  const read = (list: typeof items) => Promise.all(list.map((item) => pool.run(item, () => {}, signal, (batch) => {
    for (const e of batch) {
      const id = identityOf(e);
      if (left.has(id)) found.addEvent(id, e);
    }
  })));
  await read(items.map((it) => ({ ...it, ...wants.get(it.relPath)! })));
  const missing = new Set<string>();
  for (const id of left) if (!found.has(id)) missing.add(topLevelFile(id.slice(0, id.indexOf('\u0000')), byPath));
  const again = items.filter((it) => missing.has(it.relPath) && 'records' in wants.get(it.relPath)!);
  if (again.length > 0) await read(again);
  return found;
}
