/**
 * `npm run rules -- export-sigma DIR [--force] [--evidence DIR]...`: writes every built-in rule
 * (assets/rules) as a Sigma rule file (detect/sigma-export) into DIR, so a SIEM can run them
 * through pySigma backends and `--rules DIR --no-builtin --no-sigma` runs them here.
 *
 * DIR follows the output rule of output/output-files.ts: never inside an evidence folder (the
 * bundled demo evidence and every `--evidence DIR`), created when missing (its parent must
 * exist), a folder and not a link. No overwrite surprises: a file of the export that already
 * exists with other content is refused before anything is written, unless `--force`; an identical
 * one is left as it is. Exit codes: 0 written, 1 refused or not written, 2 usage.
 */
import { lstat, mkdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { checkOutputPath, isInside, writeFileAtomic } from '../output/output-files';
import { builtinIntel, builtinRuleset } from '../detect/rules/load';
import { ruleToSigma, sigmaFileName } from '../detect/sigma-export/rule-to-sigma';
import type { CliIo } from './run-triage';
import { DEMO_EVIDENCE_DIR } from './run-triage';
import { consoleError, consoleText as t } from './console-text';

export const RULES_USAGE = 'usage: npm run rules -- export-sigma DIR [--force] [--evidence DIR]...';

interface RulesArgs { command: 'export-sigma'; dir: string; force: boolean; evidence: string[] }

function parseRulesArgs(argv: readonly string[]): RulesArgs | string {
  const [command, ...rest] = argv;
  if (command !== 'export-sigma') return command === undefined ? 'a command is needed' : `unknown command ${command}`;
  const out: RulesArgs = { command, dir: '', force: false, evidence: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--force') out.force = true;
    else if (a === '--evidence') {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) return '--evidence needs a folder';
      out.evidence.push(v);
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (out.dir !== '') return `only one output folder may be given (got ${out.dir} and ${a})`;
    else out.dir = a;
  }
  return out.dir === '' ? 'export-sigma needs an output folder' : out;
}

/** The output folder, created when missing, after checking it is not (to be) inside evidence. */
async function outputFolder(dir: string, roots: string[]): Promise<string> {
  const parent = await realpath(path.dirname(dir)).catch(() => null);
  if (parent === null) throw new Error(`the parent folder does not exist: ${path.dirname(dir)}`);
  const target = path.join(parent, path.basename(dir));
  for (const r of roots) if (isInside(r, target)) throw new Error(`the evidence folder is read-only: write the rules outside it (${dir})`);
  const st = await lstat(target).catch(() => null);
  if (st?.isSymbolicLink()) throw new Error(`the output folder is a link; name the folder itself: ${dir}`);
  if (st && !st.isDirectory()) throw new Error(`the output path is not a folder: ${dir}`);
  if (!st) await mkdir(target);
  return target;
}

export async function runRules(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { io.out(RULES_USAGE); return 0; }
  const args = parseRulesArgs(argv);
  if (typeof args === 'string') { io.err(`rules: ${t(args)}\n${RULES_USAGE}`); return 2; }
  const intel = builtinIntel();
  const docs: { file: string; yaml: string; title: string }[] = [];
  for (const rule of builtinRuleset(intel).rules) {
    try {
      const doc = ruleToSigma(rule, intel);
      docs.push({ file: sigmaFileName(rule), yaml: stringify(doc, { lineWidth: 0 }), title: rule.name });
    } catch (err) {
      io.err(`rules: ${t(rule.id)} ${t(rule.name)}: ${consoleError(err)}`);
      return 1;
    }
  }
  let dir: string;
  const writes: { target: string; yaml: string }[] = [];
  try {
    const roots = await Promise.all([DEMO_EVIDENCE_DIR, ...args.evidence.map((e) => path.resolve(io.cwd, e))].map((r) => realpath(r).catch(() => path.resolve(r))));
    dir = await outputFolder(path.resolve(io.cwd, args.dir), roots);
    const refused: string[] = [];
    for (const d of docs) {
      const target = path.join(dir, d.file);
      await checkOutputPath(target, roots);
      const existing = await readFile(target, 'utf8').catch(() => null);
      if (existing === d.yaml) continue;
      if (existing !== null && !args.force) refused.push(d.file);
      writes.push({ target, yaml: d.yaml });
    }
    if (refused.length > 0) {
      io.err(`rules: ${refused.length} file(s) already exist with other content (use --force to replace them): ${refused.map(t).join(', ')}`);
      return 1;
    }
    for (const w of writes) await writeFileAtomic(w.target, w.yaml);
  } catch (err) {
    io.err(`rules: ${consoleError(err)}`);
    return 1;
  }
  io.out(`${docs.length} Sigma rules in ${t(dir)} (${writes.length} written, ${docs.length - writes.length} unchanged)`);
  for (const d of docs) io.out(`  ${t(d.file)}  ${t(d.title)}`);
  return 0;
}
