/**
 * The foundation's slice in a real browser: open the shared evidence folder, see every file with
 * the sha256 SOURCES.md gives, reload, and get the case back from IndexedDB without re-hashing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_EVIDENCE } from '../helpers/paths';
import { readSourcesMd } from '../helpers/sources-md';
import { launchApp, type AppUnderTest } from './harness';

/** How long the first read of the shared corpus may take before the evidence table shows (not a speed target). */
const READ_TIMEOUT_MS = 240_000;

describe('evidence slice in Chromium', () => {
  let app: AppUnderTest;
  beforeAll(async () => { app = await launchApp(() => SHARED_EVIDENCE); });
  afterAll(async () => { await app?.close(); });

  it('opens the folder, lists every file with its sha256, and comes back from the cache after a reload', async () => {
    const { page } = app;
    // A case opens on its overview: the evidence table is one tab away.
    const showEvidence = async () => {
      // Reading the whole shared corpus (Sigma included) takes minutes on a loaded 2-core machine.
      await page.locator('table.evidence tbody tr, [data-testid="tab-evidence"]').first().waitFor({ timeout: READ_TIMEOUT_MS });
      if (await page.getByTestId('tab-evidence').count()) await page.getByTestId('tab-evidence').click();
      await page.locator('table.evidence tbody tr').first().waitFor();
    };
    await page.getByText('No case in the cache yet').waitFor();
    await app.screenshot('01-start');

    await page.getByRole('button', { name: 'Open evidence folder…' }).first().click();
    // The ingest screen while this larger folder is read (a screen to look at; skipped when too quick to catch).
    if (await page.locator('.ingest-files li[data-state="reading"]').first().waitFor({ timeout: 5000 }).then(() => true, () => false)) {
      await app.screenshot('02-ingest-shared-evidence');
    }
    await showEvidence();
    const rows = await page.locator('table.evidence tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        path: tr.getAttribute('data-path') ?? '',
        sha256: tr.querySelector('[data-testid="sha256"]')?.textContent ?? '',
        format: tr.querySelector('.fmt')?.textContent ?? '',
      })));
    const facts = readSourcesMd();
    const byPath = new Map(rows.map((r) => [r.path, r]));
    for (const [p, f] of facts) expect(byPath.get(p)?.sha256, p).toBe(f.sha256);
    expect(rows.filter((r) => r.path.endsWith('.evtx')).every((r) => r.format === 'evtx')).toBe(true);
    expect(app.calls.filter((c) => c === 'scanEvidenceFolder')).toHaveLength(1);
    expect(app.progressEvents).toBeGreaterThan(0);
    await app.screenshot('02-evidence-table');

    await page.reload();
    await page.locator('.recent li').first().waitFor();
    await page.getByRole('button', { name: 'Open evidence folder…' }).first().click();
    await page.getByTestId('from-cache').waitFor();
    await showEvidence();
    expect(await page.locator('table.evidence tbody tr').count()).toBe(rows.length);
    expect(app.calls.filter((c) => c === 'scanEvidenceFolder')).toHaveLength(1);
    const dbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(dbs).toContain('evtx-triage');
    await app.screenshot('03-cached-case');

    const outside = app.requests.filter((u) => !u.startsWith(app.baseUrl));
    expect(outside).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  }, READ_TIMEOUT_MS + 120_000);
});
