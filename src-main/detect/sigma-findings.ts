/**
 * Sigma matches aggregated into findings: one per (rule, dest). Every event goes through the
 * rule set (`matches`: its candidates by channel and EventID, each checked); a finding
 * keeps its count, first/last time, the distinct matched events (a record read twice, e.g. an
 * .evtx and its XML export, counts once: `eventIdentity`), the process guids it saw, and the
 * acting process of its earliest event (from the event's CIM view) for the join and the pivots.
 *
 * The same evidence gives the same findings whatever the worker count and the order batches
 * arrive in. Bounded (rule files and evidence are attacker-controlled), each bound filled by a rule
 * that does not depend on arrival order:
 * - findings: at most `maxFindings`; past it the keys (rule id, origin, path, dest) that sort first
 *   are kept (a key that sorts after `maxFindings` others is evicted or never made) and the matches
 *   of the others are counted (`matchesDropped`);
 * - listed events: each finding lists its earliest events by (time, evidence, record id, event id),
 *   at most `maxEventsPerFinding`; when all findings together would list more than
 *   `maxStoredEvents`, the per-finding number is halved until they fit (never below the share
 *   `maxStoredEvents / maxFindings`; `events_truncated` marks a finding listing fewer than it counts);
 * - process guids: the `maxGuidsPerFinding` that sort first;
 * - identities for the dedupe: `maxIdentitiesPerFinding` per finding, `maxIdentities` in all; past
 *   them a record read twice may count twice (the one bound that depends on order, and only for
 *   evidence holding the same records twice).
 * A rule whose matcher throws is counted per rule, with the message of the failing event that sorts
 * first, and never stops the others.
 */
import type { NormalisedEvent } from '../model/event';
import { normaliseGuid } from '../model/guid';
import type { FindingEvent } from './findings';
import type { CompiledSigmaRule, SigmaRuleSet } from './sigma/types';
import { actorOf, eventSortKey, type SigmaActor } from './sigma-actor';
import { compareFindingEvents, trimEvents } from './finding-event-order';
import { DEFAULT_SIGMA_LIMITS, type SigmaLimits } from './sigma-limits';
import { addSortedDistinct } from './sorted-distinct';
import { EventKeys } from './event-keys';

export interface SigmaGroup {
  rule: CompiledSigmaRule;
  /** The host as the earliest event wrote it ('' when unknown). */
  dest: string;
  count: number;
  first_ms: number | null;
  first_time: string | null;
  last_ms: number | null;
  last_time: string | null;
  /** The earliest events (at most twice the per-finding bound until `groups()` trims them). */
  events: FindingEvent[];
  /**
   * Identities counted (null until the first), each with its listed event: of a record read twice,
   * the copy listed is the one that sorts first (`compareFindingEvents`), whatever came first.
   */
  seen: Map<string, FindingEvent> | null;
  /** Matches of this key, duplicates included (what is dropped when the finding is evicted). */
  matches: number;
  /** Distinct process guids of the matched events (the `maxGuidsPerFinding` that sort first, sorted). */
  guids: string[];
  actor: SigmaActor;
  /** Sort key of the event the actor came from: the earliest. */
  actorKey: string;
  /** The finding's key in the findings cap's order (`groupKey`). */
  key: string;
}

export interface SigmaRuleError {
  rule_id: string;
  path: string;
  /** The message of the failing event that sorts first (time, evidence, record id, event id), whatever failed first. */
  message: string;
  count: number;
}

/** A finding's place in the findings cap's order: the rule (id, origin, path), then the host. */
function groupKey(rule: CompiledSigmaRule, destKey: string): string {
  return `${rule.meta.id}\u0000${rule.meta.origin}\u0000${rule.meta.path}\u0000${destKey}`;
}

export class SigmaFindings {
  private readonly byRule = new Map<CompiledSigmaRule, Map<string, SigmaGroup>>();
  private readonly limits: SigmaLimits;
  private groupCount = 0;
  /** Findings evicted or never made: a key sorting at or after it is not kept (null: none yet). */
  private threshold: string | null = null;
  /** More distinct keys than `maxFindings` were seen (known once a finding was evicted, or in `groups()`). */
  private overflow = false;
  /** Events listed per finding now, and the least it may become (its share of `maxStoredEvents`). */
  private perFinding: number;
  private readonly perFindingFloor: number;
  /** Σ min(count, perFinding) over the findings: what they list once trimmed. */
  private stored = 0;
  private identities = 0;
  /** Listed events a trim dropped (a copy read twice that sorts first may bring one back). */
  private readonly unlisted = new WeakSet<FindingEvent>();
  private matchesTotal = 0;
  private finalGroups: SigmaGroup[] | null = null;
  /** Events with at least one Sigma match. */
  matchedEvents = 0;
  /** Matches of a record already counted in the same finding (read twice), over the findings kept. */
  get duplicates(): number {
    let n = 0;
    for (const g of this.groups()) n += g.matches - g.count;
    return n;
  }
  /** Rules whose matcher threw, by rule. */
  readonly ruleErrors = new Map<CompiledSigmaRule, SigmaRuleError>();
  /** Per failing rule, the sort key of the event its message came from. */
  private readonly errorKeys = new Map<CompiledSigmaRule, string>();

