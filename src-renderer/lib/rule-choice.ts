/**
 * The analyst's rule choice for a case (the CLI's `--rules`, `--min-level`, `--rule-status`,
 * `--no-sigma`) and what the rules panel shows of a read's rules: the bundled SigmaHQ set by level,
 * the user's rules, and every rule file that failed to load with its reason. Pure functions.
 */
import { FINDING_LEVELS, type CaseRuleChoice, type FindingLevel, type SigmaRunInfo } from '../../src-main/shared/contract';

/** The CLI's defaults: no user rules, level low and above, every status but deprecated and unsupported, the bundled set on. */
export const DEFAULT_RULE_CHOICE: CaseRuleChoice = { folders: [], minLevel: 'low', ruleStatus: null, bundledSigma: true };

/** The statuses the loader runs by default (detect/sigma/load-options.ts DEFAULT_RULE_STATUSES). */
const DEFAULT_STATUSES: readonly string[] = ['stable', 'test', 'experimental'];

export function withFolder(c: CaseRuleChoice, folder: string): CaseRuleChoice {
  return c.folders.includes(folder) ? c : { ...c, folders: [...c.folders, folder] };
}

export function withoutFolder(c: CaseRuleChoice, folder: string): CaseRuleChoice {
  return { ...c, folders: c.folders.filter((f) => f !== folder) };
}

/** Statuses as a checkbox list: null (the default) ticks the default ones; the default set again is null. */
export function statusesOf(c: CaseRuleChoice): string[] {
  return c.ruleStatus ?? [...DEFAULT_STATUSES];
}

export function normaliseStatuses(list: readonly string[]): string[] | null {
  const set = new Set(list);
  const isDefault = set.size === DEFAULT_STATUSES.length && DEFAULT_STATUSES.every((s) => set.has(s));
  return isDefault ? null : [...set];
}

export function sameChoice(a: CaseRuleChoice, b: CaseRuleChoice): boolean {
  const st = (x: string[] | null) => (x === null ? '' : [...x].sort().join(','));
  return a.minLevel === b.minLevel && st(a.ruleStatus) === st(b.ruleStatus) && (a.bundledSigma ?? true) === (b.bundledSigma ?? true)
    && a.folders.length === b.folders.length && a.folders.every((f, i) => f === b.folders[i]);
}

export interface RuleSummary {
  /** Bundled SigmaHQ rules run, by level (null when the user rules listed are cut, so the split is unknown). */
  bundledByLevel: Record<FindingLevel, number> | null;
  bundledRun: number;
  userRun: number;
  /** Rules run per user folder (0 when none of its rules loaded). */
  perFolder: { folder: string; rules: number }[];
}

/** Splits the Sigma set's counts into the bundled set and the user's rules. */
export function summariseRules(info: SigmaRunInfo | undefined, folders: readonly string[]): RuleSummary {
  const byOrigin = new Map((info?.origins ?? []).map((o) => [o.origin, o.rules]));
  const bundledRun = byOrigin.get('sigmahq') ?? 0;
  const users = info?.user_rules ?? [];
  const sigmaUsers = users.filter((u) => u.kind === 'sigma');
  let bundledByLevel: RuleSummary['bundledByLevel'] = null;
  if (info && !info.user_rules_truncated) {
    bundledByLevel = { ...info.rules_by_level };
    for (const u of sigmaUsers) if (u.level && FINDING_LEVELS.includes(u.level)) bundledByLevel[u.level] = Math.max(0, bundledByLevel[u.level] - 1);
  }
  const perFolder = folders.map((folder) => ({ folder, rules: users.filter((u) => u.origin === folder || u.origin.startsWith(`${folder}/`) || u.origin.startsWith(`${folder}\\`)).length }));
  return { bundledByLevel, bundledRun, userRun: users.length + (info?.user_rules_truncated ?? 0), perFolder };
}

/** What the rules panel can ask of the session (CaseSession implements it). */
export interface RuleActions {
  readonly ruleChoice: CaseRuleChoice;
  loadRulesFolder(): Promise<void>;
  removeRulesFolder(folder: string): Promise<void>;
  runRules(choice: CaseRuleChoice): Promise<void>;
}

/** True when a load error is of a file under one of the user's folders (the rest are the bundled set's). */
export function isUserPath(p: string, folders: readonly string[]): boolean {
  return folders.some((f) => p === f || p.startsWith(`${f}/`) || p.startsWith(`${f}\\`));
}

/** A plain copy (no reactive proxies), as IPC and IndexedDB need: both clone their data. */
export function plainChoice(c: CaseRuleChoice): CaseRuleChoice {
  return { folders: [...c.folders], minLevel: c.minLevel, ruleStatus: c.ruleStatus ? [...c.ruleStatus] : null, bundledSigma: c.bundledSigma ?? true };
}
