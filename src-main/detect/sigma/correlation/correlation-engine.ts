/**
 * The streaming correlation engine (Sigma correlation rules specification 2.1.0). It is fed every
 * match of a referenced rule, from any file in any order, keeps the hits per (correlation, group)
 * within fixed bounds, and evaluates the windows in `finish()`, when all hits are known, so that
 * the result does not depend on the order of arrival.
 *
 *   const engine = new CorrelationEngine(correlations);
 *   engine.add({ ruleId, ruleName, timeMs, field: (n) => value, ref });   // every base-rule match
 *   const matches = engine.finish();
 *   engine.suppressBase(ruleId, ruleName);   // true: a correlation with `generate: false` uses it
 *
 * - Groups (spec "Grouping"): one per distinct tuple of group-by values; a hit lacking one of them
 *   is in no group (counted in `stats.ungrouped`), as `stats … by` drops it. Values are compared as
 *   the strings `field()` returns.
 * - Aliases (spec "Field Name Aliases"): a group-by name (or the value_count field) that is an
 *   alias is read, in a hit of rule R, from the field the alias gives for R (by the reference as
 *   written in `rules`: the rule's id or name); without an entry for R, from the field of that name.
 * - Chaining (spec "Related rules": "Refers to one or multiple Sigma or Correlations rules"): a
 *   correlation's matches are hits of the correlations that reference it, with its group-by values
 *   as their only fields (the spec's note: the outer correlation "only uses its own group-by"):
 *   once, at the fire time, for a counting correlation; at every time the condition held for a
 *   temporal one. Correlations are evaluated inner first; a reference cycle is an error.
 * - Bounds (hits per group, groups per correlation, hits in all: evidence is attacker-controlled):
 *   each keeps what sorts first, whatever the arrival order: a group's earliest hits (time, rule,
 *   the refs' order), the groups whose keys sort first, the earliest hits over all groups (the
 *   one approximation: when the groups cap and the total cap both cut, hits of a group evicted
 *   later may have taken part of the total). An inner correlation's matches are entered in
 *   `finish`, in its fixed order, within what is left.
 * - Generate (spec "Generate"): by default only the correlation is output, not the rules it refers
 *   to; as in pySigma, a rule referenced by any correlation without `generate: true` is suppressed.
 */
import type { SigmaLoadError } from '../types';
import { EarliestBuckets } from '../../earliest-buckets';
import type { Burst, Entry } from './bursts';
import { sortEntries } from './bursts';
import type { CorrelationHit, CorrelationLimits, CorrelationMatch, CorrelationRef, CorrelationRule, CorrelationStats } from './correlation-types';
import { DEFAULT_CORRELATION_LIMITS } from './correlation-types';
import { boundedKey, shownValue } from './bounded-value';
import { orderedBursts } from './ordered-chains';
import { referenceOrder } from './reference-order';
import { slidingBursts } from './sliding-windows';

interface Group<T> {
  /** The group-by values as shown (cut when long) and as compared (boundedKey). */
  values: string[];
  keys: string[];
  entries: Entry<CorrelationRef<T>>[];
  /** Entries that are inner correlations' matches: bounded apart, so they never crowd out event hits. */
  chained: number;
}

interface Listener {
  corr: number;
  /** Position in the correlation's `rules`. */
  pos: number;
}

export class CorrelationEngine<T = unknown> {
  readonly rules: readonly CorrelationRule[];
  /** Correlations that cannot run (duplicate id or name, reference cycles). */
  readonly errors: readonly SigmaLoadError[];
  readonly stats: CorrelationStats = { hits: 0, untimed: 0, ungrouped: 0, valueless: 0, droppedHits: 0, droppedMatches: 0 };
  private readonly limits: CorrelationLimits;
  private readonly order: number[];
  private readonly listeners = new Map<string, Listener[]>();
  private readonly groups: Map<string, Group<T>>[];
  private readonly suppressed = new Set<string>();
  private kept = 0;
  private seq = 0;
  /** Event hits by (correlation, group) until `finish` hands them to their groups: the earliest kept. */
  private readonly eventHits: EarliestBuckets<Entry<CorrelationRef<T>>>;
  /** Per correlation, the first group key evicted by the groups cap (keys at or after it are not kept). */
  private readonly groupThreshold: (string | undefined)[];
  private finishing = false;
  private result: CorrelationMatch<T>[] | null = null;
  private readonly matchKeys = new WeakMap<CorrelationMatch<T>, string[]>();

  /** `compareRefs`: a total order of the events' refs (ties of time and rule; without it, arrival order). */
  constructor(rules: readonly CorrelationRule[], limits: Partial<CorrelationLimits> = {}, private readonly compareRefs: ((a: T, b: T) => number) | null = null) {
    this.rules = rules;
    this.limits = { ...DEFAULT_CORRELATION_LIMITS, ...limits };
    const { order, errors } = referenceOrder(rules);
    this.order = order;
    this.errors = errors;
    this.groups = rules.map(() => new Map());
    this.groupThreshold = rules.map(() => undefined);
    this.eventHits = new EarliestBuckets(this.limits.maxHits, this.limits.maxHitsPerGroup, this.entryOrder);
    for (const c of order) {
      const rule = rules[c]!;
      rule.rules.forEach((ref, pos) => {
        const list = this.listeners.get(ref) ?? [];
        list.push({ corr: c, pos });
        this.listeners.set(ref, list);
        if (!rule.generate) this.suppressed.add(ref);
      });
    }
  }

