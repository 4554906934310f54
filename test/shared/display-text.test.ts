/** The one display rule for evidence text (CLI, renderer, PDF): what is marked, what is kept. */
import { describe, expect, it } from 'vitest';
import { displayText, marker, needsMarker } from '../../src-main/shared/display-text';
import { safeText } from '../../src-main/report/safe-text';

const hex = (cp: number): string => `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩`;
/** No character of the output may be a control, format, separator or surrogate code unit. */
const DANGEROUS = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]/;

describe('displayText', () => {
  it('marks every C0 control, DEL and every C1 control with its code point', () => {
    const cps = [...Array.from({ length: 0x20 }, (_, i) => i), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)];
    expect(cps).toHaveLength(65);
    for (const cp of cps) {
      const ch = String.fromCodePoint(cp);
      expect(displayText(`a${ch}b`), `U+${cp.toString(16)}`).toBe(`a${hex(cp)}b`);
      expect(needsMarker(ch)).toBe(true);
    }
  });

  it('turns terminal escape sequences into inert visible text', () => {
    const hostile = '\u001b[2J\u001b[31mEVIL\u001b[0m\u001b]0;title\u0007\u009b1m\u001bP+q\u001b\\';
    const shown = displayText(hostile);
    expect(shown).toBe('⟨U+001B⟩[2J⟨U+001B⟩[31mEVIL⟨U+001B⟩[0m⟨U+001B⟩]0;title⟨U+0007⟩⟨U+009B⟩1m⟨U+001B⟩P+q⟨U+001B⟩\\');
    expect(shown).not.toMatch(DANGEROUS);
  });

  it('marks the line and paragraph separators and, unless asked to keep them, line breaks', () => {
    expect(displayText('a\u2028b\u2029c')).toBe('a⟨U+2028⟩b⟨U+2029⟩c');
    expect(displayText('a\r\nb')).toBe('a⟨U+000D⟩⟨U+000A⟩b');
    expect(displayText('a\r\nb\u2028c', { keepNewlines: true })).toBe('a\nb⟨U+2028⟩c');
  });

  it('marks the bidi embeddings, overrides (U+202A–U+202E), isolates (U+2066–U+2069) and marks', () => {
    for (const cp of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c]) {
      expect(displayText(`x${String.fromCodePoint(cp)}y`)).toBe(`x${hex(cp)}y`);
    }
    // The classic spoof: "invoice\u202Efdp.exe" must not read as "invoiceexe.pdf".
    expect(displayText('invoice\u202Efdp.exe')).toBe('invoice⟨U+202E⟩fdp.exe');
  });

  it('marks zero-width and invisible characters, lone surrogates, private use and unassigned code points', () => {
    const s = displayText('a\u200bb\u200cc\u200dd\u2060e\ufefff\u00adg\ud800h\udc00i\ue000j\u{10ffff}k');
    expect(s).toBe('a⟨U+200B⟩b⟨U+200C⟩c⟨U+200D⟩d⟨U+2060⟩e⟨U+FEFF⟩f⟨U+00AD⟩g⟨U+D800⟩h⟨U+DC00⟩i⟨U+E000⟩j⟨U+10FFFF⟩k');
    expect(s).not.toMatch(DANGEROUS);
  });

  it('keeps ordinary text of any script as it is, surrogate pairs and combining marks included', () => {
    for (const s of ['C:\\Windows\\System32\\regsvr32.exe /s /i:http://x scrobj.dll', 'Иван Петров', '山田太郎', 'مرحبا', 'e\u0301', '😀 ok', 'tab-free', '']) {
      expect(displayText(s)).toBe(s);
    }
    expect(displayText(null)).toBe('');
    expect(displayText(undefined)).toBe('');
  });

  it('is the rule the PDF uses: the report marks exactly the same characters (no font coverage)', () => {
    const sample = Array.from({ length: 0x3000 }, (_, i) => String.fromCodePoint(i)).join('') + '\u{1F600}\u{E0001}\u{10FFFF}';
    expect(safeText(sample, null, { breakable: false })).toBe(displayText(sample));
    expect(marker(0x1f600)).toBe('⟨U+1F600⟩');
  });
});
