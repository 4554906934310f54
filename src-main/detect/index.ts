/** Public surface of detect/: the incremental engine, content loaders, outputs. */
export { DetectionSession } from './detection-session';
export type { DetectionOptions, DetectionResult } from './detection-types';
export type { Finding } from './findings';
export { RuleError, parseRule } from './rules/validate';
export {
  builtinIntel, builtinRuleset, loadIntelDir, loadRulesDir,
  DEFAULT_SUPPRESSIONS_DIR, SEED_RULE_ID,
} from './rules/load';
export { IntelError, parseIntelList } from './intel';
export { applySuppressions, emptySuppressions, loadSuppressionsFile, parseSuppressions, SuppressionError } from './suppressions';
export type { SuppressionList } from './suppressions';
export { evaluate, parseCondition, ConditionError, fillTemplate } from './conditions';
export { stableFindingId } from './finding-id';
export { normaliseFilePath, samePath } from './paths';
export { registryFacts } from './registry-facts';