  /** One match of a rule (any order of arrival). Hits of rules no correlation references are ignored. */
  add(hit: CorrelationHit<T>): void {
    if (this.result !== null) throw new Error('CorrelationEngine.add after finish');
    this.route(hit, { kind: 'event', ref: hit.ref });
  }

  /** Is this rule's own output replaced by a correlation (`generate` false, the default)? */
  suppressBase(ruleId: string, ruleName: string | null = null): boolean {
    return this.suppressed.has(ruleId) || (ruleName !== null && this.suppressed.has(ruleName));
  }

  /** Evaluates every correlation (inner ones first) and returns all matches, inner ones included. */
  finish(): CorrelationMatch<T>[] {
    if (this.result !== null) return this.result;
    this.settleEventHits();
    const out: CorrelationMatch<T>[] = [];
    for (const c of this.order) {
      const rule = this.rules[c]!;
      const matches = this.evaluate(c);
      for (const m of matches) {
        out.push(m);
        // Its fields for the outer correlation: its group-by values as compared (not as shown).
        const keys = this.matchKeys.get(m)!;
        const field = (n: string): string | null => {
          const i = rule.groupBy.indexOf(n);
          return i < 0 ? null : keys[i]!;
        };
        const hit: CorrelationHit<T> = { ruleId: rule.id ?? '', ruleName: rule.name, timeMs: m.fireMs, field, ref: undefined as T };
        this.route(hit, { kind: 'correlation', match: m }, m.heldMs);
      }
      this.groups[c]!.clear();
    }
    this.result = out;
    return out;
  }

  /** `held`: for an inner correlation's match, every time its condition held. */
  private route(hit: CorrelationHit<T>, ref: CorrelationRef<T>, held: readonly number[] | null = null): void {
    const byId = hit.ruleId === '' ? undefined : this.listeners.get(hit.ruleId);
    const byName = hit.ruleName === null || hit.ruleName === hit.ruleId ? undefined : this.listeners.get(hit.ruleName);
    if (byId === undefined && byName === undefined) return;
    this.stats.hits++;
    // A correlation may name one rule twice (by id and by name): a hit still counts once per correlation.
    const lists = byId === undefined ? [byName!] : byName === undefined ? [byId] : [byId, byName];
    let entered: number[] | null = null;
    for (const list of lists) {
      for (const l of list) {
        if (lists.length > 1 || list.length > 1) {
          if (entered?.includes(l.corr)) continue;
          (entered ??= []).push(l.corr);
        }
        this.enter(l, hit, ref, held);
      }
    }
  }

  private enter(l: Listener, hit: CorrelationHit<T>, ref: CorrelationRef<T>, held: readonly number[] | null): void {
    const rule = this.rules[l.corr]!;
    if (!Number.isFinite(hit.timeMs)) {
      this.stats.untimed++;
      return;
    }
    const reference = rule.rules[l.pos]!;
    let key = '';
    for (const g of rule.groupBy) {
      const v = hit.field(fieldFor(rule, g, reference));
      if (v === null || v === undefined) {
        this.stats.ungrouped++;
        return;
      }
      const k = boundedKey(v);
      key += `${k.length}:${k}`; // length-prefixed: no two tuples share a key
    }
    let value: string | null = null;
    if (rule.type === 'value_count') {
      const fields = rule.condition.field!;
      value = '';
      for (const f of fields) {
        const v = hit.field(fieldFor(rule, f, reference));
        if (v === null || v === undefined) {
          this.stats.valueless++;
          return;
        }
        const k = boundedKey(v);
        value = fields.length === 1 ? k : `${value}${k.length}:${k}`;
      }
    }
    const groups = this.groups[l.corr]!;
    let group = groups.get(key);
    if (group === undefined) {
      const max = this.limits.maxGroupsPerRule;
      const threshold = this.groupThreshold[l.corr];
      if (this.finishing ? groups.size >= max : threshold !== undefined && key >= threshold) {
        this.stats.droppedHits++;
        return;
      }
      const raw = rule.groupBy.map((g) => hit.field(fieldFor(rule, g, reference))!);
      group = { values: raw.map(shownValue), keys: raw.map(boundedKey), entries: [], chained: 0 };
      groups.set(key, group);
      if (!this.finishing && groups.size > max + Math.max(1, max >> 2)) {
        this.evictGroups(l.corr);
        if (!groups.has(key)) {
          this.stats.droppedHits++;
          return;
        }
      }
    }
    const chained = ref.kind === 'correlation';
    if (!chained) {
      this.eventHits.add(`${l.corr}\u0000${key}`, { timeMs: hit.timeMs, rule: l.pos, value, seq: this.seq++, ref });
      return;
    }
    // An inner correlation is, for temporal proximity, present whenever its condition held: a
    // burst of an hour can precede the next rule's hit at its end as well as at its start. Counting
    // correlations see it once (one match, one event).
    const times = held !== null && (rule.type === 'temporal' || rule.type === 'temporal_ordered') ? held : [hit.timeMs];
    for (const timeMs of times) {
      if (group.chained >= this.limits.maxHitsPerGroup || this.kept >= this.limits.maxHits) {
        this.stats.droppedHits++;
        continue;
      }
      this.kept++;
      group.chained++;
      group.entries.push({ timeMs, rule: l.pos, value, seq: this.seq++, ref });
    }
  }

