/**
 * The findings list at scale (issue 19): a level filter beside risk; level, ATT&CK and source-file
 * columns; dates with the year; columns sorted, resized and picked (remembered across cases);
 * 100,000 findings sorted by a column stay virtualised.
 */
import 'fake-indexeddb/auto';
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseFinding } from '../../../src-main/shared/contract';
import FindingsList from '../../../src-renderer/components/FindingsList.svelte';
import type { CachedCase } from '../../../src-renderer/lib/case-db';
import { TriageDesk } from '../../../src-renderer/state/triage-desk.svelte';
import { FakeClient } from '../fake-client';
import { SEED_CLSID, demoFindings, fixtureScan, manyFindings, seedFinding } from '../fixtures';
import { freshDb, rows, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

function sigmaFinding(): CaseFinding {
  return seedFinding({
    id: 'sigma-1', rule_id: 'a1b2c3d4-0000-4000-8000-000000000001', rule_name: 'Suspicious Regsvr32 Execution', source: 'sigma', level: 'medium', risk_score: 50,
    mitre: ['T1218.010'], firstTime: '2025-12-31T23:59:58.000Z', lastTime: '2026-01-01T00:00:03.000Z', dest: 'WS-HR-02.corp.example',
    evidence_files: ['WS-HR-02/Sysmon.evtx', 'WS-HR-02/sysmon-export.xml'],
    sigma: {
      id: 'a1b2c3d4-0000-4000-8000-000000000001', title: 'Suspicious Regsvr32 Execution', level: 'medium', status: 'test', description: null, author: 'Florian Roth',
      date: null, modified: null, references: [], falsepositives: [], tags: ['attack.t1218.010'], logsource: { product: 'windows', category: 'process_creation' },
      path: 'rules/windows/process_creation/proc_creation_win_regsvr32.yml', origin: 'sigmahq',
    },
  });
}

async function openList(findings: CaseFinding[], db = freshDb()) {
  const app = startApp(new FakeClient(fixtureScan('/cases/list', 'l'.repeat(64), findings)), db);
  [...app.target.querySelectorAll('button')].find((b) => /^Open evidence folder/.test(b.textContent ?? ''))!.click();
  await expect.poll(() => rows(app.target).length, { timeout: 15_000 }).toBeGreaterThan(0);
  return app;
}
const cells = (target: HTMLElement, column: string) => rows(target).map((r) => r.querySelector(`[data-column="${column}"]`)?.textContent?.trim());
const select = (target: HTMLElement, label: string, value: string) => {
  const s = target.querySelector(`select[aria-label="${label}"]`) as HTMLSelectElement;
  s.value = value;
  s.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
};
const header = (target: HTMLElement, column: string) => target.querySelector<HTMLElement>(`[data-testid="findings-head"] [data-column="${column}"]`)!;

describe('findings list columns', () => {
  it('shows level, ATT&CK, source file and dates with the year; filters by level beside risk', async () => {
    const { target } = await openList([...demoFindings().slice(0, 2), sigmaFinding()]);
    await expect.poll(() => rows(target).length).toBe(3);
    expect(cells(target, 'level')).toEqual(['high', 'high', 'medium']);
    expect(cells(target, 'attack')).toEqual(['T1218.010 T1112', 'T1546.015', 'T1218.010']);
    expect(cells(target, 'first')).toEqual(['2026-11-17 09:41:35', '2026-11-17 09:47:15', '2025-12-31 23:59:58']);
    const source = rows(target)[2]!.querySelector('[data-column="source"]') as HTMLElement;
    expect(source.textContent).toBe('Sysmon.evtx +1');
    expect(source.title).toBe('WS-HR-02/Sysmon.evtx\nWS-HR-02/sysmon-export.xml');
    expect(cells(target, 'author')).toEqual(['EVTX Triage', 'EVTX Triage', 'Florian Roth']);
    select(target, 'Level', 'medium');
    expect(rows(target).map((r) => r.dataset.findingId)).toEqual(['sigma-1']);
    select(target, 'Level', 'critical');
    expect(rows(target)).toHaveLength(0);
    select(target, 'Level', '');
    expect(rows(target)).toHaveLength(3);
  });

  it('lets a long source file name give way from its start, keeping its end, with the full paths in the title', async () => {
    const long = 'WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx';
    const { target } = await openList([{ ...sigmaFinding(), evidence_files: [long] }]);
    await expect.poll(() => rows(target).length).toBe(1);
    const source = rows(target)[0]!.querySelector('[data-column="source"]') as HTMLElement;
    // The channel log's name without Windows' common prefix; a longer name gives way from its start
    // (CSS: an rtl box around an isolated ltr run). The folder (the host) is in the host column.
    expect(source.querySelector('.path-file.tail-first > span')!.textContent).toBe('Sysmon%4Operational.evtx');
    expect(source.querySelector('.path-dir')).toBeNull();
    expect(source.title).toBe(long);
  });

  it('sorts on a header click (aria-sort), the other way on a second, back to risk order on a third; the selection follows its finding', async () => {
    const { target } = await openList([...demoFindings().slice(0, 2), sigmaFinding()]);
    await expect.poll(() => rows(target).length).toBe(3);
    const sortBy = (c: string) => { (header(target, c).querySelector('button.head-sort') as HTMLButtonElement).click(); flushSync(); };
    const ids = () => rows(target).map((r) => r.dataset.findingId);
    const riskOrder = ids();
    sortBy('first');
    expect(header(target, 'first').getAttribute('aria-sort')).toBe('descending');
    expect(ids()).toEqual([riskOrder[1], riskOrder[0], 'sigma-1']);
    expect(target.querySelector('[data-testid="findings-list"] .selected')?.getAttribute('data-finding-id')).toBe(riskOrder[0]);
    sortBy('first');
    expect(header(target, 'first').getAttribute('aria-sort')).toBe('ascending');
    expect(ids()).toEqual(['sigma-1', riskOrder[0], riskOrder[1]]);
    sortBy('first');
    expect(header(target, 'first').getAttribute('aria-sort')).toBe('none');
    expect(ids()).toEqual(riskOrder);
    sortBy('host');
    expect(cells(target, 'host')).toEqual(['WS-FIN-07', 'WS-FIN-07', 'WS-HR-02']);
  });

  it('resizes a column from the keyboard, picks columns, and remembers both for the next case', async () => {
    const db = freshDb();
    const first = await openList(demoFindings(), db);
    const template = () => (first.target.querySelector('[data-testid="findings-head"]') as HTMLElement).style.gridTemplateColumns;
    const before = template();
    const handle = first.target.querySelector('[data-testid="resize-dll"]') as HTMLButtonElement;
    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', shiftKey: true, bubbles: true }));
    flushSync();
    expect(template()).not.toBe(before);
    expect(template()).toContain('200px'); // 120 + 16 + 64
    // Every row takes the header's columns.
    expect((rows(first.target)[0] as HTMLElement).style.gridTemplateColumns).toBe(template());
    expect(rows(first.target)[0]!.querySelector('[data-column="clsid"]')).toBeNull();
    const clsid = first.target.querySelector('[data-testid="column-picker"] input[data-column="clsid"]') as HTMLInputElement;
    clsid.click();
    flushSync();
    expect(rows(first.target)[0]!.querySelector('[data-column="clsid"]')?.textContent).toBe(SEED_CLSID);
    const author = first.target.querySelector('[data-testid="column-picker"] input[data-column="author"]') as HTMLInputElement;
    expect(author.disabled).toBe(true);
    await expect.poll(async () => JSON.parse((await db.getSetting('findingsColumns')) ?? '{}').widths?.dll).toBe(200);
    first.unmount();

    const second = await openList([sigmaFinding()], db);
    await expect.poll(() => rows(second.target)[0]?.querySelector('[data-column="clsid"]')).not.toBeNull();
    expect((second.target.querySelector('[data-testid="findings-head"]') as HTMLElement).style.gridTemplateColumns).toContain('200px');
  });

  it('keeps 100,000 findings virtualised when sorted by a column', () => {
    const db = freshDb();
    const c = { fingerprint: 'big', root: '/cases/big', scannedAt: '', openedAt: '', evidence: [], stats: { files: 0, bytes: 0, errors: 0, events: 0, recordErrors: 0, elapsedMs: 0 }, hosts: [], findingCount: 0, findingCounts: { high: 0, medium: 0, low: 0, suppressed: 0 }, rules: [], ruleset: null, findingsCached: true } satisfies CachedCase;
    const desk = new TriageDesk(new FakeClient(fixtureScan('/x', 'x')), db, c);
    desk.rows = manyFindings(100_000).map(({ pivots: _p, ...row }) => row);
    desk.loading = false;
    const target = document.createElement('div');
    document.body.appendChild(target);
    const m = mount(FindingsList, { target, props: { desk } });
    flushSync();
    (target.querySelector('[data-testid="findings-head"] [data-column="dll"] button.head-sort') as HTMLButtonElement).click();
    flushSync();
    expect(rows(target).length).toBeGreaterThan(10);
    expect(rows(target).length).toBeLessThan(100);
    const shown = rows(target).map((r) => r.querySelector('[data-column="dll"]')?.getAttribute('title') ?? '');
    expect([...shown].sort()).toEqual(shown);
    expect(desk.visible).toHaveLength(100_000);
    unmount(m);
  });
});
