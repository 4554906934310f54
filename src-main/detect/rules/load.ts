/**
 * Loading rules and intel: the built-in files are bundled (JSON imports of assets/rules and
 * assets/intel, so the packaged app needs no asset folder), and a folder of JSON files can be
 * loaded at run time for custom content. Every file is validated; errors name the file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Intel, IntelError, parseIntelList } from '../intel';
import type { IntelList } from '../intel';
import type { Rule, Ruleset } from './types';
import { parseRule, RuleError } from './validate';
import seedRule from '../../../assets/rules/malicious_inprocserver32_modification.json';
import knownBadRule from '../../../assets/rules/known_bad_clsid_com_server.json';
import builtinRule from '../../../assets/rules/builtin_clsid_server_redirected.json';
import perUserRule from '../../../assets/rules/per_user_com_registration.json';
import knownBadIntel from '../../../assets/intel/known-bad-clsids.json';
import builtinClsidsIntel from '../../../assets/intel/builtin-clsids.json';
import benignIntel from '../../../assets/intel/benign-writers.json';

/** Repository folders of the shipped content (for the CLI and tests; the app uses the bundled copies). */
const DEFAULT_RULES_DIR = path.resolve(__dirname, '../../../assets/rules');
const DEFAULT_INTEL_DIR = path.resolve(__dirname, '../../../assets/intel');
export const DEFAULT_SUPPRESSIONS_DIR = path.resolve(__dirname, '../../../assets/suppressions');

export const SEED_RULE_ID = '127c8d08-25ff-11ec-9223-acde48001122';

const BUILTIN_RULE_FILES: Record<string, unknown> = {
  'malicious_inprocserver32_modification.json': seedRule,
  'known_bad_clsid_com_server.json': knownBadRule,
  'builtin_clsid_server_redirected.json': builtinRule,
  'per_user_com_registration.json': perUserRule,
};
const BUILTIN_INTEL_FILES: Record<string, unknown> = {
  'known-bad-clsids.json': knownBadIntel,
  'builtin-clsids.json': builtinClsidsIntel,
  'benign-writers.json': benignIntel,
};

/** Builds a ruleset from parsed JSON documents keyed by origin; rejects duplicate ids. */
function rulesetFrom(files: Record<string, unknown>, intel: Intel): Ruleset {
  const rules: Rule[] = [];
  const origins = new Map<string, string>();
  const lists = intel.names();
  for (const [origin, json] of Object.entries(files)) {
    const r = parseRule(json, origin, lists);
    if (origins.has(r.id)) throw new RuleError(`${origin}: rule id ${r.id} already defined in ${origins.get(r.id)}`);
    origins.set(r.id, origin);
    rules.push(r);
  }
  return { rules, origins };
}

function intelFrom(files: Record<string, unknown>): Intel {
  const lists: IntelList[] = Object.entries(files).map(([origin, json]) => parseIntelList(json, origin));
  return new Intel(lists);
}

/** The shipped intel (bundled copies of assets/intel/*.json). */
export function builtinIntel(): Intel {
  return intelFrom(Object.fromEntries(Object.entries(BUILTIN_INTEL_FILES).map(([k, v]) => [`builtin:intel/${k}`, v])));
}

/** The shipped rules (bundled copies of assets/rules/*.json), validated against `intel`. */
export function builtinRuleset(intel: Intel = builtinIntel()): Ruleset {
  return rulesetFrom(Object.fromEntries(Object.entries(BUILTIN_RULE_FILES).map(([k, v]) => [`builtin:rules/${k}`, v])), intel);
}

function readJsonFiles(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    try {
      out[file] = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new RuleError(`${file}: not valid JSON (${(e as Error).message})`);
    }
  }
  return out;
}

/** Loads every `*.json` intel file of a folder (default: assets/intel). */
export function loadIntelDir(dir: string = DEFAULT_INTEL_DIR): Intel {
  try {
    return intelFrom(readJsonFiles(dir));
  } catch (e) {
    if (e instanceof RuleError) throw new IntelError(e.message);
    throw e;
  }
}

/** Loads every `*.json` rule file of a folder (default: assets/rules), validated against `intel`. */
export function loadRulesDir(dir: string = DEFAULT_RULES_DIR, intel: Intel = loadIntelDir()): Ruleset {
  return rulesetFrom(readJsonFiles(dir), intel);
}
