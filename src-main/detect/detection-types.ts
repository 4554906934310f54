/**
 * What a detection session (detection-session.ts) is given and what it gives back: its options,
 * its result, and the counts of what ran, matched and was cut by a bound.
 */
import type { StoreLimits } from './evidence-store';
import type { Finding } from './findings';
import type { Pivots } from './pivots';
import type { PreparedCorrelations } from './sigma-correlations';
import type { SigmaRuleError } from './sigma-findings';
import type { SigmaLimits } from './sigma-limits';
import type { SigmaRuleSet } from './sigma/types';
import type { CorrelationLimits, CorrelationStats } from './sigma/correlation/correlation-types';

export interface DetectionOptions extends Partial<StoreLimits> {
  /** Parallel-process window either side of the write, ms (default 5 min). */
  parallelWindowMs?: number;
  maxProcesses?: number;
  /** Distinct writer processes kept per finding row (default 1000; the rest are counted only). */
  maxWritersPerGroup?: number;
  /** YYYY-MM-DD for suppression expiry (default: today, UTC). */
  today?: string;
  /** A compiled Sigma rule set run on every event (none: built-in rules only). */
  sigma?: SigmaRuleSet | null;
  /** Bounds of the Sigma findings (sigma-findings.ts DEFAULT_SIGMA_LIMITS). */
  sigmaLimits?: Partial<SigmaLimits>;
  /** Sigma correlation rules (sigma-correlations.ts prepareCorrelations), fed the matches of `sigma`. */
  sigmaCorrelations?: PreparedCorrelations | null;
  /** Bounds of the correlation engine (correlation-types.ts DEFAULT_CORRELATION_LIMITS). */
  correlationLimits?: Partial<CorrelationLimits>;
}

export interface RuleStats {
  rule_id: string;
  rule_name: string;
  findings: number;
  suppressed: number;
  events: number;
}

export interface SigmaStats {
  /** Rules run. */
  rules: number;
  /** Events with at least one Sigma match. */
  matchedEvents: number;
  /** Matches of a record already counted in the same finding (read twice). */
  duplicateMatches: number;
  findings: number;
  suppressed: number;
  /** Rules with at least one finding. */
  byRule: RuleStats[];
  /** Rules whose matcher threw (the rest ran on). */
  ruleErrors: SigmaRuleError[];
  /**
   * Events each Sigma finding lists at most: `sigmaLimits.maxEventsPerFinding`, less when the
   * findings together would list more than `maxStoredEvents` (sigma-findings.ts).
   */
  eventsPerFinding: number;
  /** Correlation rules run, their findings, and the engine's counts (null: no correlation ran). */
  correlations: { rules: number; findings: number; droppedFindings: number; suppressedBaseFindings: number; duplicateHits: number; engine: CorrelationStats } | null;
}

export interface DetectionStats {
  events: number;
  registryEvents: number;
  matchedEvents: number;
  /** Matched events counted once although read more than once (same dest, channel, record id). */
  duplicateMatches: number;
  findings: number;
  suppressed: number;
  processes: number;
  processStarts: number;
  byRule: RuleStats[];
  /** Null when no Sigma rule set ran. */
  sigma: SigmaStats | null;
  /**
   * What the bounds cut (0 everywhere on ordinary evidence). `sigmaMatches`: matches of the
   * (rule, dest) keys past the Sigma findings cap (`sigmaLimits.maxFindings`, 200,000): the keys
   * kept are the ones sorting first by (rule id, origin, path, dest), whatever the arrival order.
   */
  dropped: { processes: number; timelineEntries: number; fileRefs: number; imageLoads: number; registryRefs: number; writers: number; sigmaMatches: number };
}

export interface DetectionResult {
  findings: Finding[];
  stats: DetectionStats;
  /** Parallel processes of a finding with another window (the UI widens it). */
  parallel(findingId: string, windowMs: number): Pivots['parallel'] | null;
  /** Timeline of any process of the evidence (the analyst follows the tree to a parent or child). */
  timeline(dest: string, processGuid: string): Pivots['timeline'];
  /** Process tree of any process of the evidence. */
  tree(dest: string, processGuid: string): Pivots['tree'];
}
