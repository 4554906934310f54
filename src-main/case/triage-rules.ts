/**
 * The rules of one triage, loaded and compiled once: the built-in JSON rules (assets/rules) plus
 * the user's JSON rules, and the Sigma rule set (the bundled SigmaHQ Windows rules unless turned
 * off, plus the user's Sigma YAML), at a minimum level and statuses. `--rules PATH` (file or
 * folder, repeatable) may hold both kinds: `.json` files are our rules (assets/rules/README.md),
 * `.yml`/`.yaml` files are Sigma rules. A rule file that cannot be loaded is listed with its
 * reason and the rest run; nothing is dropped silently.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Intel } from '../detect/intel';
import { levelRank } from '../detect/risk-levels';
import { builtinIntel, builtinRuleset } from '../detect/rules/load';
import type { Rule, Ruleset } from '../detect/rules/types';
import { parseRule } from '../detect/rules/validate';
import { loadSigmaRuleSetSliced } from '../detect/sigma/load';
import type { SigmaLoadOptions } from '../detect/sigma/load-options';
import type { SigmaLevel, SigmaRuleSet } from '../detect/sigma/types';
import { SIGMA_LEVELS } from '../detect/sigma/types';
import { prepareCorrelations, type PreparedCorrelations } from '../detect/sigma-correlations';
import type { SigmaRunInfo, UserRuleLoaded } from '../shared/contract';

export interface TriageRuleOptions {
  /** `--rules` paths (files or folders): Sigma YAML and/or our JSON rules. */
  paths?: string[];
  /** Run the bundled SigmaHQ set (default true); `--rules` run either way. */
  bundledSigma?: boolean;
  /** Run the built-in rules of assets/rules (default true; `--no-builtin`); `--rules` JSON rules run either way. */
  builtin?: boolean;
  /** Sigma rules below this level do not run (default `low`). */
  minLevel?: SigmaLevel;
  /** Sigma statuses that run (default: the loader's, all but deprecated/unsupported). */
  ruleStatus?: string[] | null;
}

/** Compiles a Sigma rule set (detect/sigma's loadSigmaRuleSet). */
export type SigmaLoader = (opts: SigmaLoadOptions) => SigmaRuleSet | Promise<SigmaRuleSet>;

export interface TriageRules {
  intel: Intel;
  ruleset: Ruleset;
  sigma: SigmaRuleSet | null;
  /** The Sigma set's correlation rules, parsed and checked once (their refusals are in `info.errors`). */
  correlations: PreparedCorrelations | null;
  /** Provenance and load errors; null when neither Sigma nor user rules were asked for. */
  info: SigmaRunInfo | null;
}

const DEFAULT_MIN_LEVEL: SigmaLevel = 'low';

/**
 * The Sigma compiler a triage uses (detect/sigma's loader: the bundled SigmaHQ set and `--rules`),
 * in slices: a triage's workers keep handing in batches while it compiles.
 */
export const DEFAULT_SIGMA_LOADER: SigmaLoader = (opts) => loadSigmaRuleSetSliced(opts);
const JSON_RULE_MAX_BYTES = 1 << 20;
const MAX_WALK_FILES = 20_000;
const MAX_WALK_DEPTH = 16;
/** User rules listed by name in `ruleset.sigma.user_rules` (the rest are counted). */
const USER_RULES_LISTED = 5_000;

type LoadError = SigmaRunInfo['errors'][number];

/** `.json` files under `p` (itself when a file), sorted; folders walked without following links, bounded. */
function jsonRuleFiles(p: string, errors: LoadError[]): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_WALK_DEPTH) { errors.push({ path: dir, id: null, title: null, code: 'walk', reason: `folder deeper than ${MAX_WALK_DEPTH} levels not read` }); return; }
    let names: string[];
    try { names = readdirSync(dir).sort(); } catch (e) { errors.push({ path: dir, id: null, title: null, code: 'io', reason: (e as Error).message }); return; }
    for (const n of names) {
      if (out.length >= MAX_WALK_FILES) { errors.push({ path: dir, id: null, title: null, code: 'walk', reason: `more than ${MAX_WALK_FILES} rule files; the rest not read` }); return; }
      const full = path.join(dir, n);
      let st;
      try { st = lstatSync(full); } catch { continue; }
      if (st.isDirectory()) walk(full, depth + 1);
      else if (st.isFile() && n.toLowerCase().endsWith('.json')) out.push(full);
    }
  };
  let st;
  try { st = statSync(p); } catch (e) { errors.push({ path: p, id: null, title: null, code: 'io', reason: (e as Error).message }); return []; }
  if (st.isDirectory()) walk(p, 0);
  else if (p.toLowerCase().endsWith('.json')) out.push(p);
  return out;
}

