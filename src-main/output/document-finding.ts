/**
 * A finding as the JSON document writes it (shared/contracts/triage-output.schema.json: required
 * field names never renamed, extra fields allowed): a projection of the case finding, keys in the
 * document's order (the contract's required fields first, then ours).
 */
import type { FileActionRef, SigmaRuleInfo, TriageFinding } from '../shared/contract';

/** The contract's `processRefs` item: the pivot's own ProcessRef. */
type DocumentProcessRef = FileActionRef;

/** The Sigma rule's metadata as the contract's `sigma` object carries it (DRL 1.1: `author` wherever matches are shown). */
interface DocumentSigmaInfo {
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
  correlation?: SigmaRuleInfo['correlation'];
}

export type DocumentFinding = Record<string, unknown> & {
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
  /** Stable across re-reads of the same evidence: the case finding's `id`. */
  finding_id: string;
  pivots: Record<string, unknown> & { dll_created_by: DocumentProcessRef[]; dll_loaded_by: DocumentProcessRef[] };
};

const EPOCH = '1970-01-01T00:00:00.0000000Z';

/**
 * Parallel processes a Sigma finding's document lists: the nearest in time to its first matched
 * event (the detected list's order). A Sigma triage of a real folder has hundreds of findings,
 * each of which listed up to 200 processes alive within ±5 min, most of them the same processes
 * (20,038 entries for 1,525 distinct processes on the shared corpus: 7 of the document's 10 MB
 * of Sigma findings). As many as the PDF's finding section shows (report MAX_PARALLEL_ROWS);
 * `total` still counts them all and `truncated` says the list is cut. The app and the PDF show
 * the case's own list, and built-in findings keep theirs whole (200).
 */
export const SIGMA_DOCUMENT_PARALLEL_MAX = 60;

/** Contract refs need an ISO time: refs without a time are left out of the contract lists (kept in the timeline). */
function refs(list: readonly FileActionRef[]): DocumentProcessRef[] {
  return list.filter((r) => r.time !== '').map((r) => ({ ...r }));
}

/** The rule's own metadata, as written (logsource keys kept only when they are strings). */
function documentSigmaInfo(m: SigmaRuleInfo): DocumentSigmaInfo {
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

export function documentFinding(f: TriageFinding): DocumentFinding {
  const c = allFields(f);
  if (f.source === 'sigma') {
    // A Sigma finding names a registry write only when its events are registry events.
    for (const k of REGISTRY_FIELDS) if (c[k] === '') delete c[k];
    if (f.registry_values_data.length === 0) delete c.registry_values_data;
  }
  return c;
}

type DetectedParallel = TriageFinding['pivots']['detected']['parallel'];

/** The cut lists made so far, by the detected pivot: findings that share one share its cut list too. */
const cutParallels = new WeakMap<DetectedParallel, DetectedParallel>();

/** The detected parallel pivot, its list cut to the `max` nearest (`truncated` then set; `total` unchanged). */
function documentParallel(par: DetectedParallel, max: number): DetectedParallel {
  if (par.processes.length <= max) return par;
  const known = cutParallels.get(par);
  if (known !== undefined && known.processes.length === max) return known;
  const cut = { ...par, processes: par.processes.slice(0, max), truncated: true };
  cutParallels.set(par, cut);
  return cut;
}

/** The finding's parallel pivot as the document writes it. */
function parallelOf(f: TriageFinding): DetectedParallel {
  const p = f.pivots.detected.parallel;
  return f.source === 'sigma' ? documentParallel(p, SIGMA_DOCUMENT_PARALLEL_MAX) : p;
}

/**
 * The objects `documentFinding(f)` holds as they are (not copied): its process's timeline, tree
 * and parallel processes, which the findings of one process share (pivots.ts PivotCache). The
 * document's writer counts them to write each shared one's text once (json-chunks.ts RepeatedJson).
 */
export function sharedPivotParts(f: TriageFinding): object[] {
  const p = f.pivots.detected;
  return [p.timeline, p.tree, parallelOf(f)];
}

function allFields(f: TriageFinding): DocumentFinding {
  const p = f.pivots.detected;
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
      dll_path: p.dll_path,
      dll_created_by: refs(p.dll_created_by),
      dll_loaded_by: refs(p.dll_loaded_by),
      dll_registry_refs: p.dll_registry_refs,
      timeline: p.timeline,
      tree: p.tree,
      parallel: parallelOf(f),
    },
    // extra fields
    source: f.source,
    level: f.level,
    ...(f.sigma ? { sigma: documentSigmaInfo(f.sigma) } : {}),
    finding_id: f.id,
    message: f.message,
    risk_base: f.risk_base,
    risk_reasons: f.risk_factors,
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
    suppressed_by: f.suppression ?? null,
    events: f.events,
    events_truncated: f.events_truncated,
  };
}
