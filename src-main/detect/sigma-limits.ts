/**
 * The bounds of the Sigma findings (sigma-findings.ts): rule files and evidence are
 * attacker-controlled, so every collection a finding keeps is capped.
 */

export interface SigmaLimits {
  /** Findings kept: past it, the (rule, dest) keys that sort first (`groupKey`) are kept. */
  maxFindings: number;
  /** Events listed per finding (its earliest), while `maxStoredEvents` allows. */
  maxEventsPerFinding: number;
  /** Events listed over all findings: past it every finding lists fewer (halved until it fits). */
  maxStoredEvents: number;
  maxIdentitiesPerFinding: number;
  /** Identities remembered for the dedupe over all findings. */
  maxIdentities: number;
  maxGuidsPerFinding: number;
}

export const DEFAULT_SIGMA_LIMITS: SigmaLimits = {
  maxFindings: 200_000, maxEventsPerFinding: 1_000, maxStoredEvents: 1_000_000,
  maxIdentitiesPerFinding: 100_000, maxIdentities: 2_000_000, maxGuidsPerFinding: 100,
};
