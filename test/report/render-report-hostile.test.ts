/**
 * Hostile strings from evidence: markup, right-to-left overrides, 5,000-character command lines,
 * non-Latin and uncovered user names. The report must lay them out inside the page without losing
 * a character, and must show (not obey) the reordering characters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReportPdf } from '../../src-main/report/render-report';
import { cjkFontFile } from '../../src-main/report/fonts';
import { HOSTILE, hostileRequest } from '../helpers/hostile-report-request';
import { extractPages, squash, type PageText } from './pdf-inspect';

let pdf: Uint8Array;
let pages: PageText[];
let raw: string;
let all: string;

beforeAll(async () => {
  pdf = await renderReportPdf(hostileRequest());
  pages = await extractPages(pdf);
  raw = pages.map((p) => p.text).join('');
  all = squash(raw);
}, 120_000); // rendering and reading back a whole report: allow for a loaded machine

describe('hostile strings', () => {
  it('prints markup as text', () => {
    expect(all).toContain(squash(HOSTILE.caseName));
    expect(all).toContain(squash('<img src=x onerror=alert(1)>'));
  });

  it('neutralises right-to-left overrides and isolates, and shows they were there', () => {
    expect(raw).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
    expect(all).toContain('invoice⟨U+202E⟩fdp.exe');
    expect(all).toContain(squash('Name uses ⟨U+2066⟩isolates⟨U+2069⟩ and a ⟨U+200B⟩zero-width space'));
  });

  it('keeps every character of a 5,000-character command line, inside the page', () => {
    expect(HOSTILE.cmd.length).toBe(5000);
    // The command line's table row continues on the next page: read the pages' bodies (no running
    // header or footer) and drop the table header the new page repeats.
    const bodies = squash(pages.map((p) => p.body).join('')).split('#Time(UTC)KindEIDWhathappened').join('');
    expect(bodies).toContain(squash(HOSTILE.cmd));
    expect(all).toContain(squash(HOSTILE.cmd.slice(0, 2000)));
    expect(all).toContain(squash(HOSTILE.path));
    for (const [i, p] of pages.entries()) {
      for (const it of p.items) {
        expect(it.x, `page ${i + 1}: ${it.str.slice(0, 40)}`).toBeGreaterThanOrEqual(0);
        expect(it.right, `page ${i + 1}: ${it.str.slice(0, 40)}`).toBeLessThanOrEqual(p.width - 20);
      }
    }
  });

  it('prints Cyrillic and Greek names as they are', () => {
    for (const s of [HOSTILE.user, HOSTILE.analyst, HOSTILE.greekUser, 'σημειώσεις.txt']) expect(all, s).toContain(squash(s));
  });

  it('prints CJK text with the CJK fallback font when there is one, else as code points, never as empty boxes', () => {
    if (cjkFontFile() !== null) expect(all).toContain(HOSTILE.cjkUser);
    else expect(all).toContain('⟨U+5C71⟩⟨U+7530⟩⟨U+592A⟩⟨U+90CE⟩');
    expect(raw).not.toMatch(/[\u0000\ufffd\u200b]/);
  });

  it('keeps the analyst note\'s line break', () => {
    expect(raw).toMatch(/Line one[^\n]*\n(?:[^\n]*\n)*?Line two/);
  });

});
