/**
 * Text from evidence, as the report prints it: nothing hidden, nothing reordered, nothing lost.
 * Which characters are marked is the one rule of `shared/display-text.ts` (shared with the CLI and
 * the renderer); this module adds the font's coverage and the PDF's break opportunities.
 *
 * - Invisible or reordering characters (Unicode format characters: the bidi overrides and
 *   isolates U+202A–U+202E and U+2066–U+2069, marks U+200E/U+200F/U+061C, zero-width characters,
 *   soft hyphen, BOM), control characters, separators and lone surrogates are replaced by a visible
 *   marker `⟨U+202E⟩`, so they can neither reorder the printed text nor hide in it.
 * - Characters the font cannot draw (CJK in DejaVu, for one) get the same marker instead of a
 *   blank box.
 * - Long tokens (paths, command lines, hashes) get invisible break opportunities (U+200B, which
 *   pdfjs and pdftotext drop on extraction) after `\ / . - _` and every 40 characters of an
 *   unbroken run, so the layout can wrap them inside the page.
 */
import { marker, needsMarker } from '../shared/display-text';
import type { CodePointSet } from './fonts';

export { marker };

export const ZWSP = '\u200b';
/** Longest run of characters without a break opportunity. */
export const MAX_RUN = 40;

const BREAK_AFTER = new Set(['\\', '/', '.', '-', '_']);

export interface SafeTextOptions {
  /** Keep line feeds as line breaks (analyst notes); otherwise they are marked like other controls. */
  keepNewlines?: boolean;
  /** Add break opportunities (default true). */
  breakable?: boolean;
}

/**
 * Splits text into printable units: single characters (a surrogate pair is one) and markers.
 * Lone surrogates come out as their own unit and are marked.
 */
function units(text: string, coverage: CodePointSet | null, keepNewlines: boolean): { s: string; atom: boolean }[] {
  const out: { s: string; atom: boolean }[] = [];
  for (const ch of text) {
    if (keepNewlines && ch === '\n') { out.push({ s: ch, atom: false }); continue; }
    if (keepNewlines && ch === '\r') continue;
    if (needsMarker(ch, coverage)) out.push({ s: marker(ch.codePointAt(0)!), atom: true });
    else out.push({ s: ch, atom: false });
  }
  return out;
}

const COMBINING = /^\p{M}$/u;
const SPACE = /^\s$/u;

/** Text made safe for the given font coverage (null: no coverage check), with break opportunities. */
export function safeText(text: string | null | undefined, coverage: CodePointSet | null, opts: SafeTextOptions = {}): string {
  if (text === null || text === undefined) return '';
  const us = units(String(text), coverage, opts.keepNewlines === true);
  if (opts.breakable === false) return us.map((u) => u.s).join('');
  let out = '';
  let run = 0;
  for (let i = 0; i < us.length; i++) {
    const u = us[i]!;
    out += u.s;
    if (!u.atom && SPACE.test(u.s)) { run = 0; continue; }
    run += u.atom ? u.s.length : 1;
    const next = us[i + 1];
    if (next === undefined || (!next.atom && (SPACE.test(next.s) || COMBINING.test(next.s)))) continue;
    if (u.atom || BREAK_AFTER.has(u.s) || run >= MAX_RUN) {
      out += ZWSP;
      run = 0;
    }
  }
  return out;
}

/** The text as extraction gives it back: the break opportunities removed. */
export function withoutBreaks(text: string): string {
  return text.split(ZWSP).join('');
}
