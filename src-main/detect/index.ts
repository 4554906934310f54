/** Public surface of detect/: the incremental engine, content loaders, outputs. */
export { DetectionSession } from './detection-session';
export type { DetectionOptions, DetectionResult, DetectionStats, RuleStats, SigmaStats } from './detection-session';
export type { Finding, FindingEvent, FindingSource, RiskReason } from './findings';
export { SigmaFindings, DEFAULT_SIGMA_LIMITS } from './sigma-findings';
export type { SigmaLimits, SigmaRuleError } from './sigma-findings';
export { levelOfRisk, riskOfLevel, levelRank, isSigmaLevel } from './risk-levels';
export type { FindingLevel } from './risk-levels';
export type { Pivots, ProcessRef, RegistryRef, TreeNode, ParallelProcess, PivotOptions } from './pivots';
export { DEFAULT_PARALLEL_WINDOW_MS, parallelProcesses, processTimeline, processTree, dllPivot } from './pivots';
export type { TimelineEntry, StoreLimits } from './evidence-store';
export { DEFAULT_STORE_LIMITS } from './evidence-store';
export type { Rule, Ruleset, RuleRisk, RiskModifier } from './rules/types';
export { RuleError, parseRule } from './rules/validate';
export {
  builtinIntel, builtinRuleset, loadIntelDir, loadRulesDir, rulesetFrom, intelFrom,
  DEFAULT_RULES_DIR, DEFAULT_INTEL_DIR, DEFAULT_SUPPRESSIONS_DIR, SEED_RULE_ID,
} from './rules/load';
export { Intel, IntelError, parseIntelList } from './intel';
export type { IntelEntry, IntelList } from './intel';
export { applySuppressions, emptySuppressions, findingFields, loadSuppressionsFile, parseSuppressions, matchSuppression, SuppressionError } from './suppressions';
export type { Suppression, SuppressionList, SuppressionRef } from './suppressions';
export type { Condition, FieldCondition, FieldBag, Op } from './conditions';
export { evaluate, parseCondition, ConditionError, fillTemplate } from './conditions';
export { stableFindingId } from './finding-id';
export { normaliseFilePath, samePath } from './paths';
export { registryFacts, COM_SERVER_SUBKEYS } from './registry-facts';
export { EVENT_FIELDS, FINDING_FIELDS } from './fields';
