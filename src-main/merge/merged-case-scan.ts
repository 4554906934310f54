/**
 * The merged document as the case the PDF report is made from (shared/contract.ts `CaseScan`, the
 * same request the app's saveReport renders). The documents came from other machines, so every
 * field the report reads is rebuilt with its type here (text stays text, a wrong type becomes
 * empty) and lists are capped; the request then goes through the app's own report validation and
 * bounds. Evidence paths are prefixed with their document (`A.json: WS-01/Security.evtx`), and the
 * analyst's kept annotation (with any conflict spelled out) becomes the report's annotation.
 */
import type {
  CaseFinding, CaseScan, EvidenceEntry, FindingAnnotation, FindingFacts, PivotEvent, PivotEventKind, ProcessNode, ProcessRef, RiskReason, RuleDoc, SigmaRuleInfo, SigmaRunInfo,
} from '../shared/contract';
import { evidenceFilesOf } from '../shared/finding-evidence';
import { isSigmaLevel, levelOfRisk } from '../detect/risk-levels';
import type { MergedCase } from './merge-documents';
import type { SourcedAnnotation } from './read-triage-document';

const MAX_PIVOT_ITEMS = 5000;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const sn = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX_PIVOT_ITEMS) : []);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj).slice(0, MAX_PIVOT_ITEMS) : []);
const KINDS = new Set<PivotEventKind>(['process_start', 'process_stop', 'registry', 'file', 'image_load', 'network', 'dns', 'other']);
const RELATIONS = new Set(['self', 'ancestor', 'child', 'parallel']);

function processRef(o: Obj): ProcessRef {
  return {
    process_name: s(o.process_name), process_guid: s(o.process_guid), time: s(o.time), process_path: sn(o.process_path), process: sn(o.process),
    process_id: n(o.process_id), user: sn(o.user), ...(typeof o.dest === 'string' ? { dest: o.dest } : {}),
  };
}

function pivotEvent(o: Obj): PivotEvent {
  const fields: Record<string, string> = {};
  if (isObj(o.fields)) for (const [k, v] of Object.entries(o.fields).slice(0, 500)) if (typeof v === 'string') fields[k] = v;
  return {
    time: s(o.time), kind: KINDS.has(o.kind as PivotEventKind) ? (o.kind as PivotEventKind) : 'other', event_id: n(o.event_id), channel: sn(o.channel),
    dest: s(o.dest), process_guid: sn(o.process_guid), process_name: sn(o.process_name), summary: s(o.summary), is_finding_event: o.is_finding_event === true,
    evidence: s(o.evidence), record_id: n(o.record_id), fields,
  };
}

function processNode(o: Obj): ProcessNode {
  return {
    ...processRef(o), parent_process_guid: sn(o.parent_process_guid), parent_process_name: sn(o.parent_process_name), user: sn(o.user),
    start_time: sn(o.start_time), end_time: sn(o.end_time), relation: RELATIONS.has(s(o.relation)) ? (o.relation as ProcessNode['relation']) : 'parallel', depth: n(o.depth) ?? 0,
  };
}

function sigmaInfo(v: unknown): SigmaRuleInfo | null {
  if (!isObj(v)) return null;
  const ls = isObj(v.logsource) ? v.logsource : {};
  return {
    id: s(v.id), title: s(v.title), level: isSigmaLevel(v.level) ? v.level : 'informational', status: s(v.status), description: sn(v.description),
    author: sn(v.author), date: sn(v.date), modified: sn(v.modified), references: strs(v.references), falsepositives: strs(v.falsepositives), tags: strs(v.tags),
    logsource: { product: sn(ls.product) ?? undefined, category: sn(ls.category) ?? undefined, service: sn(ls.service) ?? undefined }, path: s(v.path), origin: s(v.origin),
  };
}

/**
 * What detection worked out (the document's extra fields), when the document carries them: a
 * document from before they were written (no `risk_base`) gives none, never made-up values.
 */
