/**
 * The analyst's whole flow on the demo evidence, in Chromium, shared by the real-findings test and
 * the fixture-findings test: open the folder, watch the progress, find the seed finding, open it,
 * look at its timeline, tree, parallel processes and DLL pivot, confirm it with a note, reload,
 * and get everything back from IndexedDB without reading the evidence again.
 */
import { expect } from 'vitest';
import type { AppUnderTest } from './harness';

export const SEED_CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';

export async function runDeskFlow(app: AppUnderTest, shot: (name: string) => Promise<unknown>): Promise<void> {
  const { page } = app;
  await page.getByText('No case in the cache yet').waitFor();
  await shot('01-start');

  // Ingest: the progress screen (its answer is held back a little so it can be seen).
  await page.getByRole('button', { name: 'Open evidence folder…' }).first().click();
  await page.locator('section.scanning').waitFor();
  await page.locator('.ingest-files li[data-state="reading"], .ingest-files li[data-state="done"]').first().waitFor({ timeout: 30_000 });
  // The reading pass names the file it does not read (the demo's README.md), with why, in the CLI's and the report's words.
  const skipped = page.locator('.ingest-files li[data-state="skipped"]');
  await skipped.first().waitFor({ timeout: 30_000 });
  expect(await skipped.count()).toBe(1);
  expect(await skipped.first().textContent()).toContain('README.md');
  expect(await skipped.first().getByTestId('file-skipped').textContent()).toBe('skipped as not evidence (hashed, not read)');
  expect(await page.getByTestId('progress-files').textContent()).toContain('1 file skipped as not evidence (hashed, not read)');
  await shot('02-ingest');
  // One overall bar, and one bar per file read for events.
  expect(await page.getByRole('progressbar', { name: 'Overall progress' }).count()).toBe(1);
  expect(await page.locator('.ingest-files [role="progressbar"]').count()).toBe(await page.locator('.ingest-files li').count() - 1);

  // The case opens on its overview; the findings are one tab away.
  await page.getByTestId('case-overview').waitFor({ timeout: 60_000 });
  await shot('02b-overview-first-screen');
  await page.getByTestId('tab-findings').click();

  // Findings: the seed is there (regsvr32.exe writing the DynamicWrapperX CLSID).
  // By its DLL value: the CLSID is a column the analyst picks (hidden by default), the DLL value is shown.
  const seedRow = page.locator('[data-testid="findings-list"] [data-finding-id]', { hasText: /dynwrapx\.dll/i }).filter({ hasText: /regsvr32\.exe/i })
    .filter({ hasText: 'Malicious InProcServer32 Modification' });
  await seedRow.first().waitFor({ timeout: 60_000 });
  expect(app.progressEvents).toBeGreaterThan(0);
  await shot('03-findings');

  // Finding detail.
  await seedRow.first().click();
  const detail = page.getByTestId('finding-detail');
  await detail.waitFor();
  await expect.poll(() => page.getByTestId('dll-value').textContent()).toContain('dynwrapx.dll');
  expect((await page.getByTestId('clsid').textContent())?.toLowerCase()).toBe(SEED_CLSID.toLowerCase());
  expect((await page.getByTestId('process-name').textContent())?.toLowerCase()).toBe('regsvr32.exe');
  expect(await detail.locator('h2').textContent()).toBe('Malicious InProcServer32 Modification');
  await shot('04-finding-detail');

  // regsvr32's timeline, with the registry write highlighted; clicking it shows its fields.
  await page.getByRole('tab', { name: 'Process timeline' }).click();
  await page.getByTestId('timeline-svg').waitFor();
  expect((await page.getByTestId('timeline-process').textContent())?.toLowerCase()).toBe('regsvr32.exe');
  expect(await page.locator('[data-testid="timeline-svg"] .mark').count()).toBeGreaterThan(2);
  await page.locator('[data-testid="timeline-svg"] .mark-write').first().click();
  await page.getByTestId('event-fields').waitFor();
  expect(await page.getByTestId('event-fields').textContent()).toContain('dynwrapx.dll');
  await shot('05-timeline');

  // Tree and parallel processes.
  await page.getByRole('tab', { name: 'Tree and parallel processes' }).click();
  await page.getByTestId('processes').waitFor();
  expect(await page.locator('[data-testid="processes"] .lane[data-relation="self"]').count()).toBe(1);
  expect(await page.locator('[data-testid="processes"] .lane[data-relation="ancestor"]', { hasText: 'wscript.exe' }).count()).toBeGreaterThan(0);
  await shot('06-tree-parallel');

  // The DLL pivot: the script host created and loaded the DLL.
  await page.getByRole('tab', { name: 'DLL pivot' }).click();
  await page.getByTestId('dll-pivot').waitFor();
  const loadedBy = await page.getByTestId('dll-loaded-by').allTextContents();
  expect(loadedBy.map((s) => s.toLowerCase())).toContain('wscript.exe');
  expect((await page.getByTestId('dll-created-by').allTextContents()).map((s) => s.toLowerCase())).toContain('wscript.exe');
  await shot('07-dll-pivot');

  // A pivot to the script host's own timeline, and back with Esc.
  await page.getByTestId('dll-loaded-by').filter({ hasText: /wscript\.exe/i }).first().click();
  await expect.poll(() => page.getByTestId('timeline-process').textContent()).toMatch(/wscript\.exe/i);
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await page.getByTestId('timeline-process').textContent())?.toLowerCase()).toBe('regsvr32.exe');

  // Confirm it, with a note (the analyst's name is asked once).
  await page.getByRole('tab', { name: 'Finding' }).click();
  await page.getByRole('radio', { name: 'Confirmed' }).click();
  await page.getByTestId('analyst-prompt').waitFor();
  await page.getByLabel('Your name').fill('E2E Analyst');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => page.getByTestId('status-by').textContent()).toContain('Confirmed · set by E2E Analyst');
  await page.getByTestId('note').fill('regsvr32 /i from wscript: DynamicWrapperX registered. Isolate WS-FIN-07.');
  await page.getByRole('button', { name: 'Save note' }).click();
  await page.getByText('saved', { exact: true }).waitFor();
  await shot('08-confirmed');

  // Reload: the case, the status and the note come back from IndexedDB, without a second read.
  expect(app.calls.filter((c) => c === 'scanEvidenceFolder')).toHaveLength(1);
  await page.reload();
  await page.locator('.recent li').first().waitFor();
  await shot('09-start-recent');
  await page.locator('.recent-open').first().click();
  await page.getByTestId('case-overview').waitFor();
  await page.getByTestId('tab-findings').click();
  await seedRow.first().waitFor();
  expect(await seedRow.first().textContent()).toContain('Confirmed');
  await seedRow.first().click();
  await detail.waitFor();
  await expect.poll(() => page.getByTestId('note').inputValue()).toBe('regsvr32 /i from wscript: DynamicWrapperX registered. Isolate WS-FIN-07.');
  expect(await page.getByTestId('status-by').textContent()).toContain('Confirmed · set by E2E Analyst');
  expect(app.calls.filter((c) => c === 'scanEvidenceFolder')).toHaveLength(1);

  // Nothing left 127.0.0.1, and the console stayed clean.
  expect(app.requests.filter((u) => !u.startsWith(app.baseUrl))).toEqual([]);
  expect(app.consoleErrors).toEqual([]);
}
