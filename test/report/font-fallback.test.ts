/** The font fallback pass: runs of what the own font lacks get the fallback that draws them, the rest stay as they are. */
import { describe, expect, it } from 'vitest';
import { applyFontFallback, type FallbackFonts } from '../../src-main/report/font-fallback';
import { CodePointSet } from '../../src-main/report/fonts';

const set = (s: string): CodePointSet => CodePointSet.fromCodePoints([...s].map((c) => c.codePointAt(0)!));
const LATIN = set('abcdefghijklmnopqrstuvwxyz()= \\');
const fonts: FallbackFonts = {
  own: { Body: LATIN, Mono: LATIN },
  defaultFont: 'Body',
  fallbacks: [
    { font: 'Droid', coverage: set('山田가') },
    { font: 'Nanum', coverage: set('기본값가山'), prefer: (cp) => cp >= 0xac00 && cp <= 0xd7a3 },
  ],
};

describe('applyFontFallback', () => {
  it('leaves text its font draws as it is (same object, same string)', () => {
    const node = { text: 'abc', bold: true };
    expect(applyFontFallback(node, fonts)).toEqual({ text: 'abc', bold: true });
    expect(applyFontFallback('abc', fonts)).toBe('abc');
  });

  it('splits a string into runs, Hangul from the preferred Korean font, ideographs from the first that has them', () => {
    expect(applyFontFallback({ text: 'value (기본값) by 山田' }, fonts)).toEqual({
      text: ['value (', { text: '기본값', font: 'Nanum' }, ') by ', { text: '山田', font: 'Droid' }],
    });
    // 가 is in both: Hangul prefers Nanum.
    expect(applyFontFallback('가', fonts)).toEqual({ text: [{ text: '가', font: 'Nanum' }] });
  });

  it('keeps a character no font draws in its own font (safe text has already marked it)', () => {
    expect(applyFontFallback('a😀b', fonts)).toBe('a😀b');
  });

  it('walks stacks, lists, columns, table cells and text arrays, with the font each part inherits', () => {
    const doc = {
      stack: [
        { ul: ['a', '山'] },
        { columns: [{ text: ['x', { text: '기', bold: true }] }] },
        { table: { body: [['山', { text: 'b' }]] } },
        { text: '山', font: 'Unknown' }, // a font without coverage: left alone
      ],
    };
    const out = applyFontFallback(doc, fonts) as unknown as { stack: Record<string, unknown>[] };
    expect(out.stack[0]).toEqual({ ul: ['a', { text: [{ text: '山', font: 'Droid' }] }] });
    expect(out.stack[1]).toEqual({ columns: [{ text: ['x', { text: [{ text: '기', font: 'Nanum' }], bold: true }] }] });
    expect(out.stack[2]).toEqual({ table: { body: [[{ text: [{ text: '山', font: 'Droid' }] }, { text: 'b' }]] } });
    expect(out.stack[3]).toEqual({ text: '山', font: 'Unknown' });
  });
});
