/**
 * Font fallback for the PDF: pdfmake draws a string in one font, so text that mixes Latin and
 * Hangul or CJK (a registry value named `(기본값)`, a user `山田`) would print boxes for what
 * DejaVu lacks. This pass walks the finished document and splits every string into runs, giving
 * the characters its font cannot draw, and the fallback can, the fallback font (fonts.ts).
 *
 * Safe text (safe-text.ts) already replaced every character neither font draws with ⟨U+XXXX⟩,
 * so after this pass no character of the case prints as a box.
 */
import type { CodePointSet } from './fonts';

export interface FallbackFonts {
  /** Coverage of each font the document names (the body font is the default). */
  own: Record<string, CodePointSet>;
  defaultFont: string;
  /** Tried in order; a font that `prefer`s a character is tried first for it (Hangul: the Korean font). */
  fallbacks: { font: string; coverage: CodePointSet; prefer?: (cp: number) => boolean }[];
}

/** The fallback font that draws `cp`, or null. */
function fallbackFor(cp: number, f: FallbackFonts): string | null {
  let any: string | null = null;
  for (const fb of f.fallbacks) {
    if (!fb.coverage.has(cp)) continue;
    if (fb.prefer?.(cp)) return fb.font;
    any ??= fb.font;
  }
  return any;
}

/** The string as runs, or null when every character is drawn by its own font. */
function runs(s: string, font: string, f: FallbackFonts): (string | { text: string; font: string })[] | null {
  const own = f.own[font];
  if (own === undefined) return null;
  const out: (string | { text: string; font: string })[] = [];
  let cur = '';
  let curFont: string | null = null; // null: the string's own font
  let any = false;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const fb = own.has(cp) ? null : fallbackFor(cp, f);
    if (fb !== null) any = true;
    if (fb !== curFont && cur !== '') {
      out.push(curFont === null ? cur : { text: cur, font: curFont });
      cur = '';
    }
    curFont = fb;
    cur += ch;
  }
  if (!any) return null;
  if (cur !== '') out.push(curFont === null ? cur : { text: cur, font: curFont });
  return out;
}

const CHILD_LISTS = ['stack', 'ul', 'ol', 'columns'] as const;

/** The node with its strings split into font runs (objects are changed in place and returned). */
export function applyFontFallback<T>(node: T, f: FallbackFonts, font: string = f.defaultFont): T {
  if (typeof node === 'string') {
    const r = runs(node, font, f);
    return (r === null ? node : { text: r }) as T;
  }
  if (Array.isArray(node)) return node.map((x) => applyFontFallback(x, f, font)) as T;
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  const own = typeof o.font === 'string' ? o.font : font;
  if (typeof o.text === 'string') {
    const r = runs(o.text, own, f);
    if (r !== null) o.text = r;
  } else if (o.text !== undefined) {
    o.text = applyFontFallback(o.text, f, own);
  }
  for (const k of CHILD_LISTS) if (Array.isArray(o[k])) o[k] = applyFontFallback(o[k], f, own);
  const table = o.table as { body?: unknown[][] } | undefined;
  if (table && Array.isArray(table.body)) table.body = table.body.map((row) => (Array.isArray(row) ? row.map((c) => applyFontFallback(c, f, own)) : row));
  return node;
}
