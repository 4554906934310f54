/**
 * Options of the Sigma loader (`loadSigmaRuleSet`): where the rules come from and which of them
 * run. Defaults follow SigmaHQ's own checker: every level, status deprecated/unsupported skipped.
 */
import path from 'node:path';
import type { SigmaLevel } from './types';

export interface SigmaLoadOptions {
  /** Extra rule files or folders (walked for `.yml`/`.yaml`), e.g. the CLI's `--rules`. */
  paths?: string[];
  /** Load the bundled SigmaHQ Windows rules (`assets/sigma/rules`). Default true. */
  bundled?: boolean;
  /** Rules below this level are skipped (with reason). Default `informational` (all). */
  minLevel?: SigmaLevel;
  /** Statuses that run, e.g. `['stable','test','experimental']`. Default: all but deprecated/unsupported. */
  ruleStatus?: string[];
  /** Placeholder values for the `expand` modifier (`%name%` → values); default `assets/sigma/placeholders.yml`. */
  placeholders?: Record<string, string[]> | string;
  /** Overrides the bundled rules folder: its YAML files are parsed (slow), `rules.json` is not used. */
  bundledDir?: string;
  /** Where `assets/sigma` is (rules.json, placeholders.yml) when not beside the source, e.g. a packaged app's resources. */
  assetsDir?: string;
  /** Use the bundle's load cache (`precheck.json`, precheck.ts) when it fits the bundle. Default true; false: check every rule. */
  precheck?: boolean;
}

export const DEFAULT_RULE_STATUSES: readonly string[] = ['stable', 'test', 'experimental'];

let assetsDirOverride: string | null = null;

/**
 * Where the shipped Sigma assets are when not beside the source: the packaged app copies
 * `assets/sigma` into its resources (forge `extraResource`) and says so once at start.
 */
export function setSigmaAssetsDir(dir: string): void {
  assetsDirOverride = dir;
}

/** The folder of the shipped Sigma assets (rules, mappings, placeholders). */
export function bundledSigmaAssetsDir(): string {
  return assetsDirOverride ?? path.resolve(__dirname, '../../../assets/sigma');
}

/** The folder of the shipped SigmaHQ Windows rules. */
export function bundledSigmaDir(): string {
  return path.join(bundledSigmaAssetsDir(), 'rules');
}
