/** Public surface of detect/: the incremental engine, content loaders, outputs. */
export { DetectionSession } from './detection-session.ts';
export type { DetectionOptions, DetectionResult, DetectionStats, RuleStats, SigmaStats } from './detection-session.ts';
export type { Finding, FindingEvent, FindingSource, RiskReason } from './findings.ts';
export { SigmaFindings, DEFAULT_SIGMA_LIMITS } from './sigma-findings.ts';
export type { SigmaLimits, SigmaRuleError } from './sigma-findings.ts';
export { levelOfRisk, riskOfLevel, levelRank, isSigmaLevel } from './risk-levels.ts';
export type { FindingLevel } from './risk-levels.ts';
export type { Pivots, ProcessRef, RegistryRef, TreeNode, ParallelProcess, PivotOptions } from './pivots.ts';
export { DEFAULT_PARALLEL_WINDOW_MS, parallelProcesses, processTimeline, processTree, dllPivot } from './pivots.ts';
export type { TimelineEntry, StoreLimits } from './evidence-store.ts';
export { DEFAULT_STORE_LIMITS } from './evidence-store.ts';
export type { Rule, Ruleset, RuleRisk, RiskModifier } from './rules/types.ts';
export { RuleError, parseRule } from './rules/validate.ts';
export {
  builtinIntel, builtinRuleset, loadIntelDir, loadRulesDir, rulesetFrom, intelFrom,
  DEFAULT_RULES_DIR, DEFAULT_INTEL_DIR, DEFAULT_SUPPRESSIONS_DIR, SEED_RULE_ID,
} from './rules/load.ts';
export { Intel, IntelError, parseIntelList } from './intel.ts';
export type { IntelEntry, IntelList } from './intel.ts';
export { applySuppressions, emptySuppressions, findingFields, loadSuppressionsFile, parseSuppressions, matchSuppression, SuppressionError } from './suppressions.ts';
export type { Suppression, SuppressionList, SuppressionRef } from './suppressions.ts';
export type { Condition, FieldCondition, FieldBag, Op } from './conditions.ts';
export { evaluate, parseCondition, ConditionError, fillTemplate } from './conditions.ts';
export { toContractFinding, splunkTable, SPLUNK_COLUMNS } from './output.ts';
export type { ContractFinding, ContractProcessRef, SplunkRow, SplunkTableOptions } from './output.ts';
export { normaliseFilePath, samePath } from './paths.ts';
export { registryFacts, COM_SERVER_SUBKEYS } from './registry-facts.ts';
export { EVENT_FIELDS, FINDING_FIELDS } from './fields.ts';
