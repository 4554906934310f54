import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runTriage } from '../../src-main/cli/run-triage';
import { parseTriageArgs } from '../../src-main/cli/args';
import { REPO_ROOT } from '../helpers/paths';
import { missingNeeds } from '../helpers/requires';
import { triageOutputValidator } from '../helpers/schema';
import { EVTX_HEADER_START, tempEvidenceFolder } from '../helpers/temp-evidence';

const run = promisify(execFile);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd: REPO_ROOT }, out, err };
}

describe('parseTriageArgs', () => {
  it('reads the folder and options', () => {
    expect(parseTriageArgs(['ev', '--json', 'o.json', '--workers', '2'])).toMatchObject({ evidenceDir: 'ev', json: 'o.json', workers: 2 });
    expect(parseTriageArgs([])).toMatchObject({ evidenceDir: null, json: null });
  });
  it('refuses unknown options, missing values and two folders', () => {
    expect(() => parseTriageArgs(['--jsn', 'x'])).toThrow(/unknown option/);
    expect(() => parseTriageArgs(['--json'])).toThrow(/needs a value/);
    expect(() => parseTriageArgs(['a', 'b'])).toThrow(/only one/);
    expect(() => parseTriageArgs(['--workers', '0'])).toThrow(/workers/);
  });
});

// The contract check is an extra here (without the shared contracts it is left out); the tests that
// need it are in test/corpus/cli/triage.test.ts and fail in CI without it.
const NO_CONTRACTS = missingNeeds('contracts').length > 0;

