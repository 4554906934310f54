/** The demo-like report rendered by pdftoppm: no blank page (the report itself: test/report/render-report.test.ts). */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderReportPdf } from '../../../src-main/report/render-report';
import {
  demoRequest } from '../../report/demo-case';
import { extractPages, inkPerPage, type PageText } from '../../report/pdf-inspect';
import { requires } from '../../helpers/requires';

let pdf: Uint8Array;
let pages: PageText[];

// A cold render and read-back takes 8–13 s on a loaded 2-core machine (the base commit too): more than vitest's 10 s hook default.
beforeAll(async () => {
  pdf = await renderReportPdf(demoRequest());
  pages = await extractPages(pdf);
}, 120_000); // rendering and reading back a whole report: allow for a loaded machine

afterEach(() => {
  vi.restoreAllMocks();
});


describe('the demo-like report', () => {
  it.skipIf(requires('pdftoppm'))('renders pages that are not blank (pdftoppm)', () => {
    const ink = inkPerPage(pdf);
    expect(ink.length).toBe(pages.length);
    for (const [i, share] of ink.entries()) expect(share, `page ${i + 1}`).toBeGreaterThan(0.001);
  });
});
