/**
 * "Import triage document…" in the real browser with the real API: the demo evidence's triage JSON
 * (made here by the CLI's run function, in a temp folder) is picked in the dialog, and the case
 * shows its findings read-only, with where it came from. Screen: test-results/screens/import-triage-document.png.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTriage } from '../../src-main/cli/run-triage';
import { REPO_ROOT } from '../helpers/paths';
import { launchApp, type AppUnderTest } from './harness';

describe('importing a triage document in Chromium', () => {
  let app: AppUnderTest;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'import-e2e-'));
  const doc = path.join(tmp, 'demo-triage.json');
  beforeAll(async () => {
    expect(await runTriage(['--json', doc, '--quiet'], { out: () => {}, err: () => {}, cwd: REPO_ROOT })).toBe(0);
    app = await launchApp(() => null, () => null, { triageDocument: () => doc });
  }, 240_000);
  afterAll(async () => { await app?.close(); rmSync(tmp, { recursive: true, force: true }); });

  it('shows the document\'s findings, read-only, with where it came from', async () => {
    const { page } = app;
    const findings = (JSON.parse(readFileSync(doc, 'utf8')) as { findings: { finding_id: string }[] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    await page.getByTestId('import-triage-document').click();
    await page.getByTestId('findings-list').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('imported-from').textContent()).toContain('demo-triage.json');
    expect(await page.getByRole('button', { name: 'Re-read evidence' }).count()).toBe(0);
    const ids = await page.locator('[data-testid="findings-list"] [data-finding-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding-id')));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(findings.map((f) => f.finding_id)).toContain(id);
    expect(app.calls).not.toContain('scanEvidenceFolder');
    await app.screenshot('import-triage-document');
  });
});
