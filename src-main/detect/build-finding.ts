/**
 * One finding from one rule row: the join of its writers to their process starts, the risk
 * score with its modifiers (the highest of the row's writers), the message, the suppression
 * verdict and the pivots around the earliest writer.
 */
import { evaluate, fillTemplate } from './conditions';
import type { FieldBag, IntelLookup, Scalar } from './conditions';
import type { EvidenceStore } from './evidence-store';
import { inUserWritableFolder } from './fields';
import type { FindingGroups, Group, Writer, WriterStart } from './finding-groups';
import type { Finding, RiskReason } from './findings';
import { normaliseFilePath } from './paths';
import { dllPivot, PivotCache } from './pivots';
import type { Pivots } from './pivots';
import type { ProcessIndex, ProcessRecord } from './process-index';
import type { Rule } from './rules/types';
import { compareLocale } from './locale-order';
import { levelOfRisk } from './risk-levels';
import { cimUser, str } from './splunk-forms';
import { suppressionOf } from './suppressions';
import type { SuppressionList } from './suppressions';
import { compareTimes } from './time-order';

const EPOCH = '1970-01-01T00:00:00.0000000Z';

/** What the session has gathered, as building a finding reads it. */
export interface FindingContext {
  index: ProcessIndex;
  store: EvidenceStore;
  /** Machine-wide CLSIDs (upper case) per host (trimmed, lower case): the per-user shadow. */
  machineClsids: ReadonlyMap<string, ReadonlySet<string>>;
  lookup: IntelLookup;
  suppressions: SuppressionList;
  writerStart: WriterStart;
  /** YYYY-MM-DD, for suppression expiry. */
  today: string;
  parallelWindowMs: number;
  /** The pivots worked out so far (made at the first finding: `pivotsOf`). */
  pivots?: PivotCache;
}

/** The context's pivot cache: findings of the same process share their timeline, tree and parallel processes. */
export function pivotsOf(ctx: FindingContext): PivotCache {
  return (ctx.pivots ??= new PivotCache(ctx.index, ctx.store));
}

/** Every reported row of `groups` as a finding (ids are given later, in the final order). */
export function buildFindings(groups: FindingGroups, ctx: FindingContext): Finding[] {
  return groups.resolveUsers(ctx.writerStart).map((g) => buildFinding(g, ctx));
}

function findingBag(ctx: FindingContext, g: Group, w: Writer, rec: ProcessRecord | undefined): Record<string, Scalar> {
  const b = w.bag;
  const path = (b.process_path as string | null) ?? rec?.process_path ?? null;
  const clsid = b.clsid as string | null;
  const machine = ctx.machineClsids.get(str(b.dest).trim().toLowerCase());
  return {
    ...b,
    user: (b.user as string | null) ?? rec?.user ?? null,
    process_name: (b.process_name as string | null) ?? rec?.process_name ?? null,
    process_path: path,
    process: rec?.process ?? null,
    parent_process_guid: rec?.parent_process_guid ?? null,
    parent_process_name: rec?.parent_process_name ?? null,
    parent_process_path: rec?.parent_process_path ?? null,
    parent_process: rec?.parent_process ?? null,
    process_start_in_evidence: rec?.start_in_evidence ?? false,
    process_start_time: rec?.start_time ?? null,
    writer_start_age_s: rec?.start_ms != null && w.first_ms !== null ? Math.round((w.first_ms - rec.start_ms) / 1000) : null,
    writer_in_user_writable_folder: inUserWritableFolder(normaliseFilePath(path)),
    shadows_machine_clsid: clsid !== null && b.registry_scope === 'user' && (machine?.has(clsid.toUpperCase()) ?? false),
    rule_id: g.rule.id, rule_name: g.rule.name,
  };
}

function score(rule: Rule, bag: FieldBag, lookup: IntelLookup): { score: number; reasons: RiskReason[] } {
  let total = rule.risk.score;
  const reasons: RiskReason[] = [];
  for (const m of rule.risk_modifiers) {
    if (!evaluate(m.when, bag, lookup)) continue;
    total += m.delta;
    reasons.push({ id: m.id, delta: m.delta, reason: fillTemplate(m.reason, bag) });
  }
  return { score: Math.max(rule.risk_floor, Math.min(100, total)), reasons };
}

