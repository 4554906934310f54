/**
 * The round trip of `npm run rules -- export-sigma DIR` (issue #20) for the tests of both tiers
 * (test/cli/rules-export-sigma.test.ts on the demo evidence, test/corpus/cli/rules-export-sigma.test.ts
 * on the shared corpus): export the built-in rules as Sigma, then `triage --rules DIR --no-builtin
 * --no-sigma` must find what the built-in rules find, compared per rule title and host (count,
 * first/last time, the matched records).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { parse } from 'yaml';
import { runRules } from '../../src-main/cli/run-rules';
import { runTriage } from '../../src-main/cli/run-triage';
import { REPO_ROOT } from './paths';

/** A temp folder for the test file's outputs, removed after its tests. */
export function rulesExportTmp(): string {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'rules-export-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  return tmp;
}

/** The CLI's io with the lines kept (in `out` and `err` when given), run from the repository. */
export const quietIo = (out: string[] = [], err: string[] = []) => ({ out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd: REPO_ROOT });

/** `rules export-sigma DIR` (must exit 0): the files written, each parsed as YAML. */
export async function exportTo(dir: string): Promise<Record<string, Record<string, unknown>>> {
  const err: string[] = [];
  expect(await runRules(['export-sigma', dir], quietIo([], err)), err.join('\n')).toBe(0);
  return Object.fromEntries(readdirSync(dir).map((f) => [f, parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>]));
}

interface Finding { rule_name: string; dest: string; count: number; firstTime: string; lastTime: string; source: string; events: { record_id: number; event_id: number; time: string; evidence: string }[] }

/** What a responder compares, per (rule title, host): count, first/last time, the matched records. */
function byRuleAndHost(findings: Finding[]): Map<string, { count: number; first: string; last: string; events: string[] }> {
  const out = new Map<string, { count: number; first: string; last: string; events: string[] }>();
  for (const f of findings) {
    const k = `${f.rule_name} @ ${f.dest}`;
    const cur = out.get(k) ?? { count: 0, first: f.firstTime, last: f.lastTime, events: [] };
    cur.count += f.count;
    if (f.firstTime < cur.first) cur.first = f.firstTime;
    if (f.lastTime > cur.last) cur.last = f.lastTime;
    // A record held by two files (an .evtx and its export) is listed once, from whichever file was
    // read first (workers run in parallel): the record, not the file, is what is compared.
    cur.events.push(...f.events.map((e) => `${e.record_id}/${e.event_id}@${e.time}`));
    out.set(k, cur);
  }
  for (const v of out.values()) v.events = [...new Set(v.events)].sort();
  return out;
}

/** The findings of the JSON document of `triage ARGV` (must exit 0, with no Sigma load error), written into `outDir`. */
async function findingsOf(argv: string[], outDir: string): Promise<Finding[]> {
  const json = path.join(outDir, `t-${Math.random().toString(36).slice(2)}.json`);
  const err: string[] = [];
  expect(await runTriage([...argv, '--json', json, '--quiet'], quietIo([], err)), err.join('\n')).toBe(0);
  const doc = JSON.parse(readFileSync(json, 'utf8')) as { findings: Finding[]; ruleset: { sigma?: { errors: unknown[] } } };
  expect(doc.ruleset.sigma?.errors ?? []).toEqual([]);
  return doc.findings;
}

/** The built-in rules and their Sigma export in `rulesDir` find the same on `evidence` (none: the demo evidence). */
export async function expectRoundTrip(evidence: string[], rulesDir: string, outDir: string): Promise<void> {
  const builtin = await findingsOf([...evidence, '--no-sigma'], outDir);
  const exported = await findingsOf([...evidence, '--rules', rulesDir, '--no-builtin', '--no-sigma'], outDir);
  expect(builtin.length).toBeGreaterThan(0);
  expect(builtin.every((f) => f.source === 'builtin')).toBe(true);
  expect(exported.every((f) => f.source === 'sigma')).toBe(true);
  expect(byRuleAndHost(exported)).toEqual(byRuleAndHost(builtin));
}