function loadJsonRule(file: string, intel: Intel, taken: Map<string, string>, errors: LoadError[]): Rule | null {
  const fail = (code: string, reason: string, id: string | null = null) => { errors.push({ path: file, id, title: null, code, reason }); return null; };
  let json: unknown;
  try {
    if (statSync(file).size > JSON_RULE_MAX_BYTES) return fail('too-large', `rule file over ${JSON_RULE_MAX_BYTES} bytes`);
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return fail('json', `not valid JSON (${(e as Error).message})`);
  }
  let rule: Rule;
  try {
    rule = parseRule(json, file, intel.names());
  } catch (e) {
    return fail('json-rule', (e as Error).message);
  }
  const prev = taken.get(rule.id);
  if (prev !== undefined) return fail('duplicate-id', `rule id ${rule.id} already defined in ${prev}`, rule.id);
  taken.set(rule.id, file);
  return rule;
}

function sigmaVersion(set: SigmaRuleSet, correlations: PreparedCorrelations | null): string {
  const h = createHash('sha256');
  for (const r of set.rules) h.update(`${r.meta.id}\u0000${r.meta.origin}\u0000${r.meta.path}\u0000${r.meta.modified ?? r.meta.date ?? ''}\n`);
  // Correlations change what runs too (a set without any keeps the version it always had).
  for (const c of correlations?.rules ?? []) h.update(`correlation\u0000${c.id ?? c.name ?? ''}\u0000${c.origin}\u0000${c.path}\u0000${c.modified ?? c.date ?? ''}\n`);
  return `sigma-${h.digest('hex').slice(0, 12)}`;
}

/** Provenance, counts and every load error / skipped rule of a triage's rules. */
function sigmaRunInfo(set: SigmaRuleSet | null, jsonErrors: LoadError[], opts: TriageRuleOptions, correlations: PreparedCorrelations | null = null): SigmaRunInfo {
  const rules = set?.rules ?? [];
  const byLevel = Object.fromEntries(SIGMA_LEVELS.map((l) => [l, 0])) as Record<SigmaLevel, number>;
  const origins = new Map<string, number>();
  for (const r of rules) {
    if (levelRank(r.meta.level) >= 0) byLevel[r.meta.level]++;
    origins.set(r.meta.origin, (origins.get(r.meta.origin) ?? 0) + 1);
  }
  const sigmaErrors = [...(set?.errors ?? []), ...(correlations?.errors ?? [])];
  const errors = [...sigmaErrors.map((e) => ({ path: e.path, id: e.id, title: e.title, code: e.code, reason: e.reason })), ...jsonErrors];
  return {
    version: set ? sigmaVersion(set, correlations) : 'sigma-none',
    origins: [...origins].map(([origin, n]) => ({ origin, rules: n })).sort((a, b) => (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0)),
    min_level: opts.minLevel ?? DEFAULT_MIN_LEVEL,
    rule_status: opts.ruleStatus ?? null,
    rules_run: rules.length, ...(correlations && correlations.rules.length > 0 ? { correlations_run: correlations.rules.length } : {}), rules_by_level: byLevel,
    rules_skipped: set?.skipped.length ?? 0, rules_failed: errors.length,
    errors, skipped: (set?.skipped ?? []).map((s) => ({ path: s.path, id: s.id, title: s.title, reason: s.reason })),
    match_errors: [],
  };
}

/**
 * The bundled set alone (no user files) is compiled once per process and options: it is part of
 * the app and cannot change while it runs, a compiled set only matches (no state), and compiling
 * 2,800 rules is seconds of work the app would otherwise repeat for every case it opens.
 */