function buildFinding(g: Group, ctx: FindingContext): Finding {
  const rule = g.rule;
  // The row's writers in time order; the earliest is the finding's process.
  const writers = g.writerOrder.map((k) => g.writers.get(k)!).sort((a, b) => (a.first_ms ?? Infinity) - (b.first_ms ?? Infinity)
    || compareTimes(str(a.first_time), str(b.first_time)) || compareLocale(str(a.bag.process_guid), str(b.bag.process_guid)) || compareLocale(str(a.bag.process_path), str(b.bag.process_path)));
  let best: { score: number; reasons: RiskReason[] } | null = null;
  const bags = writers.map((w) => {
    const rec = ctx.writerStart(w.bag, w.first_ms);
    const bag = findingBag(ctx, g, w, rec);
    const s = score(rule, bag, ctx.lookup);
    if (best === null || s.score > best.score) best = s;
    return { bag, rec };
  });
  const first = bags[0]!;
  const fb = first.bag;
  const risk = best ?? { score: rule.risk.score, reasons: [] };
  const grouped = (f: string, fallback: Scalar = null) => (f in g.keyValues ? g.keyValues[f] ?? fallback : fb[f] ?? fallback);
  const dest = str(grouped('dest'));
  const processGuid = str(fb.process_guid);
  const firstTime = g.first_time ?? EPOCH;
  const finding: Finding = {
    id: '', rule_id: rule.id, rule_name: rule.name, source: 'builtin', level: levelOfRisk(risk.score), sigma: null, mitre: [...rule.mitre],
    risk_score: risk.score, risk_base: rule.risk.score, risk_reasons: risk.reasons, message: '',
    dest,
    process_name: str(grouped('process_name')) || str(fb.process_name) || str(first.rec?.process_name ?? null),
    registry_path: str(grouped('registry_path')),
    registry_key_name: str(grouped('registry_key_name')),
    registry_key_path: str(fb.registry_key_name),
    registry_value_name: str(grouped('registry_value_name')),
    user: (grouped('user') as string | null) ?? cimUser(fb.user as string | null),
    user_qualified: (fb.user as string | null),
    count: g.count, firstTime, lastTime: g.last_time ?? firstTime,
    process_guid: processGuid,
    process_guids: [...new Set(bags.map((b) => str(b.bag.process_guid)).filter((x) => x !== ''))],
    process_id: (fb.process_id as number | null) ?? first.rec?.process_id ?? null,
    process_path: fb.process_path as string | null,
    process: fb.process as string | null,
    parent_process_guid: fb.parent_process_guid as string | null,
    parent_process_name: fb.parent_process_name as string | null,
    parent_process_path: fb.parent_process_path as string | null,
    parent_process: fb.parent_process as string | null,
    process_start_in_evidence: fb.process_start_in_evidence === true,
    process_join: fb.process_start_in_evidence !== true ? 'none' : processGuid !== '' ? 'process_guid' : 'process_id',
    process_start_time: fb.process_start_time as string | null,
    registry_value_data: str(fb.registry_value_data),
    registry_values_data: [...g.values].sort(),
    registry_path_canonical: str(fb.registry_path_canonical),
    registry_action: fb.registry_action as string | null,
    registry_scope: fb.registry_scope as string | null,
    default_spelling: fb.default_spelling as string | null,
    clsid: fb.clsid as string | null,
    com_subkey: fb.com_subkey as string | null,
    server_path: fb.server_path as string | null,
    known_bad_family: fb.known_bad_family as string | null,
    builtin_clsid_name: fb.builtin_clsid_name as string | null,
    benign_writer: fb.benign_writer as string | null,
    benign_writer_reason: fb.benign_writer_reason as string | null,
    suppressed: false, suppressed_by: null,
    events: [...g.events].sort((a, b) => compareTimes(str(a.time), str(b.time)) || compareLocale(a.evidence, b.evidence) || (a.record_id ?? 0) - (b.record_id ?? 0)),
    events_truncated: false,
    pivots: null as unknown as Pivots,
  };
  finding.events_truncated = finding.events.length < finding.count;
  const messageBag: Record<string, Scalar> = { ...fb, dest: finding.dest, process_name: finding.process_name, user: finding.user, risk_score: finding.risk_score };
  finding.message = fillTemplate(rule.message, messageBag);
  const sup = suppressionOf(ctx.suppressions, rule.id, finding, ctx.today);
  if (sup) { finding.suppressed = true; finding.suppressed_by = sup; }
  const atMs = g.first_ms ?? 0;
  const windowMs = ctx.parallelWindowMs;
  const pivots = pivotsOf(ctx);
  finding.pivots = {
    ...dllPivot(ctx.store, dest, finding.server_path, finding.registry_path, ctx.index),
    timeline: processGuid ? pivots.timeline(dest, processGuid) : { entries: [], total: 0, truncated: false },
    tree: processGuid ? pivots.tree(dest, processGuid) : { ancestors: [], process: null, descendants: [], truncated: false },
    parallel: processGuid ? pivots.parallel(dest, processGuid, atMs, firstTime, windowMs) : { window_ms: windowMs, at: firstTime, processes: [], total: 0, truncated: false },
  };
  return finding;
}
