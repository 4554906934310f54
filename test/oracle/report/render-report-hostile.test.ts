/** The hostile-strings report rendered by pdftoppm (what it prints: test/report/render-report-hostile.test.ts). */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReportPdf } from '../../../src-main/report/render-report';
import { hostileRequest } from '../../helpers/hostile-report-request';
import { extractPages, inkPerPage, type PageText } from '../../report/pdf-inspect';
import { requires } from '../../helpers/requires';

let pdf: Uint8Array;
let pages: PageText[];

beforeAll(async () => {
  pdf = await renderReportPdf(hostileRequest());
  pages = await extractPages(pdf);
}, 120_000); // rendering and reading back a whole report: allow for a loaded machine

describe('hostile strings', () => {
  it.skipIf(requires('pdftoppm'))('renders non-blank pages', () => {
    const ink = inkPerPage(pdf);
    expect(ink.length).toBe(pages.length);
    for (const [i, share] of ink.entries()) expect(share, `page ${i + 1}`).toBeGreaterThan(0.001);
  });
});
