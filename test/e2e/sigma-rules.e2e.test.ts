/**
 * "Load rules folder…" in the real browser with the real API and the real detections: the demo
 * evidence is opened, a rules folder (test/fixtures/app-rules: one rule that matches the demo
 * evidence, two that cannot be loaded) is loaded, the case is read again with it, the rules panel
 * names what loaded and what failed with its reason, and the new Sigma finding shows its rule's
 * author in the list and in the detail. Screens: test-results/screens/sigma-rules-*.png.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths';
import { launchApp, type AppUnderTest } from './harness';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');
const RULES = path.join(REPO_ROOT, 'test/fixtures/app-rules');
const AUTHOR = 'EVTX Triage fixture author';

describe('loading a rules folder in Chromium, on the demo evidence', () => {
  let app: AppUnderTest;
  beforeAll(async () => { app = await launchApp(() => DEMO, () => null, { rulesFolder: () => RULES }); });
  afterAll(async () => { await app?.close(); });

  it('runs the folder\'s rule, lists the broken ones with their reason, and shows the author wherever the finding is', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Open evidence folder…' }).first().click();
    // The app's own signal that the read is done: the case opens on its overview; then its findings list.
    await page.getByTestId('case-overview').waitFor({ timeout: 90_000 });
    await page.getByTestId('tab-findings').click();
    await page.getByTestId('findings-list').waitFor();
    const mine = page.locator('[data-testid="findings-list"] [data-finding-id]').filter({ has: page.getByTestId('rule-author').getByText(AUTHOR, { exact: true }) });
    expect(await mine.count()).toBe(0);

    await page.getByTestId('findings-load-rules').click();
    // Read again with the rules: done when the rules panel of the new read names the folder.
    const panel = page.getByTestId('rules-panel');
    await panel.getByTestId('rules-folder').filter({ hasText: 'test/fixtures/app-rules — 1 rule loaded' }).waitFor({ timeout: 90_000 });
    const userRule = panel.getByTestId('user-rules').locator('tbody tr');
    expect(await userRule.count()).toBe(1);
    expect(await userRule.textContent()).toContain('Regsvr32 Registers DynamicWrapperX From AppData (fixture)');
    expect(await userRule.textContent()).toContain(AUTHOR);
    const errors = panel.getByTestId('rule-errors').locator('tbody tr');
    expect(await errors.count()).toBe(2);
    const errorText = (await errors.allTextContents()).join('\n');
    expect(errorText).toContain('catastrophic_regex.yml');
    expect(errorText).toContain('not_yaml.yml');
    expect(await page.getByTestId('tab-rules').textContent()).toMatch(/2 failed/);
    // The bundled set ran too, counted by level.
    expect(Number((await panel.getByTestId('bundled-by-level').locator('td').nth(1).textContent())?.replace(/,/g, ''))).toBeGreaterThan(100);
    await app.screenshot('sigma-rules-panel');

    await page.getByTestId('tab-findings').click();
    await mine.first().waitFor();
    expect(await mine.count()).toBe(1);
    await app.screenshot('sigma-rules-findings');
    await mine.first().click();
    await page.getByTestId('sigma-rule').waitFor();
    expect(await page.getByTestId('sigma-author').textContent()).toBe(AUTHOR);
    expect(await page.getByTestId('detail-rule-author').textContent()).toBe(`Sigma rule by ${AUTHOR}`);
    expect(await page.getByTestId('sigma-rule-link').textContent()).toBe(path.join(RULES, 'regsvr32_dynwrapx.yml'));
    await page.getByTestId('matched-events').waitFor();
    await app.screenshot('sigma-rules-finding-detail');

    // A bundled SigmaHQ rule's finding: its author, and its URL at the commit the rules were taken from.
    await page.keyboard.press('Escape');
    const bundled = page.locator('[data-testid="findings-list"] [data-finding-id]').filter({ hasText: 'Florian Roth' });
    await bundled.first().click();
    await page.getByTestId('sigma-rule').waitFor();
    expect(await page.getByTestId('sigma-rule-link').textContent()).toMatch(/^https:\/\/github\.com\/SigmaHQ\/sigma\/blob\/[0-9a-f]{40}\/rules\/windows\/.+\.yml$/);
    expect(await page.getByTestId('detail-rule-author').textContent()).toMatch(/^Sigma rule by .*Florian Roth/);
    await page.getByTestId('matched-events').waitFor();
    await app.screenshot('sigma-rules-sigmahq-detail');

    // Reload: the case comes back from IndexedDB with its rules, without another read.
    const reads = app.calls.filter((c) => c === 'scanEvidenceFolder').length;
    expect(reads).toBe(2);
    await page.reload();
    await page.locator('.recent-open').first().click();
    await page.getByTestId('case-overview').waitFor();
    await page.getByTestId('tab-findings').click();
    await mine.first().waitFor();
    await page.getByTestId('tab-rules').click();
    await panel.getByTestId('rules-folder').filter({ hasText: 'test/fixtures/app-rules — 1 rule loaded' }).waitFor();
    expect(await panel.getByTestId('rule-errors').locator('tbody tr').count()).toBe(2);
    expect(app.calls.filter((c) => c === 'scanEvidenceFolder')).toHaveLength(reads);
    expect(app.consoleErrors).toEqual([]);
    expect(app.requests.every((u) => u.startsWith(app.baseUrl))).toBe(true);
  });
});
