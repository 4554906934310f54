/**
 * The app's "Load rules folder…": chooseRulesFolder grants a folder as rules (read only, never as
 * evidence), scanEvidenceFolder runs the case with the rules of that folder added, exactly as the
 * CLI's --rules (the same loader). Arguments are validated; a folder the user did not pick is
 * refused; hostile rule files are load errors with their reason and the other rules run.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiResult, CaseRuleChoice, CaseScan } from '../../src-main/shared/contract';
import { createHandlers, dispatchCall } from '../../src-main/api/handlers';
import { GrantedRoots } from '../../src-main/api/granted-roots';
import { REPO_ROOT } from '../helpers/paths';

const FIXTURE_RULES = path.join(REPO_ROOT, 'test/fixtures/app-rules');
const FIXTURE_RULE_ID = '5f0c6a52-2f1e-4d6b-9a0e-7d1c2b3a4e01';

/** A small case: the demo evidence's XML export of the intrusion window (regsvr32 + dynwrapx.dll). */
function smallCase(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'evidence-rules-'));
  copyFileSync(path.join(REPO_ROOT, 'assets/demo-evidence/WS-FIN-07/intrusion-sysmon-export.xml'), path.join(root, 'export.xml'));
  return root;
}

function setup(evidence: string, rulesPick: () => string | null) {
  const handlers = createHandlers({
    roots: new GrantedRoots(), chooseFolder: async () => evidence, chooseRulesFolder: async () => rulesPick(),
    chooseSavePath: async () => null, emit: () => {}, workers: 1,
  });
  const call = (name: string, arg: unknown) => dispatchCall(handlers, name, arg);
  return { handlers, call };
}

