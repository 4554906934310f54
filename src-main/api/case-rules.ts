/**
 * The rules of one read of a case in the app: the analyst's choice (rules folders picked in the
 * dialog and granted read-only, minimum level, statuses) loaded exactly as the CLI's `--rules`,
 * `--min-level` and `--rule-status` (triage-rules.ts, the same loader). A folder that was never
 * granted refuses the call; a granted folder that has since gone is a load error of the set, and
 * the other rules run.
 */
import type { CaseRuleChoice } from '../shared/contract';
import { ApiError } from '../shared/errors';
import type { GrantedRoots } from './granted-roots';
import { DEFAULT_SIGMA_LOADER, loadTriageRules, type TriageRules } from '../case/triage-rules';

/** The choice with every folder resolved to the real path it was granted as. */
export async function resolveRuleChoice(choice: CaseRuleChoice, ruleRoots: GrantedRoots): Promise<CaseRuleChoice> {
  const granted = new Set(ruleRoots.list());
  const folders: string[] = [];
  for (const f of choice.folders) {
    try {
      folders.push(await ruleRoots.requireRoot(f));
    } catch (err) {
      // Granted, then removed or renamed: the loader names it as a rule set it could not read.
      if (err instanceof ApiError && err.code === 'not_found' && granted.has(f)) { folders.push(f); continue; }
      if (err instanceof ApiError && err.code === 'not_allowed') throw new ApiError('not_allowed', `rules folder was not opened by the user: ${f}`, { path: f });
      throw err;
    }
  }
  return { ...choice, folders: [...new Set(folders)] };
}

/** Loads the rules of a resolved choice (the built-in rules always; the bundled Sigma set unless turned off). */
export function loadCaseRules(choice: CaseRuleChoice): Promise<TriageRules> {
  return loadTriageRules({
    paths: choice.folders, minLevel: choice.minLevel, ruleStatus: choice.ruleStatus, bundledSigma: choice.bundledSigma ?? true,
  }, DEFAULT_SIGMA_LOADER);
}