function findingFacts(f: Obj): Partial<FindingFacts> & { risk_factors?: RiskReason[] } {
  if (n(f.risk_base) === null) return {};
  const join = f.process_join === 'process_guid' || f.process_join === 'process_id' ? f.process_join : 'none';
  return {
    risk_base: n(f.risk_base)!, process_id: n(f.process_id), process_guids: strs(f.process_guids), process_start_time: sn(f.process_start_time),
    process_join: join, parent_process_path: sn(f.parent_process_path), registry_key_path: s(f.registry_key_path), user_qualified: sn(f.user_qualified),
    registry_values_data: strs(f.registry_values_data), registry_path_canonical: s(f.registry_path_canonical), registry_action: sn(f.registry_action),
    registry_scope: sn(f.registry_scope), default_spelling: sn(f.default_spelling), com_subkey: sn(f.com_subkey), server_path: sn(f.server_path),
    known_bad_family: sn(f.known_bad_family), builtin_clsid_name: sn(f.builtin_clsid_name), benign_writer: sn(f.benign_writer),
    benign_writer_reason: sn(f.benign_writer_reason),
    risk_factors: objs(f.risk_reasons).slice(0, 100).map((r) => ({ id: s(r.id), delta: n(r.delta) ?? 0, reason: s(r.reason) })),
  };
}

function caseFinding(f: Obj): CaseFinding {
  const p = isObj(f.pivots) ? f.pivots : {};
  const risk = n(f.risk_score) ?? 0;
  const events = objs(f.events).map((e) => ({ evidence: s(e.evidence), record_id: n(e.record_id), event_id: n(e.event_id), time: sn(e.time), process_guid: sn(e.process_guid) }));
  return {
    id: s(f.finding_id), rule_id: s(f.rule_id), rule_name: s(f.rule_name), mitre: strs(f.mitre), risk_score: risk, dest: s(f.dest), user: sn(f.user),
    process_guid: s(f.process_guid), process_name: s(f.process_name), process_path: sn(f.process_path), process: sn(f.process),
    parent_process_name: sn(f.parent_process_name), parent_process: sn(f.parent_process), parent_process_guid: sn(f.parent_process_guid),
    registry_path: s(f.registry_path), registry_key_name: s(f.registry_key_name), registry_value_name: s(f.registry_value_name), registry_value_data: s(f.registry_value_data),
    clsid: sn(f.clsid), count: n(f.count) ?? 1, firstTime: s(f.firstTime), lastTime: s(f.lastTime), process_start_in_evidence: f.process_start_in_evidence === true,
    suppressed: f.suppressed === true, message: s(f.message), ...findingFacts(f),
    risk_reasons: Array.isArray(f.risk_reasons) ? f.risk_reasons.map((r) => (typeof r === 'string' ? r : isObj(r) ? s(r.reason) : '')).filter(Boolean).slice(0, 100) : [],
    source: f.source === 'sigma' ? 'sigma' : 'builtin', level: isSigmaLevel(f.level) ? f.level : levelOfRisk(risk), sigma: sigmaInfo(f.sigma),
    events, evidence_files: evidenceFilesOf(events),
    events_truncated: f.events_truncated === true,
    pivots: {
      dll_created_by: objs(p.dll_created_by).map(processRef), dll_loaded_by: objs(p.dll_loaded_by).map(processRef), timeline: objs(p.timeline).map(pivotEvent),
      tree: objs(p.tree).map(processNode), parallel: objs(p.parallel).map(processNode), parallel_window_seconds: n(p.parallel_window_seconds) ?? 0,
      other_registry_values: [], dll_file_events: [], dll_load_events: [],
    },
  };
}

