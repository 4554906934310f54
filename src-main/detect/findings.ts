/** The Finding: one row of a rule's stats table, with the join, the risk story and the pivots. */
import type { SuppressionRef } from './suppressions';
import type { Pivots } from './pivots';
import type { FindingLevel } from './risk-levels';
import type { SigmaRuleMeta } from './sigma/types';

/** Where a finding's rule comes from: a built-in rule (assets/rules, JSON) or a Sigma rule. */
type FindingSource = 'builtin' | 'sigma';

export interface RiskReason {
  id: string;
  delta: number;
  reason: string;
}

export interface FindingEvent {
  evidence: string;
  record_id: number | null;
  event_id: number | null;
  time: string | null;
  process_guid: string | null;
}

export interface Finding {
  /** Stable within a result: `<rule_id>#<n>`. */
  id: string;
  rule_id: string;
  rule_name: string;
  source: FindingSource;
  /** The Sigma rule's level; for built-in rules the level of the risk score's band (risk-levels.ts). */
  level: FindingLevel;
  /** The Sigma rule's own metadata (null for built-in rules). */
  sigma: SigmaRuleMeta | null;
  mitre: string[];
  risk_score: number;
  /** The rule's score before modifiers. */
  risk_base: number;
  risk_reasons: RiskReason[];
  message: string;

  // Splunk table (group-by fields, as written) + stats
  dest: string;
  process_name: string;
  registry_path: string;
  /** Splunk Sysmon add-on form: the key's own name (`InProcServer32`); the full key is `registry_key_path`. */
  registry_key_name: string;
  registry_value_name: string;
  /** CIM form: the account name without its domain; the qualified name is `user_qualified`. */
  user: string | null;
  count: number;
  firstTime: string;
  lastTime: string;

  /** The key path as written (the value's key; with the server key when the value name was missing). */
  registry_key_path: string;
  /** `DOMAIN\\name` as the registry event (or, failing that, the process start) wrote it. */
  user_qualified: string | null;

  // the join on (dest, process_guid)
  process_guid: string;
  /** Every writer GUID in the group (a Splunk row can span processes); the first is `process_guid`. */
  process_guids: string[];
  process_id: number | null;
  process_path: string | null;
  process: string | null;
  parent_process_guid: string | null;
  parent_process_name: string | null;
  parent_process_path: string | null;
  parent_process: string | null;
  process_start_in_evidence: boolean;
  /** How the writer was joined to its start: on (dest, process_guid), on (dest, process id) at the write time for GUID-less events, or not at all. */
  process_join: 'process_guid' | 'process_id' | 'none';
  process_start_time: string | null;

  // what was written
  registry_value_data: string;
  /** Distinct values written in the group (first 20). */
  registry_values_data: string[];
  registry_path_canonical: string;
  registry_action: string | null;
  registry_scope: string | null;
  default_spelling: string | null;
  clsid: string | null;
  com_subkey: string | null;
  server_path: string | null;
  known_bad_family: string | null;
  builtin_clsid_name: string | null;
  benign_writer: string | null;
  benign_writer_reason: string | null;

  suppressed: boolean;
  suppressed_by: SuppressionRef | null;
  /** The matching events (built-in rules: the first 50; Sigma rules: the first 1,000 distinct). */
  events: FindingEvent[];
  /** `events` holds fewer entries than `count`. */
  events_truncated: boolean;
  pivots: Pivots;
}
