/** Rule files (assets/rules/*.json): data only. See assets/rules/README.md for the format. */
import type { Condition } from '../conditions';

interface RuleRisk {
  /** 0..100 */
  impact: number;
  /** 0..100 */
  confidence: number;
  /** impact × confidence / 100, rounded (Splunk's risk_score). */
  score: number;
}

export interface RiskModifier {
  id: string;
  /** Evaluated against the finding's fields (event + join + derived + intel fields). */
  when: Condition;
  /** Added to the score (negative lowers). The final score is clamped to [floor, 100]. */
  delta: number;
  /** Shown with the finding; `$field$` placeholders are filled. */
  reason: string;
}

export interface RuleReference { title?: string; url: string }

export interface Rule {
  id: string;
  name: string;
  description: string;
  /** ATT&CK technique ids (T1234 or T1234.001). */
  mitre: string[];
  risk: RuleRisk;
  /** Lowest score risk modifiers may bring the finding to (default 1). */
  risk_floor: number;
  /** Splunk-style template with `$field$` placeholders. */
  message: string;
  false_positives: string[];
  references: RuleReference[];
  /** Value-name spellings this rule reads as the default value (documentation + matching). */
  default_value_spellings: string[];
  /** The event kind the rule reads (CIM view kind). */
  event: 'registry';
  match: Condition;
  /** Splunk `stats … by` fields. */
  group_by: string[];
  risk_modifiers: RiskModifier[];
  /** What the rule is modelled on (Splunk / Sigma / Elastic ids), for the analyst. */
  based_on: RuleReference[];
  notes: string[];
}

export interface Ruleset {
  rules: Rule[];
  /** Where each rule came from (file path or `builtin:<name>`). */
  origins: Map<string, string>;
}
