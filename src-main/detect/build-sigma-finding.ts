/**
 * One finding from one Sigma (rule, dest) group: the acting process of its earliest event joined
 * to its start on (dest, process_guid) (for GUID-less events on (dest, process id) at the event),
 * the risk score of the rule's level (risk-levels.ts), the message, the suppression verdict, and
 * the same pivots as a built-in finding (timeline, tree, parallel processes; the DLL pivot for the
 * file an image load or file event names).
 */
import { pivotsOf, type FindingContext } from './build-finding';
import type { Finding } from './findings';
import { compareLocale } from './locale-order';
import { normaliseFilePath } from './paths';
import { dllPivot } from './pivots';
import type { Pivots } from './pivots';
import type { ProcessRecord } from './process-index';
import { riskOfLevel } from './risk-levels';
import type { SigmaGroup } from './sigma-findings';
import { cimKeyName, cimUser } from './splunk-forms';
import { suppressionOf } from './suppressions';
import { compareTimes } from './time-order';

const EPOCH = '1970-01-01T00:00:00.0000000Z';
const MITRE_RE = /^T[0-9]{4}(\.[0-9]{3})?$/;

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

export function buildSigmaFindings(groups: readonly SigmaGroup[], ctx: FindingContext): Finding[] {
  return groups.map((g) => buildSigmaFinding(g, ctx));
}

function buildSigmaFinding(g: SigmaGroup, ctx: FindingContext): Finding {
  const meta = g.rule.meta;
  const a = g.actor;
  const guid = a.process_guid ?? '';
  const dest = g.dest;
  const rec: ProcessRecord | undefined = guid !== ''
    ? ctx.index.get(dest || null, guid)
    : ctx.index.getByPid(dest || null, a.process_id, g.first_ms);
  const risk = riskOfLevel(meta.level);
  const firstTime = g.first_time ?? EPOCH;
  const userQualified = a.user ?? rec?.user ?? null;
  const processName = a.process_name ?? rec?.process_name ?? '';
  const start = rec?.start_in_evidence === true;
  const finding: Finding = {
    id: '', rule_id: meta.id, rule_name: meta.title, source: 'sigma', level: meta.level, sigma: meta,
    mitre: [...new Set(meta.mitre.filter((t) => MITRE_RE.test(t)))],
    risk_score: risk, risk_base: risk, risk_reasons: [], message: '',
    dest,
    process_name: processName,
    registry_path: a.registry_path ?? '',
    registry_key_name: cimKeyName(a.registry_key_name),
    registry_value_name: a.registry_value_name ?? '',
    user: cimUser(userQualified),
    count: g.count, firstTime, lastTime: g.last_time ?? firstTime,
    registry_key_path: a.registry_key_name ?? '',
    user_qualified: userQualified,
    process_guid: guid,
    process_guids: [...g.guids],
    process_id: a.process_id ?? rec?.process_id ?? null,
    process_path: a.process_path ?? rec?.process_path ?? null,
    process: a.process ?? rec?.process ?? null,
    parent_process_guid: a.parent_process_guid ?? rec?.parent_process_guid ?? null,
    parent_process_name: a.parent_process_name ?? rec?.parent_process_name ?? null,
    parent_process_path: a.parent_process_path ?? rec?.parent_process_path ?? null,
    parent_process: a.parent_process ?? rec?.parent_process ?? null,
    process_start_in_evidence: start,
    process_join: !start ? 'none' : guid !== '' ? 'process_guid' : 'process_id',
    process_start_time: rec?.start_time ?? null,
    registry_value_data: a.registry_value_data ?? '',
    registry_values_data: a.registry_value_data !== null ? [a.registry_value_data] : [],
    registry_path_canonical: a.registry_path_canonical ?? '',
    registry_action: a.registry_action, registry_scope: a.registry_scope,
    default_spelling: null, clsid: null, com_subkey: null, server_path: null, known_bad_family: null,
    builtin_clsid_name: null, benign_writer: null, benign_writer_reason: null,
    suppressed: false, suppressed_by: null,
    events: [...g.events].sort((x, y) => compareTimes(x.time, y.time) || compareLocale(x.evidence, y.evidence) || (x.record_id ?? 0) - (y.record_id ?? 0)),
    events_truncated: g.events.length < g.count,
    pivots: null as unknown as Pivots,
  };
  const who = processName ? ` by ${processName}` : '';
  finding.message = `Sigma (${meta.level}) ${meta.title}: ${plural(g.count, 'event')} on ${dest || 'an unknown host'}${who}`;
  const sup = suppressionOf(ctx.suppressions, meta.id, finding, ctx.today);
  if (sup) { finding.suppressed = true; finding.suppressed_by = sup; }
  const windowMs = ctx.parallelWindowMs;
  const dllPath = a.file_path !== null ? normaliseFilePath(a.file_path) : null;
  const pivots = pivotsOf(ctx);
  finding.pivots = {
    ...dllPivot(ctx.store, dest, dllPath, finding.registry_path, ctx.index),
    timeline: guid ? pivots.timeline(dest, guid) : { entries: [], total: 0, truncated: false },
    tree: guid ? pivots.tree(dest, guid) : { ancestors: [], process: null, descendants: [], truncated: false },
    parallel: guid ? pivots.parallel(dest, guid, g.first_ms ?? 0, firstTime, windowMs) : { window_ms: windowMs, at: firstTime, processes: [], total: 0, truncated: false },
  };
  return finding;
}
