/**
 * The bundled rules' pre-parsed form (`assets/sigma/rules.json`): the YAML of 2,800 rule files
 * takes seconds to parse, JSON a fraction of that. The bundle holds, per rule file under
 * `assets/sigma/rules/`, exactly what parseRuleFile returns for it; it is written by the refresh
 * script (test/tools/sigma/refresh-rules.ts) and a test checks it matches the YAML files.
 */
import { readdirSync, readFileSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { parseRuleFile } from './rule-file';
import type { RuleDocument } from './rule-file';

interface RuleBundleFile {
  /** Relative to `assets/sigma/rules`, `/` separated. */
  path: string;
  documents: RuleDocument[];
}

export interface RuleBundle {
  provenance: Record<string, string>;
  files: RuleBundleFile[];
}

/** Every `.yml` file under `dir`, sorted, relative and `/` separated. */
export function listRuleFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = path.join(d, n);
      const st = lstatSync(p);
      if (st.isDirectory()) visit(p);
      else if (st.isFile() && /\.ya?ml$/i.test(n)) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  visit(dir);
  return out;
}

/** Parses the rule files under `dir` into a bundle. */
export function buildRuleBundle(dir: string, provenance: Record<string, string>): RuleBundle {
  return { provenance, files: listRuleFiles(dir).map((rel) => ({ path: rel, documents: parseRuleFile(readFileSync(path.join(dir, rel), 'utf8')) })) };
}

/** Parses a bundle's bytes; throws when they are not a bundle (the bundle is a file like any other). */
export function parseBundle(bytes: Buffer): RuleBundle {
  const b = JSON.parse(bytes.toString('utf8')) as RuleBundle;
  if (!b || !Array.isArray(b.files) || !b.files.every((f) => f && typeof f === 'object')) throw new Error('rules.json: not a rule bundle');
  return b;
}

/** The bundle in `file`; null when the file cannot be read (throws when it is not a bundle). */
export function readRuleBundle(file: string): RuleBundle | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  return parseBundle(bytes);
}
