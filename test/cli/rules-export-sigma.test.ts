/**
 * `npm run rules -- export-sigma DIR` and the round trip issue #20 asks for: the exported Sigma
 * rules load in our own Sigma loader without an error, carry the Sigma specification's fields,
 * and `triage --rules DIR --no-builtin --no-sigma` finds what the built-in rules find (same rule
 * titles, hosts, counts, first/last times and matched records) on the demo evidence and on the
 * shared corpus's COM-hijack samples. Also the output folder's refusals and `--no-builtin`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runRules } from '../../src-main/cli/run-rules';
import { runTriage } from '../../src-main/cli/run-triage';
import { levelOfRisk } from '../../src-main/detect/risk-levels';
import { builtinRuleset, SEED_RULE_ID } from '../../src-main/detect/rules/load';
import { loadSigmaRuleSet } from '../../src-main/detect/sigma/load';
import { REPO_ROOT } from '../helpers/paths';
import { exportTo, expectRoundTrip, quietIo, rulesExportTmp } from '../helpers/rules-export-round-trip';

const tmp = rulesExportTmp();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('rules export-sigma', () => {
  const dir = path.join(tmp, 'sigma');
  let docs: Record<string, Record<string, unknown>> = {};

  it('writes one Sigma rule per built-in rule with the specification’s fields', async () => {
    docs = await exportTo(dir);
    const rules = builtinRuleset().rules;
    expect(Object.keys(docs)).toHaveLength(rules.length);
    const ids = new Set<string>();
    for (const [file, d] of Object.entries(docs)) {
      expect(file).toMatch(/^registry_event_[a-z0-9_]+\.yml$/);
      for (const k of ['title', 'id', 'status', 'description', 'references', 'author', 'date', 'tags', 'logsource', 'detection', 'falsepositives', 'level']) expect(d, `${file} ${k}`).toHaveProperty(k);
      expect(d.id).toMatch(UUID);
      ids.add(d.id as string);
      expect(d.logsource).toEqual({ product: 'windows', category: 'registry_event' });
      expect(String(d.date)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect((d.detection as Record<string, unknown>).condition).toEqual(expect.any(String));
      const rule = rules.find((r) => r.name === d.title)!;
      expect(d.level).toBe(levelOfRisk(rule.risk.score));
      for (const t of rule.mitre) expect(d.tags).toContain(`attack.${t.toLowerCase()}`);
      expect((d.tags as string[]).some((t) => /^attack\.[a-z-]+$/.test(t))).toBe(true);
      expect(d.falsepositives).toEqual(rule.false_positives);
    }
    expect(ids.size).toBe(rules.length);
    const seed = Object.values(docs).find((d) => (d.related as { id: string }[] | undefined)?.some((r) => r.id === SEED_RULE_ID) && d.title === 'Malicious InProcServer32 Modification')!;
    expect(seed.id).not.toBe(SEED_RULE_ID);
    expect(seed.related).toEqual([{ id: SEED_RULE_ID, type: 'derived' }]);
    expect(seed.tags).toEqual(expect.arrayContaining(['attack.t1218.010', 'attack.t1112', 'attack.defense-evasion']));
  });

  it('is stable: a second export writes nothing and gives the same ids', async () => {
    const out: string[] = [];
    expect(await runRules(['export-sigma', dir], quietIo(out))).toBe(0);
    expect(out[0]).toMatch(/\(0 written, 4 unchanged\)/);
    const again = await exportTo(path.join(tmp, 'sigma-again'));
    expect(Object.values(again).map((d) => d.id)).toEqual(Object.values(docs).map((d) => d.id));
  });

  it('loads in our Sigma loader without an error', () => {
    const set = loadSigmaRuleSet({ bundled: false, paths: [dir], minLevel: 'informational' });
    expect(set.errors).toEqual([]);
    expect(set.skipped).toEqual([]);
    expect(set.rules.map((r) => r.meta.title).sort()).toEqual(Object.values(docs).map((d) => d.title).sort());
  });

  it('round trip: --rules DIR --no-builtin --no-sigma finds what the built-in rules find on the demo evidence', async () => {
    await expectRoundTrip([], dir, tmp);
  }, 120_000);

  it('refuses an output inside the evidence, a file as the folder, a missing parent, and changed files without --force', async () => {
    const err: string[] = [];
    expect(await runRules(['export-sigma', 'assets/demo-evidence/rules'], quietIo([], err))).toBe(1);
    expect(err.join('\n')).toMatch(/evidence folder is read-only/);
    expect(existsSync(path.join(REPO_ROOT, 'assets/demo-evidence/rules'))).toBe(false);
    const ev = path.join(tmp, 'case');
    mkdirSync(ev);
    expect(await runRules(['export-sigma', path.join(ev, 'out'), '--evidence', ev], quietIo())).toBe(1);
    expect(existsSync(path.join(ev, 'out'))).toBe(false);
    writeFileSync(path.join(tmp, 'afile'), 'x');
    expect(await runRules(['export-sigma', path.join(tmp, 'afile')], quietIo())).toBe(1);
    expect(await runRules(['export-sigma', path.join(tmp, 'no', 'such')], quietIo())).toBe(1);
    const first = Object.keys(docs)[0]!;
    writeFileSync(path.join(dir, first), 'title: mine\n');
    err.length = 0;
    expect(await runRules(['export-sigma', dir], quietIo([], err))).toBe(1);
    expect(err.join('\n')).toContain(first);
    expect(readFileSync(path.join(dir, first), 'utf8')).toBe('title: mine\n');
    expect(await runRules(['export-sigma', dir, '--force'], quietIo())).toBe(0);
    expect(parse(readFileSync(path.join(dir, first), 'utf8')).title).toBe(docs[first]!.title);
  });

  it('usage errors exit 2', async () => {
    expect(await runRules([], quietIo())).toBe(2);
    expect(await runRules(['export-sigma'], quietIo())).toBe(2);
    expect(await runRules(['export-yara', dir], quietIo())).toBe(2);
    expect(await runRules(['export-sigma', dir, '--bogus'], quietIo())).toBe(2);
  });
});

describe('triage --no-builtin', () => {
  it('drops the built-in rules (and --no-sigma the bundled set): no findings, said on the console', async () => {
    const out: string[] = [];
    expect(await runTriage(['--no-builtin', '--no-sigma'], quietIo(out))).toBe(0);
    expect(out.join('\n')).toMatch(/Findings: 0/);
    expect(out.join('\n')).toMatch(/Rules: 0 built-in/);
  }, 120_000);
});
