/**
 * The same flow with fixture findings (test/renderer/fixtures.ts) put into the real scan of the
 * demo evidence: the desk's screens in the real browser do not depend on the detection engine.
 * Screens are saved as test-results/screens/fixture-*.png.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseScan } from '../../src-main/shared/contract';
import { REPO_ROOT } from '../helpers/paths';
import { demoFindings, seedRule } from '../renderer/fixtures';
import { runDeskFlow, SEED_CLSID } from './desk-flow';
import { launchApp, type AppUnderTest } from './harness';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');

describe('the analyst\'s desk in Chromium, fixture findings on the demo evidence', () => {
  let app: AppUnderTest;
  const out = mkdtempSync(path.join(os.tmpdir(), 'desk-exports-'));
  beforeAll(async () => {
    app = await launchApp(() => DEMO, (name) => path.join(out, name), {
      delayMs: { scanEvidenceFolder: 1500 },
      rewrite: (name, value) => (name === 'scanEvidenceFolder' ? { ...(value as CaseScan), findings: demoFindings(), rules: [seedRule()] } : value),
    });
  });
  afterAll(async () => { await app?.close(); });

  it('walks the whole flow on fixture findings', async () => {
    await runDeskFlow(app, (name) => app.screenshot(`fixture-${name}`));
    // The dark theme, on the busiest screens.
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await app.page.getByRole('tab', { name: 'Process timeline' }).click();
    await app.page.locator('[data-testid="timeline-table"] [role="row"]').nth(4).click();
    await app.screenshot('fixture-10-dark-timeline');
    await app.page.keyboard.press('Escape');
    await app.page.keyboard.press('Escape');
    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('findings-list').waitFor();
    await app.screenshot('fixture-11-dark-findings');

    // Exports through the real handlers: CSV and JSON text made in the page, the PDF by the report module.
    await app.page.emulateMedia({ colorScheme: 'light' });
    await app.page.getByRole('button', { name: 'Export CSV' }).click();
    // The app's own completion signal (the notice naming the file), never the file appearing.
    await app.page.getByText(/Saved 2 findings to .*demo-evidence-findings\.csv/).waitFor();
    const csv = readFileSync(path.join(out, 'demo-evidence-findings.csv'), 'utf8');
    expect(csv).toContain(SEED_CLSID);
    expect(csv).toContain('"confirmed"');
    await app.page.getByRole('button', { name: 'Export JSON' }).click();
    await app.page.getByText(/Saved 2 findings to .*demo-evidence-findings\.json/).waitFor();
    expect(JSON.parse(readFileSync(path.join(out, 'demo-evidence-findings.json'), 'utf8')).findings).toHaveLength(2);
    await app.page.getByRole('button', { name: 'PDF report…' }).click();
    await app.page.getByText(/Saved the PDF report/).waitFor({ timeout: 60_000 });
    const pdf = readFileSync(path.join(out, 'demo-evidence-triage-report.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await app.screenshot('fixture-12-exported');
    expect(app.consoleErrors).toEqual([]);
  });
});
