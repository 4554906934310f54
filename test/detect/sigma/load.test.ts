/** The loader: the whole bundled set, user paths, filters, status/level options, errors as data. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSigmaRuleSet } from '../../../src-main/detect/sigma/load';
import type { LoadedSigmaRuleSet } from '../../../src-main/detect/sigma/rule-set';
import { event } from './helpers';

const USER = path.resolve(__dirname, '../../fixtures/sigma/user-rules');

describe('the bundled SigmaHQ set', () => {
  let set: LoadedSigmaRuleSet;
  beforeAll(() => {
    set = loadSigmaRuleSet({});
  }, 120_000);

  it('loads; every rule that fails to load is listed with a code and a reason', () => {
    const total = set.rules.length + set.skipped.length + set.errors.length;
    console.log(`[sigma] ${set.rules.length} rules run, ${set.skipped.length} skipped, ${set.errors.length} failed to load:`);
    for (const e of set.errors) console.log(`  ${e.code} ${e.path}: ${e.reason}`);
    expect(total).toBeGreaterThanOrEqual(2800);
    expect(set.rules.length).toBeGreaterThan(2700);
    expect(set.errors.length).toBeLessThan(40);
    for (const e of set.errors) {
      expect(e.code).toMatch(/^[a-z-]+$/);
      expect(e.reason.length).toBeGreaterThan(10);
    }
  });
  it('rules with placeholders are skipped until their values are set', () => {
    const ph = set.skipped.filter((s) => /placeholder/.test(s.reason));
    expect(ph.length).toBeGreaterThan(5);
    expect(ph.some((s) => s.path.startsWith('rules-placeholder/'))).toBe(true);
  });
  it('offers an event only the rules of its channel and EventID', () => {
    const cands = set.candidates(event({ Image: 'x' }, { eventId: 1 }));
    expect(cands.length).toBeGreaterThan(500);
    expect(cands.every((r) => r.meta.logsource.category === 'process_creation' || r.meta.logsource.service === 'sysmon')).toBe(true);
    expect(set.candidates(event({}, { eventId: 9999, channel: 'Nowhere' }))).toHaveLength(0);
  });
  it('matches a real-looking event (mimikatz command line)', () => {
    const hits = set.matches(event({ Image: 'C:\\Temp\\mimikatz.exe', CommandLine: 'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit', OriginalFileName: 'mimikatz.exe' }));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((r) => r.meta.author !== undefined)).toBe(true);
  });
});

describe('user rules', () => {
  it('loads files and folders; filters exclude; bad files are errors with reasons; correlations are kept', () => {
    const set = loadSigmaRuleSet({ bundled: false, paths: [USER], placeholders: {} });
    expect(set.rules.map((r) => r.meta.id).sort()).toEqual(['11111111-1111-4111-8111-111111111111', '44444444-4444-4444-8444-444444444444']);
    expect(set.skipped).toEqual([expect.objectContaining({ id: '33333333-3333-4333-8333-333333333333', reason: expect.stringMatching(/deprecated/) })]);
    expect(set.errors.map((e) => [path.basename(e.path), e.code]).sort()).toEqual([
      ['bad_modifier.yml', 'unsupported-modifier'],
      ['broken.yml', 'yaml'],
    ]);
    expect(set.correlations.map((c) => c.doc['id'])).toEqual(['55555555-5555-4555-8555-555555555555']);
    expect(set.rule('whoami_exec')?.meta.id).toBe('11111111-1111-4111-8111-111111111111');
    const whoami = (user: string) => set.matches(event({ Image: 'C:\\Windows\\System32\\whoami.exe', User: user })).map((r) => r.meta.id);
    expect(whoami('CORP\\bob')).toEqual(['11111111-1111-4111-8111-111111111111']);
    expect(whoami('CORP\\admin')).toEqual([]);
  });
  it('minLevel and ruleStatus choose what runs', () => {
    const set = loadSigmaRuleSet({ bundled: false, paths: [USER], minLevel: 'medium', ruleStatus: ['stable', 'test', 'experimental', 'deprecated'], placeholders: {} });
    expect(set.rules.map((r) => r.meta.id).sort()).toEqual(['11111111-1111-4111-8111-111111111111', '33333333-3333-4333-8333-333333333333']);
    expect(set.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/level low below medium/)]);
  });
  it('a missing path is an error, not a throw', () => {
    const set = loadSigmaRuleSet({ bundled: false, paths: ['/nonexistent/rules'], placeholders: {} });
    expect(set.rules).toHaveLength(0);
    expect(set.errors[0]).toMatchObject({ code: 'io' });
  });
});

describe('hostile rule files', () => {
  it('deep nesting, huge conditions and many documents are per-file errors, never a throw', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sigma-hostile-'));
    const head = 'title: t\nlogsource:\n  product: windows\n  category: process_creation\n';
    writeFileSync(path.join(dir, 'deep.yml'), `${head}id: d1\ndetection:\n  s:\n    Image: ${'['.repeat(20000)}x${']'.repeat(20000)}\n  condition: s\n`);
    writeFileSync(path.join(dir, 'cond.yml'), `${head}id: d2\ndetection:\n  s:\n    Image: x\n  condition: ${'('.repeat(3000)}s${')'.repeat(3000)}\n`);
    writeFileSync(path.join(dir, 'docs.yml'), Array.from({ length: 500 }, (_, i) => `title: t${i}\nid: m${i}\n`).join('---\n'));
    writeFileSync(path.join(dir, 'ok.yml'), `${head}id: ok1\ndetection:\n  s:\n    Image: x\n  condition: s\n`);
    const set = loadSigmaRuleSet({ bundled: false, paths: [dir], placeholders: {} });
    expect(set.rules.map((r) => r.meta.id)).toEqual(['ok1']);
    expect(set.errors.map((e) => path.basename(e.path)).sort()).toEqual(['cond.yml', 'deep.yml', 'docs.yml']);
    for (const e of set.errors) expect(e.reason).not.toBe('');
  });
});

describe('assetsDir (a packaged app keeps assets/sigma elsewhere)', () => {
  it('reads rules.json and placeholders.yml from there', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sigma-assets-'));
    const doc = { title: 'Packaged', id: 'p1', logsource: { product: 'windows', category: 'process_creation' }, detection: { s: { 'User|expand': '%admins%' }, condition: 's' } };
    writeFileSync(path.join(dir, 'rules.json'), JSON.stringify({ provenance: {}, files: [{ path: 'rules/p.yml', documents: [{ index: 0, doc }] }] }));
    writeFileSync(path.join(dir, 'placeholders.yml'), "admins:\n  - 'CORP\\root'\n");
    const set = loadSigmaRuleSet({ assetsDir: dir });
    expect(set.errors).toEqual([]);
    expect(set.rules.map((r) => r.meta.path)).toEqual(['rules/p.yml']);
    expect(set.matches(event({ User: 'corp\\ROOT' })).map((r) => r.meta.id)).toEqual(['p1']);
  });

  it('a rules.json that cannot be parsed is a load error, and the bundled YAML files beside it are read instead, before --rules', async () => {
    const { mkdirSync, mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sigma-assets-'));
    const head = 'logsource: {product: windows, category: process_creation}\ndetection:\n  s:\n    Image: x.exe\n  condition: s\n';
    writeFileSync(path.join(dir, 'rules.json'), '{"provenance": {}, "files": [');
    writeFileSync(path.join(dir, 'placeholders.yml'), '{}\n');
    mkdirSync(path.join(dir, 'rules'));
    writeFileSync(path.join(dir, 'rules', 'y.yml'), `title: From YAML\nid: y1\n${head}`);
    const user = mkdtempSync(path.join(os.tmpdir(), 'sigma-user-'));
    writeFileSync(path.join(user, 'u.yml'), `title: User\nid: u1\n${head}`);
    const set = loadSigmaRuleSet({ assetsDir: dir, paths: [user] });
    expect(set.errors.map((e) => [e.path, e.code])).toEqual([['rules.json', 'bundle']]);
    expect(set.rules.map((r) => [r.meta.id, r.meta.origin])).toEqual([['y1', 'sigmahq'], ['u1', user]]);
  });

  it('setSigmaAssetsDir (the packaged app, once at start) moves the default for every later load', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const { setSigmaAssetsDir, bundledSigmaAssetsDir } = await import('../../../src-main/detect/sigma/load-options');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sigma-resources-'));
    const doc = { title: 'From resources', id: 'r1', logsource: { product: 'windows', category: 'process_creation' }, detection: { s: { Image: 'x.exe' }, condition: 's' } };
    writeFileSync(path.join(dir, 'rules.json'), JSON.stringify({ provenance: {}, files: [{ path: 'rules/r.yml', documents: [{ index: 0, doc }] }] }));
    writeFileSync(path.join(dir, 'placeholders.yml'), '{}\n');
    const before = bundledSigmaAssetsDir();
    try {
      setSigmaAssetsDir(dir);
      expect(loadSigmaRuleSet({}).rules.map((r) => r.meta.id)).toEqual(['r1']);
    } finally {
      setSigmaAssetsDir(before);
    }
  });
});
