/**
 * Findings at the edges: the JSON contract's finding object (shared/contracts/
 * triage-output.schema.json: required field names never renamed, extra fields allowed) and
 * Splunk's stats table of the seed analytic.
 */
import type { Finding } from './findings';
import type { ProcessRef } from './pivots';
import type { SigmaCorrelationInfo, SigmaRuleMeta } from './sigma/types';

/** Contract's `processRefs` item, plus where it came from: the pivot's own ProcessRef. */
type ContractProcessRef = ProcessRef;

/** The Sigma rule's metadata as the contract's `sigma` object carries it (DRL 1.1: `author` wherever matches are shown). */
interface ContractSigmaMeta {
  id: string;
  title: string;
  level: string;
  status: string;
  tags: string[];
  logsource: Record<string, string>;
  author: string | null;
  references: string[];
  falsepositives: (string | null)[];
  path: string;
  description: string | null;
  date: string | null;
  modified: string | null;
  /** `sigmahq` (bundled) or the `--rules` path the rule came from. */
  origin: string;
  /** Correlation rules only: `{type, group_by, timespan, rules}`. */
  correlation?: SigmaCorrelationInfo;
}

export type ContractFinding = Record<string, unknown> & {
  rule_id: string;
  rule_name: string;
  source: 'builtin' | 'sigma';
  level: string;
  mitre: string[];
  risk_score: number;
  dest: string;
  user: string | null;
  process_guid: string;
  process_name: string;
  process_path: string | null;
  process: string | null;
  parent_process_name: string | null;
  /** Registry fields: always on built-in findings; on Sigma findings only when the matched event is a registry event. */
  registry_path?: string;
  registry_key_name?: string;
  registry_value_name?: string;
  registry_value_data?: string;
  clsid: string | null;
  count: number;
  firstTime: string;
  lastTime: string;
  process_start_in_evidence: boolean;
  suppressed: boolean;
  pivots: Record<string, unknown> & { dll_created_by: ContractProcessRef[]; dll_loaded_by: ContractProcessRef[] };
};

const EPOCH = '1970-01-01T00:00:00.0000000Z';

/** Contract refs need an ISO time: refs without a time are left out of the contract lists (kept in the timeline). */
function refs(list: ProcessRef[]): ContractProcessRef[] {
  return list.filter((r) => r.time !== '').map((r) => ({ ...r }));
}

/** The rule's own metadata, as written (logsource keys kept only when they are strings). */
function contractSigmaMeta(m: SigmaRuleMeta): ContractSigmaMeta {
  const logsource: Record<string, string> = {};
  for (const k of ['product', 'category', 'service', 'definition'] as const) if (typeof m.logsource[k] === 'string') logsource[k] = m.logsource[k]!;
  return {
    id: m.id, title: m.title, level: m.level, status: m.status, tags: [...m.tags], logsource, author: m.author,
    references: [...m.references], falsepositives: [...m.falsepositives], path: m.path, description: m.description,
    date: m.date, modified: m.modified, origin: m.origin,
    ...(m.correlation ? { correlation: { ...m.correlation, group_by: [...m.correlation.group_by], rules: [...m.correlation.rules] } } : {}),
  };
}

const REGISTRY_FIELDS = ['registry_path', 'registry_key_name', 'registry_value_name', 'registry_value_data', 'registry_key_path', 'registry_path_canonical'] as const;

export function toContractFinding(f: Finding): ContractFinding {
  const c = contractFinding(f);
  if (f.source === 'sigma') {
    // A Sigma finding names a registry write only when its events are registry events.
    for (const k of REGISTRY_FIELDS) if (c[k] === '') delete c[k];
    if (f.registry_values_data.length === 0) delete c.registry_values_data;
  }
  return c;
}