function ruleDoc(r: Obj): RuleDoc {
  return {
    id: s(r.id), name: s(r.name), description: s(r.description), mitre: strs(r.mitre), risk_score: n(r.risk_score) ?? 0, false_positives: strs(r.false_positives),
    references: strs(r.references), notes: strs(r.notes), source: r.source === 'sigma' ? 'sigma' : 'builtin', ...(isSigmaLevel(r.level) ? { level: r.level } : {}),
    author: sn(r.author), ...(typeof r.status === 'string' ? { status: r.status } : {}), ...(typeof r.path === 'string' ? { path: r.path } : {}), ...(typeof r.origin === 'string' ? { origin: r.origin } : {}),
  };
}

/** The Sigma provenance only when it has the shape the report reads (else the report says none is known). */
function sigmaRun(v: unknown): SigmaRunInfo | undefined {
  if (!isObj(v) || !Array.isArray(v.origins) || !v.origins.every((o) => isObj(o) && typeof o.origin === 'string' && typeof o.rules === 'number')) return undefined;
  if (typeof v.rules_run !== 'number' || typeof v.min_level !== 'string' || typeof v.rules_skipped !== 'number' || typeof v.rules_failed !== 'number') return undefined;
  if (v.rule_status !== null && v.rule_status !== undefined && !Array.isArray(v.rule_status)) return undefined;
  return { ...(v as unknown as SigmaRunInfo), rule_status: v.rule_status ? strs(v.rule_status) : null };
}

function annotationOf(f: Obj): FindingAnnotation | null {
  const kept = f.triage as SourcedAnnotation | undefined;
  if (!kept) return null;
  const others = ((f.triage_conflicts as SourcedAnnotation[] | undefined) ?? []).filter((a) => a !== kept && !(a.status === kept.status && a.note === kept.note && a.by === kept.by && a.at === kept.at));
  const note = others.length === 0 ? kept.note
    : `${kept.note}\n[kept: ${kept.source_document ?? '?'}, ${kept.at || 'no time'}; conflicting annotations:]\n${others.map((a) => `${a.status} by ${a.by || '?'} at ${a.at || '?'} (${a.source_document ?? '?'}): ${a.note}`).join('\n')}`;
  return { status: kept.status, note, by: kept.by, at: kept.at };
}

/** The case for the report; its findings are all in memory here (the report holds them anyway, within its bounds). */
export function mergedCaseScan(merged: MergedCase): { scan: CaseScan; annotations: Record<string, FindingAnnotation> } {
  const doc = merged.doc;
  const evidence: EvidenceEntry[] = doc.evidence.map((e) => ({
    path: `${s(e.source_document)}: ${s(e.path)}`, bytes: n(e.bytes) ?? 0, modified: s(e.modified), sha256: s(e.sha256), hashComplete: e.hash_complete !== false,
    ...(typeof e.not_hashed === 'string' ? { notHashed: e.not_hashed } : {}), format: e.format as EvidenceEntry['format'],
    ...(typeof e.error === 'string' ? { error: e.error } : {}), records: n(e.records), errors: n(e.errors) ?? 0, warnings: n(e.warning_count) ?? 0,
  } as EvidenceEntry));
  const findings: CaseFinding[] = [];
  const annotations: Record<string, FindingAnnotation> = {};
  for (const f of merged.findings()) {
    const c = caseFinding(f);
    findings.push(c);
    const a = annotationOf(f);
    if (a) annotations[c.id] = a;
  }
  const sigma = sigmaRun(doc.ruleset.sigma);
  return {
    scan: {
      root: doc.evidence_root || doc.evidence_roots.join(', '), fingerprint: doc.fingerprint, scannedAt: doc.generated, evidence, findings,
      rules: doc.rules.map(ruleDoc),
      ruleset: { version: s(doc.ruleset.version) || 'unknown', intel_version: s(doc.ruleset.intel_version) || 'unknown', ...(sigma ? { sigma } : {}) },
      stats: { files: doc.stats.files, bytes: doc.stats.bytes, errors: doc.stats.errors, events: doc.stats.events, recordErrors: doc.stats.record_errors, recovered: doc.stats.recovered, elapsedMs: doc.stats.elapsed_ms },
    },
    annotations,
  };
}