const choice = (folders: string[], extra: Partial<CaseRuleChoice> = {}): CaseRuleChoice => ({ folders, minLevel: 'low', ruleStatus: null, bundledSigma: false, ...extra });
const value = <T>(r: ApiResult<unknown>): T => { if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`); return r.value as T; };
let jobs = 0;
const job = () => `rules-${++jobs}`;

describe('chooseRulesFolder and scanEvidenceFolder with rules', () => {
  it('runs the picked folder\'s rules on the case; the broken ones are listed with file and reason', async () => {
    const evidence = smallCase();
    const { call } = setup(evidence, () => FIXTURE_RULES);
    const root = value<string>(await call('chooseEvidenceFolder', null));
    const rules = value<string>(await call('chooseRulesFolder', null));
    const scan = value<CaseScan>(await call('scanEvidenceFolder', { root, jobId: job(), rules: choice([rules]) }));
    const mine = scan.findings.filter((f) => f.rule_id === FIXTURE_RULE_ID);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ source: 'sigma', level: 'high', process_name: 'regsvr32.exe', sigma: { author: 'EVTX Triage fixture author', path: 'regsvr32_dynwrapx.yml', origin: rules } });
    expect(scan.ruleChoice).toEqual(choice([rules]));
    const info = scan.ruleset.sigma!;
    expect(info.user_rules).toEqual([expect.objectContaining({ kind: 'sigma', origin: rules, path: 'regsvr32_dynwrapx.yml', id: FIXTURE_RULE_ID, author: 'EVTX Triage fixture author', level: 'high' })]);
    const errors = info.errors.map((e) => [path.basename(e.path), e.reason.length > 0]).sort();
    expect(errors).toEqual([['catastrophic_regex.yml', true], ['not_yaml.yml', true]]);
    // The built-in rules ran beside them.
    expect(scan.findings.some((f) => f.source === 'builtin')).toBe(true);
  });

  it('applies the minimum level and the statuses, as the CLI does', async () => {
    const evidence = smallCase();
    const { call } = setup(evidence, () => FIXTURE_RULES);
    const root = value<string>(await call('chooseEvidenceFolder', null));
    const rules = value<string>(await call('chooseRulesFolder', null));
    const critical = value<CaseScan>(await call('scanEvidenceFolder', { root, jobId: job(), rules: choice([rules], { minLevel: 'critical' }) }));
    expect(critical.findings.some((f) => f.rule_id === FIXTURE_RULE_ID)).toBe(false);
    // Named with its file under the folder, so the app lists it among the user's rules not run.
    expect(critical.ruleset.sigma!.skipped.find((s) => s.id === FIXTURE_RULE_ID)?.path).toBe(path.join(rules, 'regsvr32_dynwrapx.yml'));
    const stable = value<CaseScan>(await call('scanEvidenceFolder', { root, jobId: job(), rules: choice([rules], { ruleStatus: ['stable'] }) }));
    expect(stable.findings.some((f) => f.rule_id === FIXTURE_RULE_ID)).toBe(false);
    expect(stable.ruleset.sigma!.rule_status).toEqual(['stable']);
  });

  it('refuses malformed rule choices before touching the disk', async () => {
    const { call } = setup(smallCase(), () => FIXTURE_RULES);
    const root = value<string>(await call('chooseEvidenceFolder', null));
    const bad: unknown[] = [
      null, 'x', [], { folders: 'x', minLevel: 'low', ruleStatus: null }, { folders: [''], minLevel: 'low', ruleStatus: null },
      { folders: ['/a\0b'], minLevel: 'low', ruleStatus: null }, { folders: ['/' + 'a'.repeat(5000)], minLevel: 'low', ruleStatus: null },
      { folders: [7], minLevel: 'low', ruleStatus: null }, { folders: Array(33).fill('/tmp'), minLevel: 'low', ruleStatus: null },
      { folders: [], minLevel: 'severe', ruleStatus: null }, { folders: [], minLevel: 'low' },
      { folders: [], minLevel: 'low', ruleStatus: [] }, { folders: [], minLevel: 'low', ruleStatus: ['stable', 'bogus'] },
      { folders: [], minLevel: 'low', ruleStatus: null, bundledSigma: 'no' },
    ];
    for (const rules of bad) {
      const res = await call('scanEvidenceFolder', { root, jobId: job(), rules });
      expect(res, JSON.stringify(rules)?.slice(0, 80)).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    }
    expect(await call('chooseRulesFolder', { path: '/etc' })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
  });

  it('refuses folders the user did not pick as rules: never picked, relative, or the evidence folder itself', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'not-granted-'));
    const { call } = setup(smallCase(), () => FIXTURE_RULES);
    const root = value<string>(await call('chooseEvidenceFolder', null));
    for (const folders of [[other], [root], ['relative/rules'], [FIXTURE_RULES, other]]) {
      const res = await call('scanEvidenceFolder', { root, jobId: job(), rules: choice(folders) });
      expect(res.ok, folders.join()).toBe(false);
      expect((res as { error: { code: string } }).error.code).toMatch(/^(not_allowed|bad_argument)$/);
    }
  });

  it('grants only folders: a file, a missing path or a relative path picked is refused; cancel grants nothing', async () => {
    const file = path.join(FIXTURE_RULES, 'regsvr32_dynwrapx.yml');
    const picks: (string | null)[] = [file, '/no/such/rules-folder', 'rules', null];
    const { call } = setup(smallCase(), () => picks.shift()!);
    expect(await call('chooseRulesFolder', null)).toMatchObject({ ok: false, error: { code: 'not_a_directory' } });
    expect(await call('chooseRulesFolder', null)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('chooseRulesFolder', null)).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await call('chooseRulesFolder', null)).toEqual({ ok: true, value: null });
  });

  it('a folder of hostile rule files: each bad file is a load error with its reason, the good rule still runs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-rules-'));
    copyFileSync(path.join(FIXTURE_RULES, 'regsvr32_dynwrapx.yml'), path.join(dir, 'good.yml'));
    // A YAML alias bomb ("billion laughs"), a file over the size bound, a catastrophic regex, a link out.
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    writeFileSync(path.join(dir, 'bomb.yml'), `title: bomb\n${bomb.join('\n')}\n`);
    writeFileSync(path.join(dir, 'huge.yml'), `title: huge\ndescription: ${'x'.repeat(2 * 1024 * 1024)}\n`);
    copyFileSync(path.join(FIXTURE_RULES, 'catastrophic_regex.yml'), path.join(dir, 'regex.yml'));
    writeFileSync(path.join(dir, 'bad.json'), '{"id": "x", "name": 1}');
    mkdirSync(path.join(dir, 'nested'));
    writeFileSync(path.join(dir, 'nested', 'empty.yml'), '');
    const { call } = setup(smallCase(), () => dir);
    const root = value<string>(await call('chooseEvidenceFolder', null));
    const rules = value<string>(await call('chooseRulesFolder', null));
    const scan = value<CaseScan>(await call('scanEvidenceFolder', { root, jobId: job(), rules: choice([rules]) }));
    expect(scan.findings.filter((f) => f.rule_id === FIXTURE_RULE_ID)).toHaveLength(1);
    const failed = new Map(scan.ruleset.sigma!.errors.map((e) => [path.basename(e.path), e.reason]));
    for (const f of ['bomb.yml', 'huge.yml', 'regex.yml', 'bad.json']) expect(failed.get(f), f).toMatch(/\S/);
    expect(failed.get('huge.yml')).toMatch(/larger than/);
    expect(scan.ruleset.sigma!.rules_failed).toBe(scan.ruleset.sigma!.errors.length);
  });

  it('a granted rules folder removed before the read is a load error, not a failed read', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gone-rules-'));
    const { call } = setup(smallCase(), () => dir);
    const root = value<string>(await call('chooseEvidenceFolder', null));
    const rules = value<string>(await call('chooseRulesFolder', null));
    rmSync(dir, { recursive: true });
    const scan = value<CaseScan>(await call('scanEvidenceFolder', { root, jobId: job(), rules: choice([rules]) }));
    expect(scan.ruleset.sigma!.errors.some((e) => e.path.startsWith(rules))).toBe(true);
    expect(scan.findings.some((f) => f.source === 'builtin')).toBe(true);
  });

  it('a rules folder is not an evidence folder: it cannot be listed or read through the evidence calls', async () => {
    const { call } = setup(smallCase(), () => FIXTURE_RULES);
    const rules = value<string>(await call('chooseRulesFolder', null));
    expect(await call('listEvidenceFolder', { root: rules })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(await call('hashEvidenceFile', { root: rules, path: 'regsvr32_dynwrapx.yml' })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
  });
});
