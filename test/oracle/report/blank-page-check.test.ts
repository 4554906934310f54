/** The blank-page check the oracle report tests use (test/report/pdf-inspect.ts inkPerPage, through pdftoppm) sees a blank page as blank. */
import * as pdfmakeNs from 'pdfmake';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BODY_FONT, fontPaths, fontTable, setReportAssetsDir } from '../../../src-main/report/fonts';
import { inkPerPage } from '../../report/pdf-inspect';
import { requires } from '../../helpers/requires';

afterEach(() => {
  setReportAssetsDir(null);
  delete process.env.EVTX_TRIAGE_ASSETS;
});

describe.skipIf(requires('pdftoppm'))('the blank-page check itself', () => {
  it('sees a blank page as blank', async () => {
    const pdfmake = ((pdfmakeNs as unknown as { default?: typeof pdfmakeNs }).default ?? pdfmakeNs) as typeof pdfmakeNs;
    const table = fontTable();
    pdfmake.setFonts(table);
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((p) => fontPaths(table).has(path.resolve(p)));
    const buf = await pdfmake.createPdf({
      defaultStyle: { font: BODY_FONT },
      content: [{ text: 'Some text on the first page. '.repeat(40) }, { text: '', pageBreak: 'before' }],
    }).getBuffer();
    const ink = inkPerPage(new Uint8Array(buf));
    expect(ink).toHaveLength(2);
    expect(ink[0]!).toBeGreaterThan(0.001);
    expect(ink[1]!).toBe(0);
  });
});
