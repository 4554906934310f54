/**
 * The one finding shape, declared once: detect/ builds it (`Finding` extends these), case/ maps it
 * once for the views (`CaseFinding`, contract.ts), and the JSON document, the CSV, the PDF and the
 * app are projections of that case finding (output/document-finding.ts, output/findings-csv.ts,
 * report/, src-renderer/). The JSON contract (shared/contracts/triage-output.schema.json) names the
 * required fields (Splunk CIM names); the others are ours. A new field is declared here, set by
 * the builders in detect/, and written by each projection that shows it.
 */

/** A process as a pivot refers to it (the one ProcessRef: DLL pivots, tree, parallel processes). */
export interface ProcessRef {
  process_name: string;
  process_guid: string;
  /** When the pivot event happened (ISO-8601 UTC; '' when the event has no time). */
  time: string;
  process_path?: string | null;
  /** Command line. */
  process?: string | null;
  process_id?: number | null;
  user?: string | null;
  dest?: string;
  /** DLL loads: the image as the load event states it (Sysmon 7), when the event is in the evidence. */
  image?: LoadedImage | null;
  /** DLL pivots: what the process did with the file (`created`, `loaded`, …). */
  action?: string;
  /** DLL pivots: the file, as the event wrote it. */
  file_path?: string;
  /** DLL pivots: the event that says so (evidence[].path and record id). */
  evidence?: string;
  record_id?: number | null;
}

/** Sysmon 7's facts about a loaded image, as written (absent fields null). */
export interface LoadedImage {
  image_loaded: string | null;
  hashes: string | null;
  signed: string | null;
  signature: string | null;
  signature_status: string | null;
}

/** A DLL pivot's process: a ProcessRef with its file event and the process's command line, PID and user from its start in the process index (null when not in the evidence). */
export type FileActionRef = ProcessRef & Required<Pick<ProcessRef, 'process_path' | 'process' | 'process_id' | 'user' | 'action' | 'file_path' | 'evidence' | 'record_id'>>;

/** Why the risk is what it is: one modifier (or the rule's own reason) and what it added. */
export interface RiskReason {
  id: string;
  delta: number;
  reason: string;
}

/** The fields every finding has in every view: identity, the rule, and Splunk's stats row with the writer. */
export interface FindingFields {
  /** Stable across re-reads of the same evidence (rule + grouping key; detect/finding-id.ts): the JSON's `finding_id`. */
  id: string;
  rule_id: string;
  rule_name: string;
  mitre: string[];
  risk_score: number;
  dest: string;
  /** CIM form: the account name without its domain; the qualified name is `user_qualified`. */
  user: string | null;
  process_guid: string;
  process_name: string;
  process_path: string | null;
  process: string | null;
  parent_process_name: string | null;
  parent_process: string | null;
  parent_process_guid: string | null;
  registry_path: string;
  /** Splunk Sysmon add-on form: the key's own name (`InProcServer32`); the full key is `registry_key_path`. */
  registry_key_name: string;
  registry_value_name: string;
  registry_value_data: string;
  clsid: string | null;
  count: number;
  firstTime: string;
  lastTime: string;
  process_start_in_evidence: boolean;
  suppressed: boolean;
  /** The rule's message with its fields filled. */
  message: string;
}

/**
 * What detection worked out beyond the stats row (the writer's join, the registry write, intel,
 * the score before modifiers). Every finding of a triage has them; a case cached by an earlier
 * version, or imported from a document, may not.
 */
export interface FindingFacts {
  /** The rule's score before modifiers. */
  risk_base: number;
  process_id: number | null;
  /** Every writer GUID in the group (a Splunk row can span processes); the first is `process_guid`. */
  process_guids: string[];
  process_start_time: string | null;
  /** How the writer was joined to its start: on (dest, process_guid), on (dest, process id) at the write time for GUID-less events, or not at all. */
  process_join: 'process_guid' | 'process_id' | 'none';
  parent_process_path: string | null;
  /** The key path as written (the value's key; with the server key when the value name was missing). */
  registry_key_path: string;
  /** `DOMAIN\\name` as the registry event (or, failing that, the process start) wrote it. */
  user_qualified: string | null;
  /** Distinct values written in the group (first 20). */
  registry_values_data: string[];
  registry_path_canonical: string;
  registry_action: string | null;
  registry_scope: string | null;
  default_spelling: string | null;
  com_subkey: string | null;
  server_path: string | null;
  known_bad_family: string | null;
  builtin_clsid_name: string | null;
  benign_writer: string | null;
  benign_writer_reason: string | null;
}

/** One event of a process's timeline, as detection keeps it (its fields are read in the detail pass). */
export interface TimelineEntry {
  time: string | null;
  time_ms: number | null;
  event_id: number | null;
  kind: string;
  action: string | null;
  summary: string;
  evidence: string;
  record_id: number | null;
}

/** Another registry value naming the same DLL file. */
interface RegistryRef {
  registry_path: string;
  registry_value_data: string;
  process_name: string;
  process_guid: string;
  time: string;
  evidence: string;
  record_id: number | null;
}

/** A process as the pivots show it: identity, command line, user and lifetime. */
interface PivotProcess {
  process_guid: string;
  process_name: string | null;
  process_path: string | null;
  process: string | null;
  process_id: number | null;
  user: string | null;
  start_time: string | null;
  end_time: string | null;
}

export interface TreeNode extends PivotProcess {
  start_in_evidence: boolean;
  /** Negative for ancestors (-1 = parent), 0 for the process, positive for descendants. */
  depth: number;
}

export interface ParallelProcess extends PivotProcess {
  /** Signed ms from the write to the process start (negative: started before). Null when the start is not in evidence. */
  start_offset_ms: number | null;
}

/** The pivots as detection computed them (detect/pivots.ts): the JSON document's `pivots`. */
export interface DetectedPivots {
  /** The normalised file the registry value points to (null when the value names no file). */
  dll_path: string | null;
  dll_created_by: FileActionRef[];
  dll_loaded_by: FileActionRef[];
  dll_registry_refs: RegistryRef[];
  timeline: { entries: TimelineEntry[]; total: number; truncated: boolean };
  tree: { ancestors: TreeNode[]; process: TreeNode | null; descendants: TreeNode[]; truncated: boolean };
  parallel: { window_ms: number; at: string; processes: ParallelProcess[]; total: number; truncated: boolean };
}
