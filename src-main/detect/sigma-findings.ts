/**
 * Sigma matches aggregated into findings: one per (rule, dest). Every event goes through the
 * rule set (`matches`: its candidates by channel and EventID, each checked); a finding
 * keeps its count, first/last time, the distinct matched events (a record read twice, e.g. an
 * .evtx and its XML export, counts once: `eventIdentity`), the process guids it saw, and the
 * acting process of its earliest event (from the event's CIM view) for the join and the pivots.
 *
 * Bounded (rule files and evidence are attacker-controlled): at most `maxFindings` findings
 * (matches for further (rule, dest) pairs are counted, not kept), `maxEventsPerFinding` listed
 * events per finding (`events_truncated`), `maxIdentitiesPerFinding` identities remembered for
 * the dedupe, `maxGuidsPerFinding` process guids. A rule whose matcher throws is counted per rule
 * with its first message and never stops the others.
 */
import type { NormalisedEvent } from '../model/event.ts';
import { normaliseGuid } from '../model/guid.ts';
import type { FindingEvent } from './findings.ts';
import type { CompiledSigmaRule, SigmaRuleSet } from './sigma/types.ts';

export interface SigmaLimits {
  maxFindings: number;
  maxEventsPerFinding: number;
  maxIdentitiesPerFinding: number;
  maxGuidsPerFinding: number;
}

export const DEFAULT_SIGMA_LIMITS: SigmaLimits = {
  maxFindings: 20_000, maxEventsPerFinding: 1_000, maxIdentitiesPerFinding: 100_000, maxGuidsPerFinding: 100,
};

/** The acting process of a matched event and what it acted on, from the event's CIM view. */
export interface SigmaActor {
  user: string | null;
  process_guid: string | null;
  process_id: number | null;
  process_name: string | null;
  process_path: string | null;
  /** Command line (process events). */
  process: string | null;
  parent_process_guid: string | null;
  parent_process_name: string | null;
  parent_process_path: string | null;
  parent_process: string | null;
  registry_path: string | null;
  registry_key_name: string | null;
  registry_value_name: string | null;
  registry_value_data: string | null;
  registry_path_canonical: string | null;
  registry_action: string | null;
  registry_scope: string | null;
  /** The file acted on (file events, image loads). */
  file_path: string | null;
}

export interface SigmaGroup {
  rule: CompiledSigmaRule;
  /** The host as the earliest event wrote it ('' when unknown). */
  dest: string;
  count: number;
  first_ms: number | null;
  first_time: string | null;
  last_ms: number | null;
  last_time: string | null;
  events: FindingEvent[];
  seen: Set<string>;
  /** Distinct process guids of the matched events (first `maxGuidsPerFinding`). */
  guids: string[];
  actor: SigmaActor;
  /** Sort key of the event the actor came from: the earliest. */
  actorKey: string;
}

export interface SigmaRuleError {
  rule_id: string;
  path: string;
  /** The first error's message. */
  message: string;
  count: number;
}

function actorOf(e: NormalisedEvent): SigmaActor {
  const v = e.view;
  const a: SigmaActor = {
    user: v?.user ?? null, process_guid: normaliseGuid(v?.process_guid ?? null), process_id: v?.process_id ?? null,
    process_name: v?.process_name ?? null, process_path: v?.process_path ?? null, process: null,
    parent_process_guid: null, parent_process_name: null, parent_process_path: null, parent_process: null,
    registry_path: null, registry_key_name: null, registry_value_name: null, registry_value_data: null,
    registry_path_canonical: null, registry_action: null, registry_scope: null, file_path: null,
  };
  if (v?.kind === 'process') {
    Object.assign(a, {
      process: v.process, parent_process_guid: normaliseGuid(v.parent_process_guid), parent_process_name: v.parent_process_name,
      parent_process_path: v.parent_process_path, parent_process: v.parent_process,
    });
  } else if (v?.kind === 'registry') {
    Object.assign(a, {
      registry_path: v.registry_path, registry_key_name: v.registry_key_name, registry_value_name: v.registry_value_name,
      registry_value_data: v.registry_value_data, registry_path_canonical: v.registry_path_canonical,
      registry_action: v.action, registry_scope: v.registry_scope,
    });
  } else if (v?.kind === 'filesystem' || v?.kind === 'image_load') {
    a.file_path = v.file_path;
  }
  return a;
}

function compareFindingEvents(a: FindingEvent, b: FindingEvent): number {
  const ta = a.time ?? '\uffff';
  const tb = b.time ?? '\uffff';
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.evidence !== b.evidence) return a.evidence < b.evidence ? -1 : 1;
  return (a.record_id ?? 0) - (b.record_id ?? 0);
}

/** Sorts `events` in time order and keeps the first `max`. */
function trimEvents(events: FindingEvent[], max: number): void {
  events.sort(compareFindingEvents);
  if (events.length > max) events.length = max;
}

/** Orders events within a finding independently of batch order: time, evidence, record id. */
function eventSortKey(e: NormalisedEvent): string {
  const t = e.time ?? '\uffff';
  return `${t}\u0000${e.evidence}\u0000${String(e.record_id ?? 0).padStart(20, '0')}`;
}

