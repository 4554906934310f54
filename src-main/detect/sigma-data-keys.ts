/**
 * The `channel|EventID` keys (model/event-data-keys.ts) of every Sigma rule a detection session
 * may run on an event: the set's indexed rules (SigmaRuleSet `dataKeys`) and the rules correlations
 * run for themselves (sigma-correlations.ts `extraRules`: referenced, but not running on their own,
 * e.g. below `--min-level`). A read that leaves out the data of the events under none of them,
 * or counts those without a view instead of sending them, loses no match: no rule is offered them
 * (evidence-reading/messages.ts `EventContent` `'viewed'`, `'counted'`).
 */
import type { PreparedCorrelations } from './sigma-correlations';
import { SigmaRule } from './sigma/compile-rule';
import { RuleIndex } from './sigma/rule-index';
import type { SigmaRuleSet } from './sigma/types';

/**
 * Keys a read carries at most (each parse item takes them to its worker): the bundled set has
 * ~300; a rule set naming more (thousands of EventIDs) reads every event whole instead.
 */
export const MAX_DATA_KEYS = 4096;

/** The keys, or null when they are not known (a rule set that does not say) or too many: every event's data is read. */
export function sigmaDataKeys(sigma: SigmaRuleSet | null, correlations: PreparedCorrelations | null): readonly string[] | null {
  const own = sigma === null ? [] : sigma.dataKeys?.() ?? null;
  if (own === null) return null;
  const extra = correlations?.extraRules ?? [];
  if (extra.length === 0) return own.length <= MAX_DATA_KEYS ? own : null;
  if (!extra.every((r) => r instanceof SigmaRule)) return null;
  const keys = [...new Set([...own, ...new RuleIndex(extra as SigmaRule[]).keys()])];
  return keys.length <= MAX_DATA_KEYS ? keys : null;
}
