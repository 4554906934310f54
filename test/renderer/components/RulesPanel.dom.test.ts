/**
 * "Load rules folder…" on the desk: the button and the menu item ask for a folder, the case is read
 * again with its rules (the analyst's choice goes with the scan), the rules panel lists the bundled
 * set by level, the user's rules and every rule file that failed with its reason; the choice is kept
 * with the case in Dexie (reopening shows the same findings, a re-read runs the same rules). The
 * findings list has a Rule author column (DRL 1.1). Rule text is attacker-controlled: shown as text.
 */
import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseFinding, CaseRuleChoice, CaseScan, SigmaRunInfo } from '../../../src-main/shared/contract';
import { ApiError } from '../../../src-renderer/lib/bridge';
import { FakeClient } from '../fake-client';
import { HOSTILE, fixtureScan, seedFinding } from '../fixtures';
import { button, freshDb, rows, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

const ROOT = '/cases/rules';
const FP = 'c'.repeat(64);
const RULES = '/analyst/rules';
const USER_RULE_ID = '5f0c6a52-2f1e-4d6b-9a0e-7d1c2b3a4e01';

function userSigmaFinding(): CaseFinding {
  return {
    ...seedFinding(), id: `${USER_RULE_ID}#1`, rule_id: USER_RULE_ID, rule_name: `Regsvr32 DynamicWrapperX ${HOSTILE}`, risk_score: 73,
    registry_path: '', registry_key_name: '', registry_value_name: '', registry_value_data: '', clsid: null, count: 1, source: 'sigma', level: 'high',
    risk_reasons: [], message: 'Sigma (high): 1 event', events: [], events_truncated: false,
    sigma: {
      id: USER_RULE_ID, title: `Regsvr32 DynamicWrapperX ${HOSTILE}`, level: 'high', status: 'experimental', description: null,
      author: `Fixture Author ${HOSTILE}`, date: '2026-12-05', modified: null, references: [], falsepositives: [], tags: [],
      logsource: { product: 'windows', category: 'process_creation' }, path: 'regsvr32_dynwrapx.yml', origin: RULES,
    },
  };
}

function sigmaInfo(choice: CaseRuleChoice): SigmaRunInfo {
  const withUser = choice.folders.includes(RULES);
  return {
    version: 'sigma-test', origins: [{ origin: 'sigmahq', rules: 100 }, ...(withUser ? [{ origin: RULES, rules: 1 }] : [])],
    min_level: choice.minLevel, rule_status: choice.ruleStatus, rules_run: withUser ? 101 : 100,
    rules_by_level: { informational: 0, low: 40, medium: 30, high: withUser ? 21 : 20, critical: 10 },
    rules_skipped: 7, rules_failed: withUser ? 3 : 1,
    errors: [
      { path: 'rules/windows/x/unsupported.yml', id: 'b1', title: 'Bundled unsupported', code: 'modifier', reason: 'unknown modifier fieldref' },
      ...(withUser ? [
        { path: `${RULES}/catastrophic_regex.yml`, id: 'r2', title: 'Catastrophic Regular Expression', code: 'regex', reason: 'regular expression may backtrack catastrophically' },
        { path: `${RULES}/not_yaml.yml`, id: null, title: null, code: 'yaml', reason: `not YAML ${HOSTILE}` },
      ] : []),
    ],
    skipped: withUser ? [
      { path: 'rules/windows/x/bundled-low.yml', id: 'b2', title: 'Bundled below the level', reason: 'level informational below low' },
      { path: `${RULES}/deprecated.yml`, id: 'u3', title: 'My deprecated rule', reason: 'status deprecated not run' },
    ] : [],
    match_errors: [],
    ...(withUser ? { user_rules: [{ kind: 'sigma' as const, origin: RULES, path: 'regsvr32_dynwrapx.yml', id: USER_RULE_ID, title: `Regsvr32 DynamicWrapperX ${HOSTILE}`, level: 'high' as const, author: `Fixture Author ${HOSTILE}` }] } : { user_rules: [] }),
  };
}

/** The case as main would answer it: the user rule's finding when its folder is chosen. */
function scanWith(choice: CaseRuleChoice | undefined): CaseScan {
  const base = fixtureScan(ROOT, FP, [seedFinding()]);
  const c = choice ?? { folders: [], minLevel: 'low', ruleStatus: null };
  const findings = c.folders.includes(RULES) ? [seedFinding(), userSigmaFinding()] : [seedFinding()];
  return { ...base, findings, ruleset: { ...base.ruleset, sigma: sigmaInfo(c) }, ...(choice ? { ruleChoice: choice } : {}) };
}

function client(): FakeClient {
  const c = new FakeClient(scanWith(undefined));
  c.rulesChosen = RULES;
  c.scanFor = (arg) => scanWith(arg.rules as CaseRuleChoice | undefined);
  return c;
}

const scanArgs = (c: FakeClient) => c.args.filter((a) => a.name === 'scanEvidenceFolder').map((a) => (a.arg as { rules?: CaseRuleChoice }).rules);
const panel = (t: ParentNode) => t.querySelector('[data-testid="rules-panel"]');

async function openCase(c: FakeClient, db = freshDb()) {
  const app = startApp(c, db);
  button(app.target, /^Open evidence folder/).click();
  await expect.poll(() => rows(app.target).length, { timeout: 5000 }).toBeGreaterThan(0);
  return app;
}

describe('rules of a case in the app', () => {
  it('loads a rules folder from the findings toolbar, re-reads with it, and lists what loaded and what failed', async () => {
    const c = client();
    const app = await openCase(c);
    c.delayScan = true;
    button(app.target, /^Load rules folder/).click();
    // While it reads, the progress screen says why the evidence is read again.
    await expect.poll(() => app.target.querySelector('[data-testid="scan-note"]')?.textContent, { timeout: 5000 }).toMatch(/rules of 1 folder, then reading the evidence again/);
    c.releaseScan();
    await expect.poll(() => panel(app.target), { timeout: 5000 }).not.toBeNull();
    expect(scanArgs(c)).toEqual([undefined, { folders: [RULES], minLevel: 'low', ruleStatus: null, bundledSigma: true }]);
    const p = panel(app.target)!;
    // Bundled set by level: the user's high rule is not counted as bundled.
    const byLevel = [...p.querySelectorAll('[data-testid="bundled-by-level"] td')].map((td) => td.textContent);
    expect(byLevel).toEqual(['10', '20', '30', '40', '0']);
    expect(p.querySelector('[data-testid="rules-folder"]')?.textContent).toContain(`${RULES} — 1 rule loaded`);
    const user = p.querySelector('[data-testid="user-rules"] tbody tr')!;
    expect(user.textContent).toContain(`Regsvr32 DynamicWrapperX ${HOSTILE}`);
    expect(user.textContent).toContain(`Fixture Author ${HOSTILE}`);
    const errors = [...p.querySelectorAll('[data-testid="rule-errors"] tbody tr')].map((r) => [...r.children].map((td) => td.textContent));
    expect(errors).toEqual([
      [`${RULES}/catastrophic_regex.yml`, 'Catastrophic Regular Expression', 'regex', 'regular expression may backtrack catastrophically'],
      [`${RULES}/not_yaml.yml`, '—', 'yaml', `not YAML ${HOSTILE}`],
    ]);
    // The user's rules loaded but not run (status, level) are named too; the bundled ones are counted.
    const skipped = [...p.querySelectorAll('[data-testid="user-rules-skipped"] tbody tr')].map((r) => [...r.children].map((td) => td.textContent));
    expect(skipped).toEqual([[`${RULES}/deprecated.yml`, 'My deprecated rule', 'status deprecated not run']]);
    // The bundled set's own refusal is not mixed with the user's, but is not hidden either.
    expect(p.textContent).toContain('1 bundled SigmaHQ rules not loaded');
    expect(app.target.querySelector('[data-testid="tab-rules"]')?.textContent).toMatch(/1 folder.*2 failed/);
    expect(app.target.querySelector('img, script')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows the rule author in the findings list and in every tab of a Sigma finding, with the rule\'s file', async () => {
    const c = client();
    const app = await openCase(c);
    button(app.target, /^Load rules folder/).click();
    await expect.poll(() => panel(app.target), { timeout: 5000 }).not.toBeNull();
    (app.target.querySelector('[data-testid="tab-findings"]') as HTMLElement).click();
    await expect.poll(() => rows(app.target).length, { timeout: 5000 }).toBe(2);
    // The default columns show the rule and its author (DRL 1.1), whatever other columns sit between them.
    const heads = [...app.target.querySelectorAll('.grid-head span')].map((x) => x.textContent?.trim());
    expect(heads.filter((h) => h === 'Risk' || h === 'Rule' || h === 'Author')).toEqual(['Risk', 'Rule', 'Author']);
    const authors = rows(app.target).map((r) => r.querySelector('[data-testid="rule-author"]')?.textContent);
    expect(authors).toEqual(['EVTX Triage', `Fixture Author ${HOSTILE}`]);
    (app.target.querySelector(`[data-finding-id="${USER_RULE_ID}#1"]`) as HTMLElement).click();
    await expect.poll(() => app.target.querySelector('[data-testid="sigma-rule"]'), { timeout: 5000 }).not.toBeNull();
    expect(app.target.querySelector('[data-testid="sigma-rule-link"]')?.textContent).toBe(`${RULES}/regsvr32_dynwrapx.yml`);
    // This finding names no DLL, so it has no DLL pivot tab (src-renderer/lib/finding-dll.ts); every tab it has names the author.
    expect(() => button(app.target, /^DLL pivot$/)).toThrow('no button');
    for (const tab of ['Process timeline', 'Tree and parallel processes', 'Finding']) {
      button(app.target, new RegExp(`^${tab}$`)).click();
      flushSync();
      expect(app.target.querySelector('[data-testid="detail-rule-author"]')?.textContent, tab).toBe(`Sigma rule by Fixture Author ${HOSTILE}`);
    }
    expect(app.target.querySelector('img, script')).toBeNull();
    // The exports made here carry the author too: CSV rule_author, JSON sigma.author.
    button(app.target, /^← Findings/).click();
    await expect.poll(() => rows(app.target).length, { timeout: 5000 }).toBe(2);
    button(app.target, /^Export CSV$/).click();
    button(app.target, /^Export JSON$/).click();
    await expect.poll(() => c.args.filter((a) => a.name === 'saveExport').length, { timeout: 5000 }).toBe(2);
    const [csv, json] = c.args.filter((a) => a.name === 'saveExport').map((a) => (a.arg as { content: string }).content);
    const header = csv!.split('\r\n')[0]!.split(',');
    const line = csv!.split('\r\n').find((l) => l.includes(USER_RULE_ID))!;
    expect(header.at(-1)).toBe('"rule_author"');
    expect(line.endsWith(`"Fixture Author ${HOSTILE.replace(/"/g, '""')}"`)).toBe(true);
    const doc = JSON.parse(json!) as { findings: { rule_id: string; sigma?: { author: string | null } }[] };
    expect(doc.findings.find((f) => f.rule_id === USER_RULE_ID)?.sigma?.author).toBe(`Fixture Author ${HOSTILE}`);
  });

  it('keeps the rules with the case: reopening shows the same findings and a re-read runs the same rules', async () => {
    const c = client();
    const db = freshDb();
    const first = await openCase(c, db);
    button(first.target, /^Load rules folder/).click();
    await expect.poll(() => panel(first.target), { timeout: 5000 }).not.toBeNull();
    first.unmount();
    const again = client();
    const app = await openCase(again, db);
    expect(app.session.fromCache).toBe(true);
    expect(rows(app.target).map((r) => r.dataset.findingId)).toContain(`${USER_RULE_ID}#1`);
    expect(scanArgs(again)).toEqual([]);
    button(app.target, /^Re-read evidence/).click();
    await expect.poll(() => scanArgs(again).length, { timeout: 5000 }).toBe(1);
    expect(scanArgs(again)[0]).toEqual({ folders: [RULES], minLevel: 'low', ruleStatus: null, bundledSigma: true });
  });

  it('runs the level and status choices, and removes a folder, each as a re-read', async () => {
    const c = client();
    const app = await openCase(c);
    button(app.target, /^Load rules folder/).click();
    await expect.poll(() => panel(app.target), { timeout: 5000 }).not.toBeNull();
    const run = () => app.target.querySelector<HTMLButtonElement>('[data-testid="run-rules"]')!;
    expect(run().disabled).toBe(true);
    const level = app.target.querySelector<HTMLSelectElement>('[data-testid="min-level"]')!;
    level.value = 'high';
    level.dispatchEvent(new Event('change', { bubbles: true }));
    const experimental = [...app.target.querySelectorAll<HTMLInputElement>('.statuses input')].find((i) => i.value === 'experimental')!;
    experimental.click();
    flushSync();
    expect(run().disabled).toBe(false);
    run().click();
    await expect.poll(() => scanArgs(c).length, { timeout: 5000 }).toBe(3);
    expect(scanArgs(c)[2]).toEqual({ folders: [RULES], minLevel: 'high', ruleStatus: ['stable', 'test'], bundledSigma: true });
    await expect.poll(() => app.session.current?.ruleChoice?.minLevel, { timeout: 5000 }).toBe('high');
    // The panel of the new read starts from the choice it ran with.
    await expect.poll(() => app.target.querySelector<HTMLSelectElement>('[data-testid="min-level"]')?.value, { timeout: 5000 }).toBe('high');
    expect(run().disabled).toBe(true);
    button(panel(app.target)!, /^remove$/).click();
    await expect.poll(() => scanArgs(c).length, { timeout: 5000 }).toBe(4);
    expect(scanArgs(c)[3]).toEqual({ folders: [], minLevel: 'high', ruleStatus: ['stable', 'test'], bundledSigma: true });
  });

  it('the File menu item loads a rules folder into the open case, and says so when no case is open', async () => {
    const c = client();
    const app = startApp(c);
    c.emitMenuAction({ action: 'loadRulesFolder' });
    flushSync();
    expect(app.session.error).toMatch(/Open a case first/);
    expect(c.calls).not.toContain('chooseRulesFolder');
    button(app.target, /^Open evidence folder/).click();
    await expect.poll(() => rows(app.target).length, { timeout: 5000 }).toBe(1);
    c.emitMenuAction({ action: 'loadRulesFolder' });
    await expect.poll(() => panel(app.target), { timeout: 5000 }).not.toBeNull();
    expect(c.calls.filter((n) => n === 'chooseRulesFolder')).toHaveLength(1);
    c.rulesChosen = null;
    button(app.target, /^Load rules folder/).click();
    await expect.poll(() => c.calls.filter((n) => n === 'chooseRulesFolder').length).toBe(2);
    expect(scanArgs(c)).toHaveLength(2); // cancelled: nothing read again
  });

  it('a rules folder no longer granted (the app restarted) is named, with what to do', async () => {
    const c = client();
    const app = await openCase(c);
    button(app.target, /^Load rules folder/).click();
    await expect.poll(() => panel(app.target), { timeout: 5000 }).not.toBeNull();
    c.scanFor = () => { throw new ApiError('not_allowed', `rules folder was not opened by the user: ${RULES}`, { path: RULES }); };
    button(app.target, /^Re-read evidence/).click();
    await expect.poll(() => app.session.error, { timeout: 5000 }).toMatch(/rules folder \/analyst\/rules is no longer open to the app.*Load rules folder/);
    expect(app.session.screen).toBe('case');
  });
});
