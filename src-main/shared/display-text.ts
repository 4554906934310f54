/**
 * Text from evidence as every screen shows it: the one rule for the CLI's console, the renderer's
 * views and the PDF report (issue #16). Evidence is attacker-controlled, so a character that could
 * act instead of being read is shown as its code point, `⟨U+202E⟩`:
 *
 * - control characters, C0 (U+0000–U+001F, so ESC and with it every `ESC[` terminal sequence),
 *   DEL and C1 (U+007F–U+009F) — Unicode general category Cc;
 * - format characters (Cf): the bidi embeddings and overrides U+202A–U+202E, isolates
 *   U+2066–U+2069, marks U+200E/U+200F/U+061C, zero-width characters, soft hyphen, BOM;
 * - line and paragraph separators U+2028/U+2029 (Zl, Zp), lone surrogates (Cs), private-use (Co)
 *   and unassigned (Cn) code points.
 *
 * Nothing is dropped: the marker keeps the code point, so an analyst sees what was there.
 * Constants and pure functions only (no Node, no DOM): the renderer imports this module.
 */

/** A set of code points a font can draw (the PDF's coverage); null when any can be drawn. */
export interface CodePointCoverage {
  has(cp: number): boolean;
}

/** The visible stand-in for a character that must not be printed as is. */
export function marker(cp: number): string {
  return `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

const MUST_MARK = /^[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Co}\p{Cn}]$/u;
const ANY_MARKED = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u;

/** True when the character would act (control), be invisible, reorder text, or cannot be drawn. */
export function needsMarker(ch: string, coverage: CodePointCoverage | null = null): boolean {
  if (MUST_MARK.test(ch)) return true;
  const cp = ch.codePointAt(0)!;
  if (cp === 0x20) return false;
  return coverage !== null && !coverage.has(cp);
}

export interface DisplayTextOptions {
  /** Keep line feeds as line breaks (analyst notes, multi-line values); carriage returns are then dropped. */
  keepNewlines?: boolean;
}

/**
 * The text with every character that must not be shown as is replaced by its marker. Null and
 * undefined give ''. Iterates by code point, so a surrogate pair stays one character and a lone
 * surrogate is marked.
 */
export function displayText(text: string | null | undefined, opts: DisplayTextOptions = {}): string {
  if (text === null || text === undefined) return '';
  const s = String(text);
  if (!ANY_MARKED.test(s)) return s;
  let out = '';
  for (const ch of s) {
    if (opts.keepNewlines === true && ch === '\n') { out += ch; continue; }
    if (opts.keepNewlines === true && ch === '\r') continue;
    out += needsMarker(ch) ? marker(ch.codePointAt(0)!) : ch;
  }
  return out;
}
