/**
 * The Sigma engine's public shapes (Sigma specification 2.x). Rules are data: YAML files are
 * parsed, validated and compiled once into matchers; the engine sees only NormalisedEvent
 * (never a source format). This file is the contract between the language (parse, compile,
 * logsource and field mappings), correlations, and the detection session that turns matches
 * into findings.
 */
import type { NormalisedEvent } from '../../model/event';
import type { SigmaRuleInfo } from '../../shared/contract-sigma';

export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export const SIGMA_LEVELS: readonly SigmaLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];

export type SigmaLogsource = SigmaRuleInfo['logsource'];

/**
 * A rule's own metadata, as written: the finding's Sigma rule info (shared/contract-sigma.ts,
 * DRL 1.1: `author` is shown wherever its matches are), plus what the engine derives from it.
 */
export interface SigmaRuleMeta extends SigmaRuleInfo {
  name: string | null;
  /** ATT&CK technique ids from the tags (`attack.t1218.010` → `T1218.010`). */
  mitre: string[];
}

/** A rule (or document) that could not be loaded: always listed, never silently dropped. */
export interface SigmaLoadError {
  path: string;
  id: string | null;
  title: string | null;
  /** `yaml`, `schema`, `unsupported-modifier`, `unsupported-logsource`, `condition`, `placeholder`, … */
  code: string;
  reason: string;
}

/** A rule loaded but not run (deprecated/unsupported status, placeholders not set, below --rule-status). */
export interface SigmaSkippedRule {
  path: string;
  id: string;
  title: string;
  reason: string;
}

export interface CompiledSigmaRule {
  meta: SigmaRuleMeta;
  /** Does the event match the rule's detection (logsource included, filters applied)? */
  match(event: NormalisedEvent): boolean;
}

export interface SigmaRuleSet {
  rules: readonly CompiledSigmaRule[];
  errors: readonly SigmaLoadError[];
  skipped: readonly SigmaSkippedRule[];
  /** The rules that can match this event (indexed by channel and EventID); a superset of the matches. */
  candidates(event: NormalisedEvent): readonly CompiledSigmaRule[];
  /** The rules that match this event. */
  matches(event: NormalisedEvent): readonly CompiledSigmaRule[];
  /**
   * The `channel|EventID` keys its rules are filed under (model/event-data-keys.ts): no rule is a
   * candidate for an event none of whose offered keys is among them, so a read may leave out such
   * an event's data (unless it has a view). Absent: every event's data may be read.
   */
  dataKeys?(): readonly string[];
}