  constructor(private readonly ruleSet: SigmaRuleSet, limits: Partial<SigmaLimits> = {}) {
    const l = { ...DEFAULT_SIGMA_LIMITS, ...limits };
    l.maxFindings = Math.max(1, Math.floor(l.maxFindings));
    l.maxEventsPerFinding = Math.max(1, Math.floor(l.maxEventsPerFinding));
    this.limits = l;
    this.perFinding = l.maxEventsPerFinding;
    // With at most maxFindings + slack findings, this share always fits in the budget.
    this.perFindingFloor = Math.min(l.maxEventsPerFinding, Math.max(1, Math.floor(l.maxStoredEvents / (l.maxFindings + this.slack))));
  }

  /** Findings held past `maxFindings` before the ones sorting last are evicted (amortises the sort). */
  private get slack(): number {
    return Math.max(1, Math.ceil(this.limits.maxFindings / 4));
  }

  get rules(): readonly CompiledSigmaRule[] {
    return this.ruleSet.rules;
  }

  /** Matches not kept: those of the (rule, dest) keys past `maxFindings` (duplicates included). */
  get matchesDropped(): number {
    let kept = 0;
    for (const g of this.groups()) kept += g.matches;
    return this.matchesTotal - kept;
  }

  /** Events each finding lists (at most); below `maxEventsPerFinding` when `maxStoredEvents` cut it. */
  get eventsPerFinding(): number {
    this.groups();
    return this.perFinding;
  }

