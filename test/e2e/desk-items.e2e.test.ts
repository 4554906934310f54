/**
 * The desk's finding views in Chromium (issue 19), fixture findings on the real scan of the demo
 * evidence: copy controls hidden until hover or focus (computed style, not a class name), the
 * findings list's columns (picker, sort), a burst of registry marks clustered and opened, lanes
 * with PID, user and command line, the DLL image's hashes and signature, a Sigma finding's detail.
 * Screens: test-results/screens/desk-items-*.png.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFinding, CaseScan, PivotEvent } from '../../src-main/shared/contract';
import { REPO_ROOT } from '../helpers/paths';
import { DLL, REGSVR_GUID, demoFindings, ev, seedFinding, seedRule } from '../renderer/fixtures';
import { launchApp, type AppUnderTest } from './harness';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');
const EVTX = 'WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx';

function richSeed(): CaseFinding {
  const f = seedFinding();
  const burst: PivotEvent[] = Array.from({ length: 14 }, (_, i) => ev('2026-11-17T09:41:35.476Z', 'registry', 13, REGSVR_GUID, 'regsvr32.exe',
    `SetValue HKU\\S-1-5-21-3163461848-2742339137-1585722155-1107_Classes\\TypeLib\\{${(0x3C4E2F00 + i).toString(16).toUpperCase()}-1111-4B5A-9C8D-112233445566}\\1.0\\0\\win32\\(Default) = ${DLL}`,
    { EventType: 'SetValue', TargetObject: `HKU\\S-1-5-21-3163461848-2742339137-1585722155-1107_Classes\\TypeLib\\{3C4E2F0A}\\1.0\\${i}\\win32\\(Default)`, Details: DLL }));
  const timeline = [...f.pivots.timeline, ...burst].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  const image = { image_loaded: DLL, hashes: 'SHA1=5E2A7C9D0B1F3A4C6E8D0F2B4A6C8E0D1F3B5A7C,MD5=9F8E7D6C5B4A39281706F5E4D3C2B1A0,SHA256=3A1F0C9E5D2B7A4C8E6F1B0D9C3A5E7F2B4D6C8A0E1F3B5D7C9A2E4F6B8D0C1A,IMPHASH=0A1B2C3D4E5F60718293A4B5C6D7E8F9', signed: 'false', signature: null, signature_status: 'Unavailable' };
  return seedFinding({
    events: [{ evidence: EVTX, record_id: 91005, event_id: 13, time: f.firstTime, process_guid: REGSVR_GUID }],
    evidence_files: [EVTX],
    pivots: {
      ...f.pivots, timeline,
      tree: f.pivots.tree.map((p, i) => ({ ...p, process_id: [3480, 6712, 7044][i] })),
      parallel: f.pivots.parallel.map((p, i) => ({ ...p, process_id: 5000 + i, process: p.process ?? `"${p.process_path}"` })),
      dll_loaded_by: f.pivots.dll_loaded_by.map((r, i) => ({ ...r, process_id: [7044, 6712][i], user: 'CORP\\j.doe', image })),
      dll_created_by: f.pivots.dll_created_by.map((r) => ({ ...r, process_id: 6712, user: 'CORP\\j.doe' })),
    },
  });
}

function sigmaFinding(): CaseFinding {
  // A process-creation rule names no DLL: its pivots hold no creation, load or registry value of one.
  const pivots = { ...seedFinding().pivots, dll_created_by: [], dll_loaded_by: [], other_registry_values: [], dll_file_events: [], dll_load_events: [] };
  return seedFinding({
    pivots, server_path: null,
    id: 'sigma-regsvr32', rule_id: '8e2b24c9-4add-46a0-b4bb-0057b4e6187d', rule_name: 'Potentially Suspicious Regsvr32 Execution', source: 'sigma', level: 'medium', risk_score: 50,
    mitre: ['T1218.010'], registry_path: '', registry_key_name: '', registry_value_name: '', registry_value_data: '', clsid: null,
    events: [{ evidence: EVTX, record_id: 90990, event_id: 1, time: '2026-11-17T09:41:35.410Z', process_guid: REGSVR_GUID }], evidence_files: [EVTX],
    sigma: {
      id: '8e2b24c9-4add-46a0-b4bb-0057b4e6187d', title: 'Potentially Suspicious Regsvr32 Execution', level: 'medium', status: 'test',
      description: 'Detects regsvr32 loading a DLL from a user-writable folder.', author: 'Florian Roth (Nextron Systems)', date: '2019-10-25', modified: '2024-03-12',
      references: ['https://example.invalid/regsvr32'], falsepositives: ['Legitimate installers'], tags: ['attack.defense-evasion', 'attack.t1218.010'],
      logsource: { product: 'windows', category: 'process_creation' }, path: 'rules/windows/process_creation/proc_creation_win_regsvr32_susp.yml', origin: 'sigmahq',
    },
  });
}

describe('the desk\'s finding views in Chromium', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp(() => DEMO, () => null, {
      rewrite: (name, value) => (name === 'scanEvidenceFolder' ? { ...(value as CaseScan), findings: [richSeed(), demoFindings()[1]!, sigmaFinding()], rules: [seedRule()] } : value),
    });
  });
  afterAll(async () => { await app?.close(); });

  it('lists, sorts and picks columns; copies on hover or focus; clusters marks; shows lane facts, the DLL image and a Sigma finding', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Open evidence folder…' }).first().click();
    await page.getByTestId('tab-findings').click({ timeout: 120_000 });
    const list = page.getByTestId('findings-list');
    await list.locator('[data-finding-id]').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="findings-head"] [data-column="source"]').count()).toBe(1);
    expect(await list.locator('[data-column="first"]').first().textContent()).toMatch(/^2026-11-17 /);
    // The table fits a 1,400 px window: no sideways scroll with the default columns.
    expect(await page.getByTestId('findings-table').evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
    await app.screenshot('desk-items-01-findings-columns');
    await page.getByTestId('column-picker').locator('summary').click();
    await page.getByTestId('column-picker').locator('input[data-column="clsid"]').check();
    await page.locator('[data-testid="findings-head"] [data-column="level"] button.head-sort').click();
    expect(await page.locator('[data-testid="findings-head"] [data-column="level"]').getAttribute('aria-sort')).toBe('descending');
    await app.screenshot('desk-items-02-findings-picker-sorted');
    await page.getByTestId('column-picker').locator('summary').click();

    // The seed's detail: copy controls invisible until the value is hovered or the control focused.
    await list.locator('[data-finding-id]', { hasText: 'dynwrapx.dll' }).first().click();
    await page.getByTestId('finding-detail').waitFor();
    const copy = page.locator('[data-testid="command-line"] + button.copy');
    const opacity = () => copy.evaluate((b) => getComputedStyle(b).opacity);
    await page.mouse.move(5, 5);
    await expect.poll(opacity).toBe('0');
    await page.getByTestId('command-line').hover();
    await expect.poll(opacity).toBe('1');
    await page.mouse.move(5, 5);
    await expect.poll(opacity).toBe('0');
    await copy.focus();
    await expect.poll(opacity).toBe('1');
    expect(await page.getByTestId('source-records').first().textContent()).toBe('91005');
    await page.mouse.move(5, 5);
    await app.screenshot('desk-items-03-finding-detail');

    // The timeline: registry rows by their tail; the burst is one cluster that lists its events.
    await page.getByRole('tab', { name: 'Process timeline' }).click();
    await page.getByTestId('timeline-svg').waitFor();
    expect(await page.locator('[data-testid="timeline-summary"]', { hasText: 'S-1-5-21' }).count()).toBe(0);
    const cluster = page.getByTestId('timeline-cluster-mark').first();
    expect(Number(await cluster.locator('text').textContent())).toBeGreaterThanOrEqual(4);
    await cluster.click();
    await page.getByTestId('timeline-cluster').waitFor();
    await app.screenshot('desk-items-04-timeline-cluster');

    await page.getByRole('tab', { name: 'Tree and parallel processes' }).click();
    await page.getByTestId('processes').waitFor();
    expect(await page.locator('[data-testid="processes"] .lane-self [data-testid="lane-pid"]').textContent()).toBe('PID 7044');
    expect(await page.locator('[data-testid="processes"] [data-testid="lane-through"]').count()).toBeGreaterThan(0);
    await app.screenshot('desk-items-05-tree-parallel');

    await page.getByRole('tab', { name: 'DLL pivot' }).click();
    await page.getByTestId('dll-pivot').waitFor();
    expect(await page.getByTestId('dll-hash').count()).toBe(4);
    expect(await page.getByTestId('dll-image').textContent()).toContain('Not signed (Unavailable)');
    await app.screenshot('desk-items-06-dll-pivot');

    // A Sigma finding's detail.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await list.locator('[data-finding-id="sigma-regsvr32"]').click();
    await page.getByTestId('sigma-rule').waitFor();
    await page.mouse.move(5, 5);
    await app.screenshot('desk-items-07-sigma-finding-detail');
    // No DLL, no DLL pivot tab (issue 19: an empty "DLL pivot" tab on a Sigma finding).
    expect(await page.getByRole('tab').allTextContents()).toEqual(['Finding', 'Process timeline', 'Tree and parallel processes']);
    expect(app.consoleErrors).toEqual([]);
  });
});
