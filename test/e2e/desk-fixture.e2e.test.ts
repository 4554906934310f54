/**
 * The same flow with fixture findings (test/renderer/fixtures.ts) put into the real scan of the
 * demo evidence: the desk's screens in the real browser do not depend on the detection engine.
 * Screens are saved as test-results/screens/fixture-*.png.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { CaseScan } from '../../src-main/api/contract';
import { REPO_ROOT } from '../helpers/paths';
import { demoFindings, seedRule } from '../renderer/fixtures';
import { runDeskFlow } from './desk-flow';
import { launchApp, type AppUnderTest } from './harness';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');

describe('the analyst\'s desk in Chromium, fixture findings on the demo evidence', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp(() => DEMO, () => null, {
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
  });
});
