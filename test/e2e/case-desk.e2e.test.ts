/**
 * The case overview and the event explorer on the demo evidence, in Chromium with the real API:
 * every host listed, the case on one axis, every event of the case in the explorer (read once into
 * IndexedDB), filtered by EventID; a PNG of each screen under test-results/screens/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths';
import { launchApp, type AppUnderTest } from './harness';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');

describe('the case overview and the event explorer in Chromium, on the demo evidence', () => {
  let app: AppUnderTest;
  beforeAll(async () => { app = await launchApp(() => DEMO); });
  afterAll(async () => { await app?.close(); });

  it('shows every host, the case on one axis and ATT&CK; browses every event and filters by EventID', async () => {
    const { page } = app;
    await page.getByText('No case in the cache yet').waitFor();
    await page.getByRole('button', { name: 'Open evidence folder…' }).first().click();
    await page.getByTestId('tab-overview').waitFor({ timeout: 90_000 });
    await page.getByTestId('tab-overview').click();
    await page.getByTestId('overview-hosts').waitFor();
    const hosts = await page.locator('[data-testid="overview-hosts"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-host')));
    expect(hosts.length).toBeGreaterThanOrEqual(3);
    expect(hosts.some((h) => /^DC01/i.test(h ?? ''))).toBe(true);
    await page.getByTestId('lanes-svg').waitFor();
    expect(await page.locator('[data-testid="lanes-svg"] [data-mark]').count()).toBeGreaterThan(0);
    await page.getByTestId('attack-matrix').waitFor();
    await app.screenshot('overview-demo-case');

    // Zoom the axis by dragging across it.
    const box = (await page.getByTestId('lanes-svg').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + 20, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('lanes-reset').waitFor();
    await app.screenshot('overview-demo-zoomed');
    await page.getByTestId('lanes-reset').click();

    // The explorer: every event of the case, read once into the cache.
    await page.getByTestId('tab-explorer').click();
    await page.getByTestId('explorer-grid').waitFor();
    await expect.poll(() => page.getByTestId('explorer-reading').count(), { timeout: 90_000 }).toBe(0);
    const total = await page.getByTestId('explorer-count').textContent();
    const all = Number(/of ([\d,]+) events/.exec(total ?? '')![1]!.replace(/,/g, ''));
    expect(all).toBeGreaterThan(100);
    expect(app.calls.filter((c) => c === 'readEventPage').length).toBeGreaterThan(0);
    await app.screenshot('explorer-all-events');

    await page.getByTestId('explorer-eventid').fill('1');
    await expect.poll(async () => (await page.getByTestId('explorer-count').textContent()) ?? '').not.toContain(`${total}`);
    const ids = await page.locator('[data-testid="explorer-grid"] [data-testid="row-eventid"]').allTextContents();
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids)).toEqual(new Set(['1']));
    await page.locator('[data-testid="explorer-grid"] [data-seq]').first().click();
    await page.getByTestId('explorer-detail').waitFor();
    // The raw Event XML, rendered from the record as the EVTX parser read it, as text.
    await page.getByTestId('explorer-raw-xml').waitFor();
    const raw = (await page.getByTestId('explorer-raw-xml').textContent()) ?? '';
    const recordId = /^\d+/.exec((await page.locator('[data-testid="explorer-detail"] tr', { hasText: 'EventRecordID' }).locator('td').first().textContent())?.trim() ?? '')?.[0];
    expect(recordId).toBeDefined();
    expect(raw).toMatch(/^<Event xmlns='http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event'>\n {2}<System>/);
    expect(raw).toContain('<EventID>1</EventID>');
    if (recordId) expect(raw).toContain(`<EventRecordID>${recordId}</EventRecordID>`);
    expect(await page.locator('[data-testid="explorer-raw-xml"] *').count()).toBe(0);
    expect(app.calls).toContain('readEventSource');
    // The field list is even and compact: every row is as tall as its value's lines plus the same padding
    // (the value pivot never adds a line or height of its own); a value of one line makes a row of one line.
    const rows = await page.locator('[data-testid="explorer-detail"] table.fields tr').evaluateAll((trs) => trs.map((tr) => {
      const rects = [...(tr.querySelector('td .wrap')?.getClientRects() ?? [])];
      const text = rects.length > 0 ? rects[rects.length - 1]!.bottom - rects[0]!.top : 0;
      return { lines: new Set(rects.map((r) => Math.round(r.top))).size, extra: tr.getBoundingClientRect().height - text, height: tr.getBoundingClientRect().height };
    }));
    expect(rows.length).toBeGreaterThan(10);
    const extra = rows.map((r) => r.extra);
    expect(Math.max(...extra) - Math.min(...extra)).toBeLessThanOrEqual(1);
    expect(Math.max(...extra)).toBeLessThanOrEqual(12);
    const oneLine = rows.filter((r) => r.lines === 1).map((r) => r.height);
    expect(Math.max(...oneLine) - Math.min(...oneLine)).toBeLessThanOrEqual(1);
    await app.screenshot('explorer-eventid-1-detail');
    await page.getByTestId('explorer-raw').scrollIntoViewIfNeeded();
    await app.screenshot('explorer-event-raw-xml');
    await page.getByTestId('explorer-process-pivot').click();
    await page.locator('[data-testid="explorer-timeline"] [data-testid="timeline-svg"]').waitFor();
    await app.screenshot('explorer-process-timeline');
    // Any value pivots to the events holding it (the process's image: its own events and its children's).
    const image = page.locator('[data-testid="explorer-detail"] tr', { has: page.locator('th', { hasText: /^Image$/ }) });
    const imageValue = ((await image.locator('td .wrap').first().textContent()) ?? '').trim();
    await image.hover();
    await image.getByTestId('value-pivot').click();
    await expect.poll(async () => (await page.getByTestId('explorer-pivot').textContent()) ?? '').toContain(`Image = ${imageValue} (any field)`);
    await expect.poll(() => page.getByTestId('explorer-pivot-progress').count()).toBe(0);
    const pivoted = Number(/^\s*([\d,]+) of/.exec((await page.getByTestId('explorer-count').textContent()) ?? '')![1]!.replace(/,/g, ''));
    expect(pivoted).toBeGreaterThan(0);
    expect(pivoted).toBeLessThan(all);
    await app.screenshot('explorer-value-pivot');
    expect(app.consoleErrors).toEqual([]);

    // Reopening the case reads the events from the cache, never from the evidence again.
    const before = app.calls.filter((c) => c === 'readEventPage').length;
    await page.reload();
    await page.locator('.recent li').first().waitFor();
    await page.locator('.recent-open').first().click();
    await page.getByTestId('tab-explorer').waitFor({ timeout: 30_000 });
    await page.getByTestId('tab-explorer').click();
    await expect.poll(() => page.getByTestId('explorer-count').textContent(), { timeout: 60_000 }).toContain(`of ${all.toLocaleString('en-US')} events`);
    expect(app.calls.filter((c) => c === 'readEventPage').length).toBe(before);
  });
});