describe('headless triage', () => {
  it('lists an unreadable entry with its error and still validates', async () => {
    const root = tempEvidenceFolder({ 'a.evtx': EVTX_HEADER_START });
    const { symlinkSync } = await import('node:fs');
    symlinkSync('/etc/hostname', path.join(root, 'escape.evtx'));
    const jsonPath = path.join(root, '..', `${path.basename(root)}.json`);
    expect(await runTriage([root, '--json', jsonPath, '--quiet'], capture().io)).toBe(0);
    const doc = JSON.parse(readFileSync(jsonPath, 'utf8'));
    if (!NO_CONTRACTS) expect(triageOutputValidator()(doc)).toBe(true);
    expect(doc.evidence.find((e: { path: string }) => e.path === 'escape.evtx')).toMatchObject({ error: expect.stringMatching(/outside/) });
  });

  it('exits 2 with a one-line message on usage errors and 1 on a missing folder', async () => {
    const bad = capture();
    expect(await runTriage(['--bogus'], bad.io)).toBe(2);
    expect(bad.err[0]).toMatch(/^triage: unknown option --bogus/);
    const missing = capture();
    expect(await runTriage(['/nonexistent/evidence'], missing.io)).toBe(1);
    expect(missing.err).toHaveLength(1);
    expect(missing.err[0]).toMatch(/does not exist/);
  });

  it('triages the bundled demo evidence by default: the seed finding as the demo README states it, JSON and CSV', async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'triage-demo-'));
    const c = capture();
    expect(await runTriage(['--json', path.join(outDir, 't.json'), '--csv', path.join(outDir, 't.csv')], c.io)).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(outDir, 't.json'), 'utf8'));
    if (!NO_CONTRACTS) {
      const validate = triageOutputValidator();
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    }
    const expected = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/tools/demo-scenario/expected-findings.json'), 'utf8')).seed_findings[0];
    const seeds = doc.findings.filter((f: { rule_id: string }) => f.rule_id === '127c8d08-25ff-11ec-9223-acde48001122');
    expect(seeds).toHaveLength(1);
    const seed = seeds[0];
    for (const k of ['dest', 'user', 'process_guid', 'process_name', 'process_path', 'process', 'parent_process_name', 'registry_path',
      'registry_key_name', 'registry_value_name', 'registry_value_data', 'count', 'process_start_in_evidence', 'risk_score']) {
      expect(seed[k], k).toEqual(expected[k]);
    }
    expect(seed.mitre).toEqual(['T1218.010', 'T1112']);
    expect(Date.parse(seed.firstTime)).toBe(Date.parse(expected.firstTime));
    expect(seed.pivots.dll_created_by.map((r: { process_name: string }) => r.process_name)).toEqual(['wscript.exe']);
    expect(seed.pivots.dll_loaded_by.map((r: { process_name: string }) => r.process_name)).toContain('wscript.exe');
    expect(seed.message).toBe('The regsvr32.exe was identified on endpoint WS-FIN-07.corp.example modifying the registry with a known malicious clsid under InProcServer32.');
    expect(new Set(doc.findings.map((f: { finding_id: string }) => f.finding_id)).size).toBe(doc.findings.length);
    const csv = readFileSync(path.join(outDir, 't.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('dest,process_name,registry_path,registry_key_name,registry_value_name,user,count,firstTime,lastTime,rule_id,rule_name,risk_score,suppressed,level,source,rule_author');
    expect(csv.filter((l) => l.includes('127c8d08-25ff-11ec-9223-acde48001122'))).toHaveLength(1);
    expect(c.out.some((l) => /Findings: \d+/.test(l))).toBe(true);
  });

  it('refuses, before reading anything, every output inside the evidence folder or on an evidence file', async () => {
    const root = tempEvidenceFolder({ 'a.evtx': EVTX_HEADER_START, 'sub/b.xml': '<Events/>' });
    const before = readFileSync(path.join(root, 'a.evtx'));
    const outside = mkdtempSync(path.join(os.tmpdir(), 'triage-out-'));
    symlinkSync(path.join(root, 'sub'), path.join(outside, 'into-evidence'));
    for (const [flag, target] of [
      ['--json', path.join(root, 'triage.json')],
      ['--csv', path.join(root, 'sub', 'findings.csv')],
      ['--pdf', path.join(root, 'a.evtx')],
      ['--json', path.join(outside, 'into-evidence', 'x.json')],
    ] as const) {
      const c = capture();
      expect(await runTriage([root, flag, target], c.io), target).toBe(1);
      expect(c.err, target).toHaveLength(1);
      expect(c.err[0]).toMatch(new RegExp(`^triage: ${flag}: the evidence folder is read-only`));
      expect(c.err.join('\n') + c.out.join('\n')).not.toMatch(/events|Evidence:/); // nothing was read
    }
    expect(readdirSync(root).sort()).toEqual(['a.evtx', 'sub']);
    expect(readdirSync(path.join(root, 'sub'))).toEqual(['b.xml']);
    expect(readFileSync(path.join(root, 'a.evtx'))).toEqual(before);
  });

  it('refuses a missing or unwritable output folder before the triage, in one line', async () => {
    const root = tempEvidenceFolder({ 'a.evtx': EVTX_HEADER_START });
    const missing = capture();
    expect(await runTriage([root, '--pdf', '/nonexistent/dir/r.pdf'], missing.io)).toBe(1);
    expect(missing.err).toEqual([expect.stringMatching(/^triage: --pdf: the output folder does not exist: \/nonexistent\/dir$/)]);
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'triage-out-'));
    mkdirSync(path.join(outDir, 'a-folder'));
    const dir = capture();
    expect(await runTriage([root, '--json', path.join(outDir, 'a-folder')], dir.io)).toBe(1);
    expect(dir.err[0]).toMatch(/the output path is a folder/);
    const same = capture();
    expect(await runTriage([root, '--json', path.join(outDir, 'x'), '--csv', path.join(outDir, 'x')], same.io)).toBe(2);
  });

  it('writes outputs whole, through a temporary file renamed into place, and leaves no temporary file', async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'triage-atomic-'));
    writeFileSync(path.join(outDir, 't.json'), 'old');
    expect(await runTriage(['--json', path.join(outDir, 't.json'), '--quiet'], capture().io)).toBe(0);
    expect(readdirSync(outDir)).toEqual(['t.json']);
    expect(JSON.parse(readFileSync(path.join(outDir, 't.json'), 'utf8')).tool.name).toBe('evtx-triage');
  });

  it('runs as the npm script entry point', async () => {
    const err = await run(process.execPath, ['--require', 'tsx/cjs', 'src-main/cli/triage.ts', '--nope'], { cwd: REPO_ROOT }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/usage: npm run triage/);
  });
});