  /** Keeps the `maxGroupsPerRule` groups of correlation `c` whose keys sort first; the others' hits are dropped. */
  private evictGroups(c: number): void {
    const groups = this.groups[c]!;
    const keys = [...groups.keys()].sort();
    const gone = keys.slice(this.limits.maxGroupsPerRule);
    if (gone.length === 0) return;
    this.groupThreshold[c] = gone[0]!;
    for (const k of gone) {
      groups.delete(k);
      this.eventHits.removeName(`${c}\u0000${k}`);
    }
  }

  /** The event hits kept (the earliest, within every cap) into their groups, before any inner correlation's matches. */
  private settleEventHits(): void {
    this.finishing = true;
    this.groups.forEach((groups, c) => { if (groups.size > this.limits.maxGroupsPerRule) this.evictGroups(c); });
    this.stats.droppedHits += this.eventHits.dropped;
    this.groups.forEach((groups, c) => {
      for (const [key, g] of groups) {
        g.entries.push(...this.eventHits.get(`${c}\u0000${key}`));
        this.kept += g.entries.length;
      }
    });
  }

  /** Event hits in the order the caps keep them: time, rule, the refs' order, arrival. */
  private readonly entryOrder = (a: Entry<CorrelationRef<T>>, b: Entry<CorrelationRef<T>>): number =>
    a.timeMs - b.timeMs || a.rule - b.rule || this.tie(a.ref, b.ref) || a.seq - b.seq;

  /** Entries of equal time and rule: events in the refs' order (an inner correlation's matches come in `finish` order). */
  private readonly tie = (a: CorrelationRef<T>, b: CorrelationRef<T>): number =>
    (this.compareRefs !== null && a.kind === 'event' && b.kind === 'event' ? this.compareRefs(a.ref, b.ref) : 0);

  private evaluate(c: number): CorrelationMatch<T>[] {
    const rule = this.rules[c]!;
    const out: CorrelationMatch<T>[] = [];
    const groups = [...this.groups[c]!.values()].sort((a, b) => compare(a.keys, b.keys));
    for (const g of groups) {
      sortEntries(g.entries, this.tie);
      const bursts = rule.type === 'temporal_ordered'
        ? orderedBursts(g.entries, rule.timespanMs, rule.rules.length)
        : slidingBursts(g.entries, rule.type, rule.condition, rule.timespanMs, rule.rules.length);
      for (const b of bursts) {
        if (out.length >= this.limits.maxMatchesPerRule) {
          this.stats.droppedMatches++;
          continue;
        }
        out.push(this.toMatch(rule, g, b));
      }
    }
    return out.sort((a, b) => a.fireMs - b.fireMs || a.firstMs - b.firstMs);
  }

  private toMatch(rule: CorrelationRule, g: Group<T>, b: Burst): CorrelationMatch<T> {
    const group: Record<string, string> = {};
    rule.groupBy.forEach((name, i) => (group[name] = g.values[i]!));
    // An inner correlation's match may be entered at several times: it is one event, listed once.
    const distinct = (seen: Set<CorrelationMatch<T>>, i: number): boolean => {
      const r = g.entries[i]!.ref;
      if (r.kind === 'event') return true;
      if (seen.has(r.match)) return false;
      seen.add(r.match);
      return true;
    };
    const all = new Set<CorrelationMatch<T>>();
    let events = 0;
    for (const i of b.members) if (distinct(all, i)) events++;
    const cap = this.limits.maxRefsPerMatch;
    const listed = new Set<CorrelationMatch<T>>();
    const picked = new Set<number>();
    for (const list of [b.priority, b.members]) {
      for (const i of list) {
        if (picked.size >= cap) break;
        if (!picked.has(i) && distinct(listed, i)) picked.add(i);
      }
    }
    const refs = [...picked].sort((x, y) => x - y).map((i) => g.entries[i]!.ref);
    const match: CorrelationMatch<T> = { rule, group, firstMs: b.firstMs, lastMs: b.lastMs, fireMs: b.fireMs, heldMs: b.heldMs, count: b.count, events, refs, refsDropped: events - refs.length };
    this.matchKeys.set(match, g.keys);
    return match;
  }
}

/** The field holding `name` in the events of the referenced rule (spec "Field Name Aliases"). */
function fieldFor(rule: CorrelationRule, name: string, reference: string): string {
  return rule.aliases.get(name)?.get(reference) ?? name;
}

function compare(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}