function contractFinding(f: Finding): ContractFinding {
  return {
    // required by the contract, in its order
    rule_id: f.rule_id,
    rule_name: f.rule_name,
    mitre: [...f.mitre],
    risk_score: f.risk_score,
    dest: f.dest,
    user: f.user,
    process_guid: f.process_guid,
    process_name: f.process_name,
    process_path: f.process_path,
    process: f.process,
    parent_process_name: f.parent_process_name,
    registry_path: f.registry_path,
    registry_key_name: f.registry_key_name,
    registry_value_name: f.registry_value_name,
    registry_value_data: f.registry_value_data,
    clsid: f.clsid,
    count: f.count,
    firstTime: f.firstTime || EPOCH,
    lastTime: f.lastTime || f.firstTime || EPOCH,
    process_start_in_evidence: f.process_start_in_evidence,
    suppressed: f.suppressed,
    pivots: {
      dll_path: f.pivots.dll_path,
      dll_created_by: refs(f.pivots.dll_created_by),
      dll_loaded_by: refs(f.pivots.dll_loaded_by),
      dll_registry_refs: f.pivots.dll_registry_refs,
      timeline: f.pivots.timeline,
      tree: f.pivots.tree,
      parallel: f.pivots.parallel,
    },
    // extra fields
    source: f.source,
    level: f.level,
    ...(f.sigma ? { sigma: contractSigmaMeta(f.sigma) } : {}),
    finding_id: f.id,
    message: f.message,
    risk_base: f.risk_base,
    risk_reasons: f.risk_reasons,
    process_id: f.process_id,
    process_guids: f.process_guids,
    process_start_time: f.process_start_time,
    process_join: f.process_join,
    parent_process_guid: f.parent_process_guid,
    parent_process_path: f.parent_process_path,
    parent_process: f.parent_process,
    registry_key_path: f.registry_key_path,
    user_qualified: f.user_qualified,
    registry_values_data: f.registry_values_data,
    registry_path_canonical: f.registry_path_canonical,
    registry_action: f.registry_action,
    registry_scope: f.registry_scope,
    default_spelling: f.default_spelling,
    com_subkey: f.com_subkey,
    server_path: f.server_path,
    known_bad_family: f.known_bad_family,
    builtin_clsid_name: f.builtin_clsid_name,
    benign_writer: f.benign_writer,
    benign_writer_reason: f.benign_writer_reason,
    suppressed_by: f.suppressed_by,
    events: f.events,
    events_truncated: f.events_truncated,
  };
}

/** Splunk's columns, in the order `stats count min(_time) as firstTime max(_time) as lastTime by …` returns them. */
export const SPLUNK_COLUMNS = ['dest', 'process_name', 'registry_path', 'registry_key_name', 'registry_value_name', 'user', 'count', 'firstTime', 'lastTime'] as const;
type SplunkColumn = (typeof SPLUNK_COLUMNS)[number];
export type SplunkRow = { [K in SplunkColumn]: K extends 'count' ? number : string };

export interface SplunkTableOptions {
  /** Only this rule's rows (e.g. SEED_RULE_ID). Default: every finding. */
  ruleId?: string;
  /** Splunk's filter macro removes suppressed rows; set true to keep them. Default false. */
  includeSuppressed?: boolean;
}

/**
 * The stats table: one row per finding (a finding IS a stats row), sorted like Splunk sorts
 * `stats … by` output (lexicographically by the by-fields). A null user is shown as ''.
 */
export function splunkTable(findings: readonly Finding[], options: SplunkTableOptions = {}): SplunkRow[] {
  const rows = findings
    .filter((f) => (options.ruleId === undefined || f.rule_id === options.ruleId) && (options.includeSuppressed || !f.suppressed))
    .map((f): SplunkRow => ({
      dest: f.dest, process_name: f.process_name, registry_path: f.registry_path, registry_key_name: f.registry_key_name,
      registry_value_name: f.registry_value_name, user: f.user ?? '', count: f.count, firstTime: f.firstTime, lastTime: f.lastTime,
    }));
  const by = ['dest', 'process_name', 'registry_path', 'registry_key_name', 'registry_value_name', 'user'] as const;
  rows.sort((a, b) => {
    for (const k of by) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
    return 0;
  });
  return rows;
}
