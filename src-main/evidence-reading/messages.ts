/**
 * The messages between the pool (main thread) and a worker. Errors cross as `{code, message, context}`.
 * Event batches are acknowledged: a worker stops reading while too many of its batches are
 * unacknowledged (backpressure), so main never holds more than a bounded window of events.
 */
import type { EvidenceFormat } from '../ingest/sniff';
import type { FileReadSummary } from './file-summary';
import type { MemberResult } from './read-archive';
import type { PackedBatch } from './packed-batch-format';
import type { WarmUpLimits, WarmUpReport } from './warm-up';

export interface WorkerErrorShape {
  code: string;
  message: string;
  context: Record<string, string | number | boolean | null>;
}

export type WorkItem =
  /** Hash and sniff one file. */
  | { kind: 'scan-file'; absPath: string; relPath: string }
  /**
   * Hash and sniff several small files, one after the other (api/plan-scans.ts): one message
   * round trip for many files. A file that cannot be read is an outcome with its error; the rest
   * go on. `relPath` is the first file's (for errors of the item as a whole).
   */
  | { kind: 'scan-files'; relPath: string; files: { absPath: string; relPath: string }[] }
  /**
   * Read one file (or one chunk range of an EVTX file) into normalised events. `zipBudget`: the
   * case's inflation budget (ingest/zip/budget.ts), one SharedArrayBuffer given to every archive of
   * a case read, so all workers take from the same counter. `memberSeparator`: see plan-reads.ts.
   */
  | ParseFileItem
  /**
   * Read several small files one after the other (evidence-reading/plan-batches.ts), each with its own
   * outcome; `relPath` is the first file's.
   */
  | { kind: 'parse-files'; relPath: string; items: ParseFileItem[] };

/**
 * What of each event a read sends to main. `'all'` (the default): every event whole. `'viewed'`:
 * an event without a CIM view (`view: null`: System, Application and the other channels, and
 * Sysmon/Security events of EventIDs without a view) comes with `data: {}`, its EventData/UserData
 * fields not packed, unless its channel and EventID are among the read's `dataKeys` (the keys the
 * Sigma rules are filed under, model/event-data-keys.ts: a rule may read its data). Its header
 * (host, channel, time, identity, System fields) and counts always reach main. For a read whose
 * other consumers read no view-less event's data: a triage without an event export or PDF (the
 * built-in rules, the host tally and the JSON/CSV findings read only the header and the views;
 * see cli/args.ts `triageEventContent`). The app, exports and detail reads read `'all'`.
 * `'counted'`: no event's data is sent unless its channel and EventID are among the `dataKeys`,
 * whether it has a view or not, and the view-less events whose data is left out are not sent at
 * all: they are counted per host and channel, with their time range, in the tally of the batch
 * that follows them (event-tally.ts). For a read whose consumers read events' headers and views,
 * and of the view-less events no more than the host tally and the event totals do, and data only
 * where a Sigma rule may (the CLI's triage where it read `'viewed'`; case/detection-run.ts).
 */
export type EventContent = 'all' | 'viewed' | 'counted';

/**
 * `records`: a detail read's wanted record ids, sorted (parse-file.ts `wantedRecords`); `identities`: its wanted event
 * identities (model/event-identity.ts); `content`: what of each event is sent (absent: `'all'`); `dataKeys`: with
 * `'viewed'` or `'counted'`, the `channel|EventID` keys whose view-less events keep their data.
 */
export type ParseFileItem = { kind: 'parse-file'; absPath: string; relPath: string; format: EvidenceFormat; chunkFrom?: number; chunkTo?: number; zipBudget?: SharedArrayBuffer; memberSeparator?: string; records?: number[]; identities?: string[]; content?: EventContent; dataKeys?: string[] };

export type ParseOutcome =
  | { ok: true; relPath: string; summary: FileReadSummary; members: MemberResult[] }
  | { ok: false; relPath: string; error: WorkerErrorShape };

export type ScanOutcome =
  | { ok: true; relPath: string; sha256: string; bytes: number; format: EvidenceFormat }
  | { ok: false; relPath: string; error: WorkerErrorShape };

export type WorkResult =
  | { kind: 'scan-file'; relPath: string; sha256: string; bytes: number; format: EvidenceFormat }
  /** One outcome per file of the item, in its order. */
  | { kind: 'scan-files'; relPath: string; outcomes: ScanOutcome[] }
  | { kind: 'parse-file'; relPath: string; summary: FileReadSummary; members: MemberResult[] }
  /** One outcome per item, in order. */
  | { kind: 'parse-files'; relPath: string; outcomes: ParseOutcome[] };

/** `bytesDone`, `events`: of the whole item (for `scan-files`/`parse-files`, of all its files so far, in order). */
export interface WorkProgress {
  bytesDone: number;
  events: number;
  /**
   * `parse-files`: a file of the batch is finished (sent at once, never throttled), so if the
   * worker dies later in the batch, main knows which files were read to the end and which were
   * not started (those it reads again alone; none is read twice).
   */
  finished?: ParseOutcome;
}

export type ToWorker =
  /** Parse the built-in samples until a limit or the first item (warm-up.ts); answered by `warmed`. */
  | { type: 'warm-up'; samples: string[]; limits?: WarmUpLimits }
  /** End the warm-up now (`work`): the pool has work, if not for this worker (pool.ts). */
  | { type: 'stop-warm-up' }
  | { type: 'run'; taskId: number; item: WorkItem }
  | { type: 'cancel'; taskId: number }
  | { type: 'ack'; taskId: number };

export type FromWorker =
  | { type: 'warmed'; report: WarmUpReport }
  /** A batch of the warm-up's own events (warm-up.ts `WarmUpPost`): decoded and dropped; its buffers are transferred. */
  | { type: 'warm-batch'; batch: PackedBatch }
  | { type: 'progress'; taskId: number; progress: WorkProgress }
  /** A batch of normalised events, packed (packed-batch-format.ts); its buffers are transferred. */
  | { type: 'batch'; taskId: number; batch: PackedBatch }
  | { type: 'done'; taskId: number; result: WorkResult }
  | { type: 'failed'; taskId: number; error: WorkerErrorShape };
