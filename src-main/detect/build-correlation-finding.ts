/**
 * One finding from one Sigma correlation match (Sigma correlation rules specification 2.1.0):
 * source `sigma`, the correlation rule's level, metadata and author (DRL 1.1), and
 * `sigma.correlation` `{type, group_by, timespan, rules}`. `dest` is the grouped host when the
 * correlation groups by one (`Computer`, …), else the contributing events' host (the message
 * says when they span several). `count` is the events in the burst; `events[]` the contributing
 * events (those of chained inner correlations expanded), capped, with `events_truncated`.
 */
import { pivotsOf, type FindingContext } from './build-finding';
import { compareLocale } from './locale-order';
import type { Finding, FindingEvent } from './findings';
import type { Pivots } from './pivots';
import { riskOfLevel } from './risk-levels';
import type { CorrelationEventRef, SigmaCorrelationMatch } from './sigma-correlations';
import type { CorrelationRule } from './sigma/correlation/correlation-types';
import { mitreFromTags } from './sigma/rule-meta';
import type { SigmaLevel, SigmaRuleMeta } from './sigma/types';
import { cimUser } from './splunk-forms';
import { suppressionOf } from './suppressions';
import { compareTimes } from './time-order';

/** Events listed per correlation finding (as for a Sigma rule's finding). */
const MAX_CORRELATION_EVENTS = 1_000;
/** Group-by names that name the host the events come from. */
const HOST_FIELDS = new Set(['computer', 'computername', 'hostname', 'host', 'dest', 'dvc']);
/** A correlation without a level (optional in the spec) is shown as medium. */
const DEFAULT_LEVEL: SigmaLevel = 'medium';
const MAX_SHOWN_HOSTS = 5;

