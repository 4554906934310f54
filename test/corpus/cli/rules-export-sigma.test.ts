/** rules export-sigma round trip on the shared corpus's COM-hijack samples (the demo evidence and the CLI: test/cli/rules-export-sigma.test.ts). */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runRules } from '../../../src-main/cli/run-rules';
import { runTriage } from '../../../src-main/cli/run-triage';
import { REPO_ROOT, SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'rules-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const quietIo = (out: string[] = [], err: string[] = []) => ({ out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd: REPO_ROOT });

async function exportTo(dir: string): Promise<Record<string, Record<string, unknown>>> {
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

async function findingsOf(argv: string[]): Promise<Finding[]> {
  const json = path.join(tmp, `t-${Math.random().toString(36).slice(2)}.json`);
  const err: string[] = [];
  expect(await runTriage([...argv, '--json', json, '--quiet'], quietIo([], err)), err.join('\n')).toBe(0);
  const doc = JSON.parse(readFileSync(json, 'utf8')) as { findings: Finding[]; ruleset: { sigma?: { errors: unknown[] } } };
  expect(doc.ruleset.sigma?.errors ?? []).toEqual([]);
  return doc.findings;
}

async function expectRoundTrip(evidence: string[], dir: string): Promise<void> {
  const builtin = await findingsOf([...evidence, '--no-sigma']);
  const exported = await findingsOf([...evidence, '--rules', dir, '--no-builtin', '--no-sigma']);
  expect(builtin.length).toBeGreaterThan(0);
  expect(builtin.every((f) => f.source === 'builtin')).toBe(true);
  expect(exported.every((f) => f.source === 'sigma')).toBe(true);
  expect(byRuleAndHost(exported)).toEqual(byRuleAndHost(builtin));
}

describe('rules export-sigma', () => {
  const dir = path.join(tmp, 'sigma');
  beforeAll(async () => { await exportTo(dir); }, 120_000);

  // The corpus's COM-hijack events: the Firefox MMDeviceEnumerator hijack (EVTX-ATTACK-SAMPLES) and
  // SigmaHQ's per-user TreatAs regression sample (.evtx and .json of the same events).
  it.skipIf(requires('corpus'))('round trip on the shared corpus’s COM-hijack samples', async () => {
    await expectRoundTrip([path.join(SHARED_EVIDENCE, 'evtx-attack-samples', 'Persistence')], dir);
    await expectRoundTrip([path.join(SHARED_EVIDENCE, 'sigmahq-sigma', 'regression_data', 'rules', 'windows', 'registry')], dir);
  }, 180_000);
});
