/**
 * The Finding: one row of a rule's stats table, with the join, the risk story and the pivots. Its
 * fields are the one finding shape (shared/contract-finding.ts), declared there once; this adds
 * what only detection holds (the rule's own Sigma metadata, the scored reasons, the pivots).
 */
import type { SuppressionRef } from './suppressions';
import type { Pivots } from './pivots';
import type { FindingLevel } from './risk-levels';
import type { SigmaRuleMeta } from './sigma/types';
import type { FindingFacts, FindingFields, MatchedEvent, RiskReason } from '../shared/contract';

export type { RiskReason };

/** Where a finding's rule comes from: a built-in rule (assets/rules, JSON) or a Sigma rule. */
type FindingSource = 'builtin' | 'sigma';

/** One event a rule matched (where it is; its fields are in the evidence). */
export type FindingEvent = MatchedEvent;

export interface Finding extends FindingFields, FindingFacts {
  source: FindingSource;
  /** The Sigma rule's level; for built-in rules the level of the risk score's band (risk-levels.ts). */
  level: FindingLevel;
  /** The Sigma rule's own metadata (null for built-in rules). */
  sigma: SigmaRuleMeta | null;
  risk_reasons: RiskReason[];
  suppressed_by: SuppressionRef | null;
  /** The matching events (built-in rules: the first 50; Sigma rules: the first 1,000 distinct). */
  events: FindingEvent[];
  /** `events` holds fewer entries than `count`. */
  events_truncated: boolean;
  pivots: Pivots;
}
