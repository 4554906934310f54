/**
 * The one typed contract between the renderer and the main process.
 *
 * Every call the renderer can make, every event main can push, and the error shape that
 * crosses the boundary. The same handler table serves three transports: Electron IPC
 * (src-main/electron), the CLI (direct calls) and the end-to-end tests (bound into Chromium
 * with page.exposeBinding). This file holds types and constants only: the renderer imports it.
 */
import type { EvidenceFormat } from './evidence-formats';
import type { IngestIssue } from './ingest-issues';
import type { HostSummaries, HostSummary } from './contract-hosts';

export type { IngestIssue, HostSummaries, HostSummary };

/** The `sha256` of an entry that has no hash (see `EvidenceEntry.notHashed`): not the hash of anything read. */
export const NOT_HASHED_SHA256 = '0'.repeat(64);

export * from './contract-sigma';
export * from './contract-events';
export * from './contract-import';
export * from './contract-report';
export * from './contract-finding';
import type { EventPage, EventPageRequest, EventSource, EventSourceRequest } from './contract-events';
import type { ImportedCase } from './contract-import';
import type { ReportRequest } from './contract-report';
import type { CaseRuleChoice, FindingLevel, MatchedEvent, SigmaRuleInfo, SigmaRunInfo } from './contract-sigma';
import type { DetectedPivots, FindingFacts, FindingFields, ProcessRef, RiskReason } from './contract-finding';

/** One file, or one member of an archive, of the evidence folder. */
export interface EvidenceEntry {
  /**
   * Relative to the evidence folder, '/' separated; archive members as `archive.zip!/member`
   * (`archive.zip!!/member` when a real folder is named `archive.zip!`: paths are unique).
   */
  path: string;
  /**
   * Archive members only: the path of the evidence file (the archive in the folder) it was read from.
   * This, never a `!` in `path`, tells a member from a file: a real folder may be named `x.zip!`.
   */
  archive?: string;
  bytes: number;
  /** Last modification time, ISO-8601 UTC. */
  modified: string;
  /**
   * Lower-case hex SHA-256 of the bytes; `NOT_HASHED_SHA256` (64 zeros, a placeholder the JSON
   * contract's pattern requires) when the file could not be read to the end: then `notHashed` says
   * why, and no screen, report or export shows this value as a hash.
   */
  sha256: string;
  /** False when the file could not be read to the end (then `notHashed` says why). */
  hashComplete: boolean;
  /** Present exactly when the file has no hash: why it could not be read to the end. */
  notHashed?: string;
  format: EvidenceFormat;
  /** Present when the file could not be read at all. */
  error?: string;
  /** Events read; null for files that hold no events (unknown formats, unreadable files). */
  records: number | null;
  /**
   * Of `records`, those recovered from EVTX slack, older chunk generations or damaged chunks
   * (each event flagged `recovered`); set when the file was read.
   */
  recovered?: number;
  /** Records or parts that could not be read (each a skipped record, a broken line, a refused document). */
  errors: number;
  warnings: number;
  /** The first errors, with where they are (chunk, offset, record id, line). */
  errorSamples: IngestIssue[];
  /** The first warnings (CRC mismatches, dirty header, odd values), with where they are. */
  warningSamples: IngestIssue[];
}

/** The quick listing of a folder: names, sizes and times, no content read. */
export interface FolderListing {
  root: string;
  /** SHA-256 over the sorted (path, size, mtime) list: same folder state ⇒ same fingerprint. */
  fingerprint: string;
  files: { path: string; bytes: number; modified: string }[];
  /** Entries that are not evidence files (symlinks leading out, unreadable folders, …). */
  skipped: { path: string; reason: string }[];
  totalBytes: number;
}

/** The result of reading an evidence folder. */
export interface CaseScan {
  root: string;
  fingerprint: string;
  scannedAt: string;
  evidence: EvidenceEntry[];
  /** Every finding, suppressed ones included (flagged), sorted by risk then time. */
  findings: CaseFinding[];
  /** The documentation of every built-in rule that ran and of every Sigma rule with a finding. */
  rules: RuleDoc[];
  /** Versions of the rule set and intel used; `sigma`: the Sigma set's provenance, when one ran. */
  ruleset: { version: string; intel_version: string; sigma?: SigmaRunInfo };
  /** The user's rule choice this read ran with (absent: the defaults, no user rules). */
  ruleChoice?: CaseRuleChoice;
  stats: {
    files: number;
    bytes: number;
    /** Files that could not be read at all. */
    errors: number;
    /** Events read from all files. */
    events: number;
    /** Records that could not be read, over all files. */
    recordErrors: number;
    /** Recovered EVTX records among `events` (evidence[].recovered summed). */
    recovered?: number;
    elapsedMs: number;
  };
  /** Every host of the evidence with its events, time span and channels (counted during the read; absent in older cases). */
  hostSummaries?: HostSummaries;
}

export type ProgressPhase = 'listing' | 'hashing' | 'reading' | 'detecting' | 'done';