/** Epoch ms as the model writes times (`2026-03-01T10:00:05.0000000Z`). */
function isoOf(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '1970-01-01T00:00:00.0000000Z' : d.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** The correlation rule as the findings' `sigma` object carries a rule. */
function correlationMeta(rule: CorrelationRule): SigmaRuleMeta {
  return {
    id: rule.id ?? rule.name ?? `correlation:${rule.path}`, title: rule.title, name: rule.name, level: rule.level ?? DEFAULT_LEVEL,
    status: rule.status ?? 'experimental', description: rule.description, author: rule.author, date: rule.date, modified: rule.modified,
    references: [...rule.references], falsepositives: [...rule.falsepositives], tags: [...rule.tags], logsource: {},
    mitre: mitreFromTags(rule.tags), path: rule.path, origin: rule.origin,
    correlation: { type: rule.type, group_by: [...rule.groupBy], timespan: rule.timespan, rules: [...rule.rules] },
  };
}

/** The contributing events, inner correlations' expanded, in time order, each record once; `truncated` when some are not listed. */
function contributing(m: SigmaCorrelationMatch, max: number): { refs: CorrelationEventRef[]; truncated: boolean } {
  const out: CorrelationEventRef[] = [];
  const seen = new Set<string>();
  let truncated = false;
  const walk = (match: SigmaCorrelationMatch, depth: number): void => {
    if (match.refsDropped > 0) truncated = true;
    for (const r of match.refs) {
      if (r.kind === 'correlation') {
        if (depth < 16) walk(r.match, depth + 1);
        else truncated = true;
        continue;
      }
      const k = `${r.ref.dest.toLowerCase()}\u0000${r.ref.evidence}\u0000${r.ref.record_id}\u0000${r.ref.time}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(r.ref);
    }
  };
  walk(m, 0);
  // The earliest `max`, in an order that does not depend on arrival (refs of one millisecond tie in the engine).
  out.sort((a, b) => compareTimes(a.time, b.time) || compareLocale(a.evidence, b.evidence) || (a.record_id ?? 0) - (b.record_id ?? 0)
    || (a.event_id ?? 0) - (b.event_id ?? 0) || compareLocale(a.dest, b.dest));
  if (out.length > max) { out.length = max; truncated = true; }
  return { refs: out, truncated };
}

/** First and last times of a match with its chained inner matches (an inner burst starts before the outer match sees it). */
function span(m: SigmaCorrelationMatch, depth = 0): [number, number] {
  let [first, last] = [m.firstMs, m.lastMs];
  if (depth >= 16) return [first, last];
  for (const r of m.refs) {
    if (r.kind !== 'correlation') continue;
    const [f, l] = span(r.match, depth + 1);
    if (f < first) first = f;
    if (l > last) last = l;
  }
  return [first, last];
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** What the condition counted, for the message. */
function metric(m: SigmaCorrelationMatch): string {
  switch (m.rule.type) {
    case 'event_count': return plural(m.count, 'event');
    case 'value_count': return `${plural(m.count, 'distinct value')} of ${(m.rule.condition.field ?? []).join(', ')} in ${plural(m.events, 'event')}`;
    case 'temporal': return `${m.count} of ${plural(m.rule.rules.length, 'rule')} (${m.rule.rules.join(', ')}) in ${plural(m.events, 'event')}`;
    case 'temporal_ordered': return `${m.rule.rules.join(' → ')} in order, ${plural(m.events, 'event')}`;
  }
}

export function buildCorrelationFinding(m: SigmaCorrelationMatch, ctx: FindingContext, maxEvents = MAX_CORRELATION_EVENTS): Finding {
  const meta = correlationMeta(m.rule);
  const { refs, truncated } = contributing(m, maxEvents);
  const hostKey = Object.keys(m.group).find((k) => HOST_FIELDS.has(k.toLowerCase()));
  const hosts = [...new Map(refs.filter((r) => r.dest !== '').map((r) => [r.dest.toLowerCase(), r.dest])).values()].sort();
  const dest = hostKey !== undefined ? m.group[hostKey]! : hosts[0] ?? '';
  const guidRef = refs.find((r) => r.process_guid !== null && r.dest.toLowerCase() === dest.toLowerCase());
  const guid = guidRef?.process_guid ?? '';
  const rec = guid !== '' ? ctx.index.get(dest || null, guid) : undefined;
  const risk = riskOfLevel(meta.level);
  const [firstMs, lastMs] = span(m);
  const firstTime = isoOf(firstMs);
  const start = rec?.start_in_evidence === true;
  const events: FindingEvent[] = refs.map((r) => ({ evidence: r.evidence, record_id: r.record_id, event_id: r.event_id, time: r.time, process_guid: r.process_guid }));
  const finding: Finding = {
    id: '', rule_id: meta.id, rule_name: meta.title, source: 'sigma', level: meta.level, sigma: meta,
    mitre: [...new Set(meta.mitre)], risk_score: risk, risk_base: risk, risk_reasons: [], message: '',
    dest, process_name: rec?.process_name ?? '', registry_path: '', registry_key_name: '', registry_value_name: '',
    user: cimUser(rec?.user ?? null), count: Math.max(1, m.events), firstTime, lastTime: isoOf(lastMs),
    registry_key_path: '', user_qualified: rec?.user ?? null,
    process_guid: guid, process_guids: [...new Set(refs.flatMap((r) => (r.process_guid ? [r.process_guid] : [])))].slice(0, 100),
    process_id: rec?.process_id ?? null, process_path: rec?.process_path ?? null, process: rec?.process ?? null,
    parent_process_guid: rec?.parent_process_guid ?? null, parent_process_name: rec?.parent_process_name ?? null,
    parent_process_path: rec?.parent_process_path ?? null, parent_process: rec?.parent_process ?? null,
    process_start_in_evidence: start, process_join: start ? 'process_guid' : 'none', process_start_time: rec?.start_time ?? null,
    registry_value_data: '', registry_values_data: [], registry_path_canonical: '', registry_action: null, registry_scope: null,
    default_spelling: null, clsid: null, com_subkey: null, server_path: null, known_bad_family: null,
    builtin_clsid_name: null, benign_writer: null, benign_writer_reason: null,
    suppressed: false, suppressed_by: null, events, events_truncated: truncated || events.length < m.events,
    pivots: null as unknown as Pivots,
  };
  const groups = Object.entries(m.group).map(([k, v]) => `${k}=${v}`).join(', ');
  const where = hostKey !== undefined || hosts.length <= 1 ? `on ${dest || 'an unknown host'}`
    : `across ${hosts.length} hosts (${hosts.slice(0, MAX_SHOWN_HOSTS).join(', ')}${hosts.length > MAX_SHOWN_HOSTS ? ', …' : ''})`;
  finding.message = `Sigma correlation ${m.rule.type} (${meta.level}) ${meta.title}: ${metric(m)} within ${m.rule.timespan}`
    + `${groups ? `, grouped by ${groups}` : ''} ${where}`;
  const sup = suppressionOf(ctx.suppressions, meta.id, finding, ctx.today);
  if (sup) { finding.suppressed = true; finding.suppressed_by = sup; }
  const windowMs = ctx.parallelWindowMs;
  const pivots = pivotsOf(ctx);
  finding.pivots = {
    dll_path: null, dll_created_by: [], dll_loaded_by: [], dll_registry_refs: [],
    timeline: guid ? pivots.timeline(dest, guid) : { entries: [], total: 0, truncated: false },
    tree: guid ? pivots.tree(dest, guid) : { ancestors: [], process: null, descendants: [], truncated: false },
    parallel: guid ? pivots.parallel(dest, guid, firstMs, firstTime, windowMs) : { window_ms: windowMs, at: firstTime, processes: [], total: 0, truncated: false },
  };
  return finding;
}
