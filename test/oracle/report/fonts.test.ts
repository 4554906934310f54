/** The CJK fallback fonts of Debian drawn by pdfmake (the other parts: test/report/parts.test.ts). */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BODY_FONT, familyCoverage, fontPaths, fontTable, setReportAssetsDir, CJK_FONT, HANGUL_FONT, cjkCoverage, fallbackFontFiles } from '../../../src-main/report/fonts';
import { requires } from '../../helpers/requires';

afterEach(() => {
  setReportAssetsDir(null);
  delete process.env.EVTX_TRIAGE_ASSETS;
});

describe('fonts', () => {
  it.skipIf(requires('cjk-font'))('draws Hangul, kana and CJK ideographs with the CJK fallback, which the table lets pdfmake read', () => {
    const found = fallbackFontFiles();
    expect(found.map((f) => f.family)).toEqual([CJK_FONT, HANGUL_FONT]);
    for (const f of found) {
      expect(fontTable()[f.family]!.normal).toBe(f.file);
      expect(fontPaths(fontTable()).has(path.resolve(f.file))).toBe(true);
    }
    const cjk = cjkCoverage()!;
    for (const ch of '기본값山田カ') expect(cjk.has(ch.codePointAt(0)!), ch).toBe(true);
    // What DejaVu lacks and the fallback has: the union the report's safe text keeps.
    const both = familyCoverage(BODY_FONT).union(cjk);
    for (const ch of 'A기Ω山') expect(both.has(ch.codePointAt(0)!), ch).toBe(true);
    expect(both.has(0x200b)).toBe(true);
  });
});