/** One file's progress in the current phase. */
export interface FileProgress {
  path: string;
  state: 'reading' | 'done';
  bytesDone: number;
  bytesTotal: number;
  events: number;
  /** Milliseconds since this file started in this phase. */
  elapsedMs: number;
  /** Records or parts that could not be read (known when the file is done). */
  errors: number;
  /** Reading phase: the file is not read for events, and why, in the evidence list's words (`skipped as not evidence (hashed, not read)`, `unreadable: …`; shared/evidence-rows.ts). */
  skipped?: string;
}

/** Progress of a long job, pushed at least every 250 ms while it runs. */
export interface ProgressEvent {
  jobId: string;
  phase: ProgressPhase;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  events: number;
  currentFile: string | null;
  eventsPerSecond: number;
  /** The files whose progress changed since the previous event (a view keeps the latest of each). */
  files: FileProgress[];
}

/** The shape of every error that crosses a worker or IPC boundary. */
export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
  context: Record<string, string | number | boolean | null>;
}

export type ApiErrorCode =
  | 'bad_argument'
  | 'not_allowed'
  | 'outside_root'
  | 'not_found'
  | 'not_a_directory'
  | 'not_a_file'
  | 'read_failed'
  | 'cancelled'
  | 'internal';

/** What every transport carries back: a value or an error, never a thrown exception. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

/** The calls, by name: argument and result types. */
interface ApiCalls {
  /** Ask the user for an evidence folder (a dialog in the app); null when cancelled. Grants read access to it. */
  chooseEvidenceFolder: { arg: null; result: string | null };
  /** List a granted folder without reading file contents (cheap; gives the fingerprint). */
  listEvidenceFolder: { arg: { root: string }; result: FolderListing };
  /**
   * Hash and sniff every file of a granted folder in worker threads, with progress events, and run
   * the detections: the built-in and bundled rules, plus `rules` (folders granted by chooseRulesFolder).
   */
  scanEvidenceFolder: { arg: { root: string; jobId: string; rules?: CaseRuleChoice }; result: CaseScan };
  /** Ask the user for a rules folder (a dialog in the app); null when cancelled. Grants read access to it as rules. */
  chooseRulesFolder: { arg: null; result: string | null };
  /** Re-hash one file of a granted folder, to verify it against the case. */
  hashEvidenceFile: { arg: { root: string; path: string }; result: { path: string; sha256: string; bytes: number } };
  /** Stop a running job; its call then fails with code 'cancelled'. */
  cancelJob: { arg: { jobId: string }; result: boolean };
  /** Name and version of the tool. */
  appInfo: { arg: null; result: { name: string; version: string } };
  /** Save text the renderer made (findings as CSV or JSON) where the user picks; null when cancelled. */
  saveExport: { arg: { kind: 'csv' | 'json'; suggestedName: string; content: string }; result: { path: string } | null };
  /** Render the PDF triage report and save it where the user picks; null when cancelled. */
  saveReport: { arg: ReportRequest; result: { path: string; bytes: number } | null };
  /** One page of the normalised events of one evidence file of a granted folder (the event explorer). */
  readEventPage: { arg: EventPageRequest; result: EventPage };
  /** One event as the evidence holds it (Event XML; the original text of XML and JSON sources), found where its page was read. */
  readEventSource: { arg: EventSourceRequest; result: EventSource };
  /** Ask the user for a triage JSON document (a dialog in the app; the path never comes from the page) and read it as a read-only case; null when cancelled. */
  importTriageDocument: { arg: null; result: ImportedCase | null };
}

export type ApiCallName = keyof ApiCalls;
export type ApiArg<K extends ApiCallName> = ApiCalls[K]['arg'];
export type ApiValue<K extends ApiCallName> = ApiCalls[K]['result'];

/** The events main pushes to the renderer. */
export interface ApiEvents {
  progress: ProgressEvent;
  /**
   * A folder was granted outside a call: dropped onto the window (read by the preload from a
   * trusted drop event, never from the page) or named on the command line. `error` when refused.
   */
  folderGranted: { root: string | null; via: 'drop' | 'command-line'; error: string | null };
  /** A menu item the renderer carries out (it holds the open case). */
  menuAction: { action: MenuAction };
}

/** The application menu's items that act on the open case. */
export type MenuAction = 'loadRulesFolder' | 'importTriageDocument';
export type ApiEventName = keyof ApiEvents;

/** IPC channel names (Electron). */
export const IPC_CALL_CHANNEL = 'triage:call';
export const IPC_EVENT_CHANNEL = 'triage:event';
/** Preload → main only: the path of a folder dropped onto the window (from a trusted drop event). */
export const IPC_DROP_CHANNEL = 'triage:dropped-folder';