  /**
   * Runs the rule set on `e` (identity `id`, null when unknown, or the keys that make it, only
   * for an event that matches); returns the rules that matched.
   * `matches` reads the event once for all candidate rules; when it throws, the candidates are
   * run one by one so that only the failing rule is lost (and counted).
   */
  add(e: NormalisedEvent, id: string | null | EventKeys): readonly CompiledSigmaRule[] {
    if (this.finalGroups !== null) throw new Error('SigmaFindings: add() after groups()');
    let hits: readonly CompiledSigmaRule[];
    try {
      hits = this.ruleSet.matches(e);
    } catch {
      hits = this.oneByOne(e);
    }
    if (hits.length === 0) return hits;
    const identity = id instanceof EventKeys ? id.identity(e) : id;
    for (const rule of hits) this.count(rule, e, identity);
    this.matchedEvents++;
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
        this.ruleFailed(rule, err, e);
      }
    }
    return out;
  }

  /** Matched events per rule (each record counted once per finding), over the findings kept. */
  matchedByRule(): Map<CompiledSigmaRule, number> {
    const out = new Map<CompiledSigmaRule, number>();
    for (const g of this.groups()) out.set(g.rule, (out.get(g.rule) ?? 0) + g.count);
    return out;
  }

  /**
   * The findings' groups in key order, each listing its earliest `eventsPerFinding` events in
   * time order. Ends the intake: the bounds are applied once, to the final counts.
   */
  groups(): SigmaGroup[] {
    if (this.finalGroups !== null) return this.finalGroups;
    const all: SigmaGroup[] = [];
    for (const byDest of this.byRule.values()) all.push(...byDest.values());
    all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (all.length > this.limits.maxFindings) {
      this.overflow = true;
      all.length = this.limits.maxFindings;
    }
    if (this.overflow) this.perFinding = this.perFindingFloor;
    else {
      this.stored = 0;
      for (const g of all) this.stored += Math.min(g.count, this.perFinding);
      this.fitStored(all);
    }
    for (const g of all) trimEvents(g.events, this.perFinding, this.unlisted);
    this.finalGroups = all;
    return all;
  }

  private ruleFailed(rule: CompiledSigmaRule, err: unknown, e: NormalisedEvent): void {
    const key = eventSortKey(e);
    const cur = this.ruleErrors.get(rule);
    if (cur) cur.count++;
    if (cur && key >= this.errorKeys.get(rule)!) return;
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    this.errorKeys.set(rule, key);
    if (cur) cur.message = message;
    else this.ruleErrors.set(rule, { rule_id: rule.meta.id, path: rule.meta.path, message, count: 1 });
  }

  /**
   * Halves the events listed per finding while the findings `groups` list more than
   * `maxStoredEvents`. The counts only grow, so a halving made now is one the final counts need too.
   */
  private fitStored(groups: Iterable<SigmaGroup>): void {
    if (this.stored <= this.limits.maxStoredEvents || this.perFinding <= this.perFindingFloor) return;
    const list = [...groups];
    while (this.stored > this.limits.maxStoredEvents && this.perFinding > this.perFindingFloor) {
      this.perFinding = Math.max(this.perFindingFloor, Math.floor(this.perFinding / 2));
      this.stored = 0;
      for (const g of list) {
        this.stored += Math.min(g.count, this.perFinding);
        if (g.events.length > this.perFinding) trimEvents(g.events, this.perFinding, this.unlisted);
      }
    }
  }

  /** Lists `ev` among the earliest events of `g`: collect up to twice the bound, then keep the earliest half. */
  private listEvent(g: SigmaGroup, ev: FindingEvent): void {
    g.events.push(ev);
    if (g.events.length >= 2 * this.perFinding) trimEvents(g.events, this.perFinding, this.unlisted);
  }

  private *liveGroups(): Generator<SigmaGroup> {
    for (const byDest of this.byRule.values()) yield* byDest.values();
  }

  /** Past `maxFindings` + slack findings: keeps the `maxFindings` whose keys sort first. */
  private evict(): void {
    const all = [...this.liveGroups()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const gone = all.slice(this.limits.maxFindings);
    if (gone.length === 0) return;
    this.overflow = true;
    this.threshold = gone[0]!.key;
    for (const g of gone) {
      this.byRule.get(g.rule)!.delete(g.key.slice(groupKey(g.rule, '').length));
      this.groupCount--;
      this.stored -= Math.min(g.count, this.perFinding);
      this.identities -= g.seen?.size ?? 0;
    }
  }

  private count(rule: CompiledSigmaRule, e: NormalisedEvent, id: string | null): void {
    this.matchesTotal++;
    const destKey = (e.dest ?? '').trim().toLowerCase();
    let byDest = this.byRule.get(rule);
    let g = byDest?.get(destKey);
    if (!g) {
      const key = groupKey(rule, destKey);
      if (this.threshold !== null && key >= this.threshold) return; // sorts after maxFindings others
      if (!byDest) { byDest = new Map(); this.byRule.set(rule, byDest); }
      g = {
        rule, dest: (e.dest ?? '').trim(), count: 0, first_ms: null, first_time: null, last_ms: null, last_time: null,
        events: [], seen: null, matches: 0, guids: [], actor: actorOf(e), actorKey: eventSortKey(e), key,
      };
      byDest.set(destKey, g);
      this.groupCount++;
      if (this.groupCount > this.limits.maxFindings + this.slack) {
        this.evict();
        if (!byDest.has(destKey)) return;
      }
    }
    g.matches++;
    // The actor is that of the event that sorts first, a copy of a record read twice included.
    const key = eventSortKey(e);
    if (key < g.actorKey) { g.actor = actorOf(e); g.actorKey = key; g.dest = (e.dest ?? '').trim(); }
    const guid = normaliseGuid(e.view?.process_guid ?? null);
    const listed: FindingEvent = { evidence: e.evidence, record_id: e.record_id, event_id: e.event_id, time: e.time, process_guid: guid };
    if (id !== null) {
      const copy = g.seen?.get(id);
      if (copy !== undefined) { // a duplicate: in `matches`, not in `count`
        if (compareFindingEvents(listed, copy) < 0) {
          Object.assign(copy, listed);
          // trimmed as it sorted before: it may be among the earliest now
          if (this.unlisted.delete(copy)) this.listEvent(g, copy);
        }
        return;
      }
      if ((g.seen?.size ?? 0) < this.limits.maxIdentitiesPerFinding && this.identities < this.limits.maxIdentities) {
        (g.seen ??= new Map()).set(id, listed);
        this.identities++;
      }
    }
    g.count++;
    if (e.time !== null && e.time_ms !== null) {
      if (g.first_ms === null || e.time_ms < g.first_ms || (e.time_ms === g.first_ms && e.time < g.first_time!)) { g.first_ms = e.time_ms; g.first_time = e.time; }
      if (g.last_ms === null || e.time_ms > g.last_ms || (e.time_ms === g.last_ms && e.time > g.last_time!)) { g.last_ms = e.time_ms; g.last_time = e.time; }
    }
    if (guid !== null) addSortedDistinct(g.guids, guid, this.limits.maxGuidsPerFinding);
    // The earliest events, whatever order the batches came in: collect up to twice the bound, then
    // keep the earliest half (amortised O(log n) per event).
    this.listEvent(g, listed);
    if (g.count <= this.perFinding) {
      this.stored++;
      if (this.stored > this.limits.maxStoredEvents) this.fitStored(this.liveGroups());
    }
  }
}