export class SigmaFindings {
  private readonly byRule = new Map<CompiledSigmaRule, Map<string, SigmaGroup>>();
  private readonly limits: SigmaLimits;
  private groupCount = 0;
  /** Events with at least one Sigma match. */
  matchedEvents = 0;
  /** Matches of a record already counted in the same finding (read twice). */
  duplicates = 0;
  /** Matches not kept because `maxFindings` findings already exist. */
  matchesDropped = 0;
  /** Rules whose matcher threw, by rule. */
  readonly ruleErrors = new Map<CompiledSigmaRule, SigmaRuleError>();

  constructor(private readonly ruleSet: SigmaRuleSet, limits: Partial<SigmaLimits> = {}) {
    this.limits = { ...DEFAULT_SIGMA_LIMITS, ...limits };
  }

  get rules(): readonly CompiledSigmaRule[] {
    return this.ruleSet.rules;
  }

  /**
   * Runs the rule set on `e` (identity `id`, null when unknown); returns the rules that matched.
   * `matches` reads the event once for all candidate rules; when it throws, the candidates are
   * run one by one so that only the failing rule is lost (and counted).
   */
  add(e: NormalisedEvent, id: string | null): readonly CompiledSigmaRule[] {
    let hits: readonly CompiledSigmaRule[];
    try {
      hits = this.ruleSet.matches(e);
    } catch {
      hits = this.oneByOne(e);
    }
    for (const rule of hits) this.count(rule, e, id);
    if (hits.length > 0) this.matchedEvents++;
    return hits;
  }

  private oneByOne(e: NormalisedEvent): CompiledSigmaRule[] {
    const out: CompiledSigmaRule[] = [];
    let cands: readonly CompiledSigmaRule[];
    try {
      cands = this.ruleSet.candidates(e);
    } catch {
      cands = this.ruleSet.rules;
    }
    for (const rule of cands) {
      try {
        if (rule.match(e)) out.push(rule);
      } catch (err) {
        this.ruleFailed(rule, err);
      }
    }
    return out;
  }

  /** Matched events per rule (each record counted once per finding). */
  matchedByRule(): Map<CompiledSigmaRule, number> {
    const out = new Map<CompiledSigmaRule, number>();
    for (const [rule, byDest] of this.byRule) {
      let n = 0;
      for (const g of byDest.values()) n += g.count;
      out.set(rule, n);
    }
    return out;
  }

  /** The findings' groups, each listing its earliest `maxEventsPerFinding` events in time order. */
  groups(): SigmaGroup[] {
    const out: SigmaGroup[] = [];
    for (const byDest of this.byRule.values()) out.push(...byDest.values());
    for (const g of out) trimEvents(g.events, this.limits.maxEventsPerFinding);
    return out;
  }

  private ruleFailed(rule: CompiledSigmaRule, err: unknown): void {
    const cur = this.ruleErrors.get(rule);
    if (cur) { cur.count++; return; }
    const message = err instanceof Error ? err.message : String(err);
    this.ruleErrors.set(rule, { rule_id: rule.meta.id, path: rule.meta.path, message: message.slice(0, 500), count: 1 });
  }

  private count(rule: CompiledSigmaRule, e: NormalisedEvent, id: string | null): void {
    const destKey = (e.dest ?? '').trim().toLowerCase();
    let byDest = this.byRule.get(rule);
    let g = byDest?.get(destKey);
    if (!g) {
      if (this.groupCount >= this.limits.maxFindings) { this.matchesDropped++; return; }
      if (!byDest) { byDest = new Map(); this.byRule.set(rule, byDest); }
      g = {
        rule, dest: (e.dest ?? '').trim(), count: 0, first_ms: null, first_time: null, last_ms: null, last_time: null,
        events: [], seen: new Set(), guids: [], actor: actorOf(e), actorKey: eventSortKey(e),
      };
      byDest.set(destKey, g);
      this.groupCount++;
    }
    if (id !== null) {
      if (g.seen.has(id)) { this.duplicates++; return; }
      if (g.seen.size < this.limits.maxIdentitiesPerFinding) g.seen.add(id);
    }
    g.count++;
    if (e.time !== null && e.time_ms !== null) {
      if (g.first_ms === null || e.time_ms < g.first_ms || (e.time_ms === g.first_ms && e.time < g.first_time!)) { g.first_ms = e.time_ms; g.first_time = e.time; }
      if (g.last_ms === null || e.time_ms > g.last_ms || (e.time_ms === g.last_ms && e.time > g.last_time!)) { g.last_ms = e.time_ms; g.last_time = e.time; }
    }
    const key = eventSortKey(e);
    if (key < g.actorKey) { g.actor = actorOf(e); g.actorKey = key; g.dest = (e.dest ?? '').trim(); }
    const guid = normaliseGuid(e.view?.process_guid ?? null);
    if (guid !== null && g.guids.length < this.limits.maxGuidsPerFinding && !g.guids.includes(guid)) g.guids.push(guid);
    // The earliest `maxEventsPerFinding` events, whatever order the batches came in: collect up to
    // twice the bound, then keep the earliest half (amortised O(log n) per event).
    g.events.push({ evidence: e.evidence, record_id: e.record_id, event_id: e.event_id, time: e.time, process_guid: guid });
    if (g.events.length >= 2 * this.limits.maxEventsPerFinding) trimEvents(g.events, this.limits.maxEventsPerFinding);
  }
}
