/** The contract's Sigma shapes: levels, a rule's own metadata, matched events, the rule set's provenance. */
/** Sigma levels, lowest first (Sigma specification 2.x); built-in rules get the level of their risk score's band. */
export type FindingLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export const FINDING_LEVELS: readonly FindingLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];

/** A Sigma rule's own metadata, as written (DRL 1.1: `author` is shown wherever its matches are). */
export interface SigmaRuleInfo {
  id: string;
  title: string;
  level: FindingLevel;
  status: string;
  description: string | null;
  author: string | null;
  date: string | null;
  modified: string | null;
  references: string[];
  falsepositives: (string | null)[];
  tags: string[];
  logsource: { product?: string; category?: string; service?: string; definition?: string };
  /** The rule file, relative to its rule-set root. */
  path: string;
  /** `sigmahq` (bundled) or the `--rules` path it came from. */
  origin: string;
  /** Correlation rules only: what the correlation counts (Sigma correlation rules specification 2.1.0). */
  correlation?: { type: string; group_by: string[]; timespan: string; rules: string[] };
}

/** One event a finding's rule matched (where it is; its fields are in the evidence). */
export interface MatchedEvent {
  evidence: string;
  record_id: number | null;
  event_id: number | null;
  time: string | null;
  process_guid: string | null;
}

/** Which Sigma rules ran, from where, and every rule that did not (with its reason). */
export interface SigmaRunInfo {
  /** Hash over the rules that ran (id, origin, path, modified). */
  version: string;
  /** Rule sets: `sigmahq` (bundled) and each `--rules` path, with how many of their rules ran. */
  origins: { origin: string; rules: number }[];
  min_level: FindingLevel;
  /** Statuses that ran (null: the loader's default). */
  rule_status: string[] | null;
  rules_run: number;
  /** Sigma correlation rules run (absent: none loaded); the refused ones are in `errors`. */
  correlations_run?: number;
  rules_by_level: Record<FindingLevel, number>;
  rules_skipped: number;
  rules_failed: number;
  /** Every rule file (or document) that could not be loaded, with why. */
  errors: { path: string; id: string | null; title: string | null; code: string; reason: string }[];
  /** Every rule loaded but not run (status, level, placeholders), with why. */
  skipped: { path: string; id: string; title: string; reason: string }[];
  /** Rules whose matcher failed on an event while running (the others ran on). */
  match_errors: { rule_id: string; path: string; message: string; count: number }[];
  /** The user's rules that loaded (`--rules`; not the bundled set), first `USER_RULES_LISTED`; absent: none asked for. */
  user_rules?: UserRuleLoaded[];
  /** Set when more user rules loaded than `user_rules` lists. */
  user_rules_truncated?: number;
}

/**
 * The rules a case runs besides the built-in ones, as the analyst chose them in the app (the
 * CLI's `--rules`, `--min-level` and `--rule-status`). Kept with the case, so a re-read runs the same.
 */
export interface CaseRuleChoice {
  /** Rule folders the user picked (granted read-only): Sigma YAML and our JSON rules, as `--rules`. */
  folders: string[];
  /** Sigma rules below this level do not run (the CLI's default: `low`). */
  minLevel: FindingLevel;
  /** Sigma statuses that run; null: every status but deprecated and unsupported. */
  ruleStatus: string[] | null;
  /** Run the bundled SigmaHQ set (absent: true; false is the CLI's `--no-sigma`); the folders run either way. */
  bundledSigma?: boolean;
}

/** One user rule (not bundled) that loaded: which file, which rule. */
export interface UserRuleLoaded {
  kind: 'sigma' | 'json';
  /** The `--rules` folder (or file) it came from. */
  origin: string;
  /** The rule file, relative to `origin` for Sigma rules, absolute for JSON rules. */
  path: string;
  id: string;
  title: string;
  level: FindingLevel | null;
  author: string | null;
}

/** Statuses a Sigma rule may have (Sigma specification 2.x). */
export const SIGMA_RULE_STATUSES: readonly string[] = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];
