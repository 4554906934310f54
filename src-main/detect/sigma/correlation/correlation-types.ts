/**
 * The shapes of Sigma correlation rules (Sigma correlation rules specification 2.1.0,
 * SigmaHQ/sigma-specification `specification/sigma-correlation-rules-specification.md`) and of
 * what the correlation engine takes in and gives out. Parsing: `parse-correlation.ts`; matching:
 * `correlation-engine.ts`.
 */
import type { SigmaLevel } from '../types';

export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';
export const CORRELATION_TYPES: readonly CorrelationType[] = ['event_count', 'value_count', 'temporal', 'temporal_ordered'];

/** Spec "Condition": `gt`, `gte`, `lt`, `lte`, `eq`, `neq`; several in one map are joined by AND (a range). */
export type CorrelationOperator = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';
export const CORRELATION_OPERATORS: readonly CorrelationOperator[] = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'];

export interface CorrelationBound {
  op: CorrelationOperator;
  value: number;
}

export interface CorrelationCondition {
  /** All must hold (AND). For `temporal` without a condition: `gte` the number of rules (pySigma's default). */
  bounds: CorrelationBound[];
  /** `value_count` only: the field(s) whose distinct values are counted; several are one combined value (AND). */
  field: string[] | null;
}

export interface CorrelationRule {
  /** `id` (optional in the spec); references to this correlation use it or `name`. */
  id: string | null;
  name: string | null;
  title: string;
  level: SigmaLevel | null;
  status: string | null;
  author: string | null;
  description: string | null;
  date: string | null;
  modified: string | null;
  references: string[];
  falsepositives: string[];
  tags: string[];
  /** The rule file, relative to its rule-set root, `/` separated. */
  path: string;
  /** Which set it came from: `sigmahq` (bundled) or the user's `--rules` path. */
  origin: string;
  type: CorrelationType;
  /** The referenced rules (Sigma rules or correlations), by id or name, in the order written. */
  rules: string[];
  /** Group-by names as written (aliases included); empty: one group for everything. */
  groupBy: string[];
  /** The timespan as written (`15m`) and in milliseconds. */
  timespan: string;
  timespanMs: number;
  condition: CorrelationCondition;
  /** Spec "Generate": also output the referenced rules' own matches (default false). */
  generate: boolean;
  /** alias name → (referenced rule id or name → the field holding it in that rule's events). */
  aliases: Map<string, Map<string, string>>;
}

/** One match of a referenced rule, as the engine receives it. */
export interface CorrelationHit<T> {
  ruleId: string;
  ruleName: string | null;
  /** Event time, epoch milliseconds. */
  timeMs: number;
  /** The event's value of a field (after the loader's field mapping), null when absent. */
  field(name: string): string | null;
  ref: T;
}

/** A contributing event: a base hit's ref, or a match of a chained (inner) correlation. */
export type CorrelationRef<T> = { kind: 'event'; ref: T } | { kind: 'correlation'; match: CorrelationMatch<T> };

export interface CorrelationMatch<T> {
  rule: CorrelationRule;
  /** group-by name → value, in the order of `rule.groupBy`. */
  group: Record<string, string>;
  /** Earliest contributing event and latest window end of this burst, epoch ms. */
  firstMs: number;
  lastMs: number;
  /** When the condition first held (the end of the first window that matched): the time a chained correlation sees. */
  fireMs: number;
  /**
   * Every time the condition held in this burst (each matching window's end, each chain's last
   * hit), ascending; `heldMs[0] === fireMs`. A chained `temporal`/`temporal_ordered` correlation
   * sees the inner match at each of these times, so a long burst is "happening" throughout.
   */
  heldMs: number[];
  /**
   * The metric the condition was tested on, its largest value over the burst's matching windows:
   * events (`event_count`), distinct values (`value_count`), distinct referenced rules (`temporal`),
   * rules seen in order (`temporal_ordered`).
   */
  count: number;
  /** Events in the burst (the union of its matching windows). */
  events: number;
  /** Contributing events in time order, at most `maxRefsPerMatch`; `refsDropped` counts the rest. */
  refs: CorrelationRef<T>[];
  refsDropped: number;
}

export interface CorrelationLimits {
  /** Hits kept per (correlation, group): the earliest (time, rule, the refs' order); the rest are counted in `stats.droppedHits`. */
  maxHitsPerGroup: number;
  /** Groups per correlation: those whose keys sort first; hits of the others are counted in `stats.droppedHits`. */
  maxGroupsPerRule: number;
  /** Hits kept over all correlations: the earliest. */
  maxHits: number;
  /** Refs listed per match. */
  maxRefsPerMatch: number;
  /** Matches kept per correlation; the rest are counted in `stats.droppedMatches`. */
  maxMatchesPerRule: number;
}

export const DEFAULT_CORRELATION_LIMITS: CorrelationLimits = {
  maxHitsPerGroup: 10_000,
  maxGroupsPerRule: 100_000,
  maxHits: 1_000_000,
  maxRefsPerMatch: 50,
  maxMatchesPerRule: 10_000,
};

export interface CorrelationStats {
  hits: number;
  /** Hits without a usable time (not a finite number): they cannot be placed in a window. */
  untimed: number;
  /** Hits of a referenced rule without every group-by field (they belong to no group, as in `stats … by`). */
  ungrouped: number;
  /** `value_count` hits without the counted field (not counted, as `dc()` skips nulls). */
  valueless: number;
  droppedHits: number;
  droppedMatches: number;
}