/** What the preload exposes as `window.triage` (and what the e2e test binds in its place). */
export interface TriageBridge {
  call(name: string, arg: unknown): Promise<ApiResult<unknown>>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

// ---------------------------------------------------------------------------------------------
// Findings, as the renderer, the report and the JSON document see them. The required fields are
// those of shared/contracts/triage-output.schema.json (Splunk CIM names); the rest is added here.
// ---------------------------------------------------------------------------------------------

export type PivotEventKind = 'process_start' | 'process_stop' | 'registry' | 'file' | 'image_load' | 'network' | 'dns' | 'other';

/** One event on a timeline: what it is, when, and all its fields (text only). */
export interface PivotEvent {
  time: string;
  kind: PivotEventKind;
  event_id: number | null;
  channel: string | null;
  dest: string;
  process_guid: string | null;
  process_name: string | null;
  /** One line saying what happened (e.g. `SetValue HKU\…\InProcServer32\(Default) = C:\…\x.dll`). */
  summary: string;
  /** The finding's own registry write(s) are marked, so views can highlight them. */
  is_finding_event?: boolean;
  evidence: string;
  record_id: number | null;
  /** Every source field, as written. */
  fields: Record<string, string>;
}

/** A process in the tree or among the parallel processes. */
export interface ProcessNode extends ProcessRef {
  parent_process_guid: string | null;
  parent_process_name?: string | null;
  user?: string | null;
  start_time: string | null;
  end_time: string | null;
  /** Relationship to the finding's process. */
  relation: 'self' | 'ancestor' | 'child' | 'parallel';
  depth?: number;
}

export interface FindingPivots {
  dll_created_by: ProcessRef[];
  dll_loaded_by: ProcessRef[];
  /** Every event of the finding's (dest, process_guid), in time order. */
  timeline: PivotEvent[];
  /** Ancestors (root first), the process itself, and its children. */
  tree: ProcessNode[];
  /** Other processes on the same host alive around the write. */
  parallel: ProcessNode[];
  /** The window used for `parallel`, in seconds either side of the write. */
  parallel_window_seconds: number;
  /** Other registry values (any process) pointing to the same DLL file. */
  other_registry_values: { registry_path: string; registry_value_data: string; process_name: string | null; process_guid: string | null; time: string; dest: string }[];
  /** The file events about the DLL, for the DLL view (created, modified, deleted). */
  dll_file_events: PivotEvent[];
  /** The image loads of the DLL. */
  dll_load_events: PivotEvent[];
  /** The pivots as detection computed them, which these views are made from: kept in main (the JSON document's), absent in the app (case-findings.ts `withoutDetectedPivots`). */
  detected?: DetectedPivots;
}

/**
 * A finding of the case: the one finding shape (contract-finding.ts) as detection built it, mapped
 * once (case/case-findings.ts) with its pivots shaped for the views. The JSON document, the CSV,
 * the PDF and the app are projections of it.
 */
export interface CaseFinding extends FindingFields, Partial<FindingFacts> {
  /** The suppression that matched (who, why, when), when suppressed. */
  suppression?: { id: string; author: string; reason: string; date: string } | null;
  /** Why the risk is what it is (raised or lowered), one line each. */
  risk_reasons: string[];
  /** The same reasons as scored (absent on cached and imported cases). */
  risk_factors?: RiskReason[];
  integrity_level?: string | null;
  process_hashes?: string | null;
  /** Absent on findings cached before Sigma: builtin. */
  source?: 'builtin' | 'sigma';
  level?: FindingLevel;
  /** The Sigma rule's metadata (Sigma findings only). */
  sigma?: SigmaRuleInfo | null;
  /** The events the rule matched (built-in: first 50; Sigma: first 1,000 distinct). */
  events?: MatchedEvent[];
  /** The distinct evidence files of `events`, in order of first match (kept on the list's rows). */
  evidence_files?: string[];
  /** `events` holds fewer than `count`. */
  events_truncated?: boolean;
  pivots: FindingPivots;
}

/** A finding as a triage makes it (case/detection-run.ts): every field of the shape present, the JSON document's source. */
export type TriageFinding = CaseFinding & FindingFacts & Required<Pick<CaseFinding, 'risk_factors' | 'source' | 'level' | 'sigma' | 'events' | 'events_truncated'>> & {
  pivots: FindingPivots & { detected: DetectedPivots };
};

/** What the rule says about itself, for the finding detail and the report. */
export interface RuleDoc {
  id: string;
  name: string;
  description: string;
  mitre: string[];
  risk_score: number;
  false_positives: string[];
  references: string[];
  /** How the rule reads the registry value (e.g. every default-value spelling it accepts). */
  notes?: string[];
  /** Absent: builtin. */
  source?: 'builtin' | 'sigma';
  level?: FindingLevel;
  /** Sigma rules: the rule's author (DRL 1.1), status, file and set. */
  author?: string | null;
  status?: string;
  path?: string;
  origin?: string;
}

/** The analyst's triage state of one finding (kept in the renderer's cache, printed in the report). */
export type FindingStatus = 'new' | 'investigating' | 'confirmed' | 'false_positive' | 'suppressed';
export const FINDING_STATUSES: readonly FindingStatus[] = ['new', 'investigating', 'confirmed', 'false_positive', 'suppressed'];

export interface FindingAnnotation {
  status: FindingStatus;
  note: string;
  /** Who set the status or wrote the note, and when (ISO-8601 UTC). */
  by: string;
  at: string;
}