describe('Sigma options', () => {
  it('parses --rules (repeatable), --min-level, --rule-status, --no-sigma; refuses bad values', () => {
    expect(parseTriageArgs([])).toMatchObject({ rules: [], minLevel: 'low', ruleStatus: null, noSigma: false });
    expect(parseTriageArgs(['--rules', 'a', '--rules', 'b.yml', '--min-level', 'HIGH', '--rule-status', 'stable, test', '--no-sigma']))
      .toMatchObject({ rules: ['a', 'b.yml'], minLevel: 'high', ruleStatus: ['stable', 'test'], noSigma: true });
    expect(() => parseTriageArgs(['--min-level', 'severe'])).toThrow(/min-level/);
    expect(() => parseTriageArgs(['--rule-status', ','])).toThrow(/rule-status/);
    expect(() => parseTriageArgs(['--rules'])).toThrow(/needs a value/);
  });

  it('--no-sigma with --rules: the user’s Sigma rule runs, bad rule files are listed with their reason, the document validates', async () => {
    const rulesDir = mkdtempSync(path.join(os.tmpdir(), 'user-rules-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(rulesDir, 'regsvr32.yml'), [
      'title: Regsvr32 started (test rule)', 'id: 0e0e0e0e-1111-4222-8333-444444444444', 'status: test', 'author: Test Author',
      'logsource:', '  product: windows', '  category: process_creation',
      'detection:', '  selection:', "    Image|endswith: '\\regsvr32.exe'", '  condition: selection', 'level: high', '',
    ].join('\n'));
    writeFileSync(path.join(rulesDir, 'broken.yml'), 'title: [unclosed\n');
    writeFileSync(path.join(rulesDir, 'broken.json'), '{"id": 1}');
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'triage-sigma-'));
    const jsonPath = path.join(outDir, 't.json');
    const c = capture();
    expect(await runTriage(['--no-sigma', '--rules', rulesDir, '--json', jsonPath, '--csv', path.join(outDir, 't.csv'), '--quiet'], c.io)).toBe(0);
    const doc = JSON.parse(readFileSync(jsonPath, 'utf8'));
    if (!NO_CONTRACTS) {
      const validate = triageOutputValidator();
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    }
    const sigma = doc.findings.filter((f: { source: string }) => f.source === 'sigma');
    expect(sigma.length).toBeGreaterThan(0);
    expect(sigma.every((f: { rule_id: string }) => f.rule_id === '0e0e0e0e-1111-4222-8333-444444444444')).toBe(true);
    expect(sigma[0]).toMatchObject({ level: 'high', risk_score: 73, process_name: 'regsvr32.exe', sigma: { author: 'Test Author', path: 'regsvr32.yml' } });
    expect(doc.ruleset.sigma).toMatchObject({ rules_run: 1, min_level: 'low', origins: [{ origin: rulesDir, rules: 1 }] });
    const failed = doc.ruleset.sigma.errors.map((e: { path: string }) => path.basename(e.path)).sort();
    expect(failed).toEqual(['broken.json', 'broken.yml']);
    expect(doc.ruleset.sigma.errors.every((e: { reason: string }) => e.reason.length > 0)).toBe(true);
    // rules[]: the built-in rules and the Sigma rule with findings, documented (author included).
    expect(doc.rules.find((r: { id: string }) => r.id === '0e0e0e0e-1111-4222-8333-444444444444')).toMatchObject({ source: 'sigma', author: 'Test Author' });
    const seeds = doc.findings.filter((f: { rule_id: string }) => f.rule_id === '127c8d08-25ff-11ec-9223-acde48001122');
    expect(seeds).toHaveLength(1);
    expect(seeds[0]).toMatchObject({ source: 'builtin', level: 'high' });
  });

  it('the console names the rules loaded and failed, counts by level and the top rules', async () => {
    const c = capture();
    expect(await runTriage(['--min-level', 'high'], c.io)).toBe(0);
    const text = c.out.join('\n');
    expect(text).toMatch(/Rules: 4 built-in, \d{3,} Sigma run \(\d+ high, \d+ critical\) at level high\+; \d+ skipped, \d+ failed to load/);
    expect(text).toMatch(/By level: \d+ high/);
    expect(text).toMatch(/Top rules:\n\s+\d+ findings,\s+\d+ events\s+high/);
    expect(text).not.toMatch(/\] medium /);
  });
});