const bundledSets = new Map<string, Promise<SigmaRuleSet>>();
function bundledOnce(o: SigmaLoadOptions): Promise<SigmaRuleSet> {
  const key = `${o.minLevel}|${(o.ruleStatus ?? []).join(',')}`;
  let p = bundledSets.get(key);
  if (!p) {
    p = Promise.resolve().then(() => DEFAULT_SIGMA_LOADER(o));
    p.catch(() => bundledSets.delete(key));
    bundledSets.set(key, p);
  }
  return p;
}

/**
 * Loads every rule of a triage. `loader` compiles the Sigma set; without one (or with the bundled
 * set off and no `--rules`), only the JSON rules run.
 */
export async function loadTriageRules(opts: TriageRuleOptions = {}, loader: SigmaLoader | null = null): Promise<TriageRules> {
  const intel = builtinIntel();
  const builtin = opts.builtin === false ? { rules: [], origins: new Map<string, string>() } : builtinRuleset(intel);
  const paths = (opts.paths ?? []).map((p) => path.resolve(p));
  const jsonErrors: LoadError[] = [];
  const taken = new Map(builtin.rules.map((r) => [r.id, builtin.origins.get(r.id) ?? 'builtin']));
  const rules = [...builtin.rules];
  const origins = new Map(builtin.origins);
  for (const p of paths) {
    for (const file of jsonRuleFiles(p, jsonErrors)) {
      const r = loadJsonRule(file, intel, taken, jsonErrors);
      if (r) { rules.push(r); origins.set(r.id, file); }
    }
  }
  const bundled = opts.bundledSigma ?? true;
  // The Sigma loader gets folders and YAML files; JSON rule files are ours (read above).
  const sigmaPaths = paths.filter((p) => !p.toLowerCase().endsWith('.json'));
  const wantSigma = loader !== null && (bundled || sigmaPaths.length > 0);
  const sigmaOpts: SigmaLoadOptions = { paths: sigmaPaths, bundled, minLevel: opts.minLevel ?? DEFAULT_MIN_LEVEL, ...(opts.ruleStatus ? { ruleStatus: opts.ruleStatus } : {}) };
  const sigma = !wantSigma ? null
    : sigmaPaths.length === 0 && loader === DEFAULT_SIGMA_LOADER ? await bundledOnce(sigmaOpts)
      : await loader(sigmaOpts);
  const asked = wantSigma || paths.length > 0;
  const correlations = sigma ? prepareCorrelations(sigma) : null;
  const info = asked ? sigmaRunInfo(sigma, jsonErrors, opts, correlations) : null;
  if (info && paths.length > 0) Object.assign(info, userRulesLoaded(sigma, rules.slice(builtin.rules.length), origins, paths));
  return { intel, ruleset: { rules, origins }, sigma, correlations, info };
}

/** The `--rules` path a JSON rule file was found under (the longest that contains it). */
function originOf(file: string, paths: readonly string[]): string {
  let best = file;
  for (const p of paths) if ((file === p || file.startsWith(p + path.sep)) && (best === file || p.length > best.length)) best = p;
  return best;
}

/** Which of the user's rules loaded, by file and rule (the bundled set is summarised by level instead). */
function userRulesLoaded(sigma: SigmaRuleSet | null, json: readonly Rule[], origins: ReadonlyMap<string, string>, paths: readonly string[]): Pick<SigmaRunInfo, 'user_rules' | 'user_rules_truncated'> {
  const all: UserRuleLoaded[] = [];
  for (const r of sigma?.rules ?? []) {
    if (r.meta.origin === 'sigmahq') continue;
    all.push({ kind: 'sigma', origin: r.meta.origin, path: r.meta.path, id: r.meta.id, title: r.meta.title, level: r.meta.level, author: r.meta.author });
  }
  for (const r of json) {
    const file = origins.get(r.id) ?? '';
    all.push({ kind: 'json', origin: originOf(file, paths), path: file, id: r.id, title: r.name, level: null, author: null });
  }
  return { user_rules: all.slice(0, USER_RULES_LISTED), ...(all.length > USER_RULES_LISTED ? { user_rules_truncated: all.length - USER_RULES_LISTED } : {}) };
}
