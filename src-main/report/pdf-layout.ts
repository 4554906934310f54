/**
 * The report's layout vocabulary: page geometry, colours, and the helpers every section uses
 * (headings, tables that keep a title with their first rows, notes, blocks kept on one page).
 * `Writer` binds the text helpers to the fonts' coverage: every string from the case goes
 * through `txt` or `code`, which neutralise hostile characters and add wrap opportunities.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { BODY_FONT, MONO_FONT, type CodePointSet } from './fonts';
import type { RiskBand } from './report-model';
import { safeText, ZWSP } from './safe-text';

const PAGE_W = 595.28;
export const MARGIN_X = 40;
export const CONTENT_W = PAGE_W - 2 * MARGIN_X;

export const BAND_COLOR: Record<RiskBand, string> = { critical: '#b71c1c', high: '#e65100', medium: '#a67c00', low: '#2e7d32' };
export const STATUS_LABEL: Record<string, string> = {
  new: 'New', investigating: 'Investigating', confirmed: 'Confirmed malicious', false_positive: 'False positive', suppressed: 'Suppressed',
};
const HEAD_FILL = '#eceff1';
export const HIT_FILL = '#ffebee';

interface Cov { body: CodePointSet; mono: CodePointSet }

/** The layout helpers bound to the fonts' coverage. */
export class Writer {
  constructor(private readonly cov: Cov) {}

  /** Body text, safe. */
  txt(s: string | null | undefined, opts: { keepNewlines?: boolean; breakable?: boolean } = {}): string {
    if (s === null || s === undefined || s === '') return '—';
    return safeText(s, this.cov.body, opts);
  }

  /** Monospace text (paths, command lines, hashes, GUIDs), safe and wrappable. DejaVu Sans Mono has no
   *  U+200B glyph, so each break opportunity is a zero-width inline in the body font. */
  code(s: string | null | undefined, style: Record<string, unknown> = {}): Content {
    const { margin, ...inline } = style;
    const outer = margin === undefined ? {} : { margin };
    if (s === null || s === undefined || s === '') return { text: '—', ...inline, ...outer } as Content;
    // Inline styles do not reach nested parts (a code span inside a text array), so every part
    // carries the font, size and style itself.
    const partStyle = { font: MONO_FONT, fontSize: 7.5, ...inline };
    const safe = safeText(s, this.cov.mono);
    const parts: Content[] = [];
    safe.split(ZWSP).forEach((seg, i) => {
      if (i > 0) parts.push({ ...partStyle, text: ZWSP, font: BODY_FONT } as Content);
      if (seg !== '') parts.push({ ...partStyle, text: seg } as Content);
    });
    return { text: parts, ...outer } as Content;
  }

  th(label: string): TableCell {
    return { text: label, bold: true, fillColor: HEAD_FILL, fontSize: 7.5 } as TableCell;
  }

  kv(rows: [string, Content | string][], labelWidth = 108): Content {
    return {
      table: {
        widths: [labelWidth, '*'],
        body: rows.map(([k, v]) => [{ text: k, bold: true, color: '#37474f' }, v] as TableCell[]),
      },
      layout: {
        hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === node.table.body.length ? 0 : 0.5),
        vLineWidth: () => 0,
        hLineColor: () => '#cfd8dc',
        paddingLeft: (i: number) => (i === 0 ? 0 : 4),
        paddingTop: () => 2.5,
        paddingBottom: () => 2.5,
      },
      margin: [0, 2, 0, 6],
    } as Content;
  }
}

export function heading(text: string, level: 1 | 2 | 3, extra: Record<string, unknown> = {}): Content {
  const style = level === 1 ? 'h1' : level === 2 ? 'h2' : 'h3';
  return { text, style, ...extra } as Content;
}

/**
 * A section heading that is also an entry of the contents and a PDF bookmark (outline): level 1
 * at the top of the outline, level 2 under the level-1 section `parentId`. `id` names the section
 * (unique in the document; pdfmake 0.3 nests outline items by these ids).
 */
export function sectionHeading(text: string, level: 1 | 2, id: string, parentId: string | null, extra: Record<string, unknown> = {}): Content {
  return {
    text,
    style: level === 1 ? 'h1' : 'h2',
    id,
    tocItem: true,
    outline: true,
    // The bookmark shows the text as is: without the invisible break opportunities of safe text.
    outlineText: text.split(ZWSP).join(''),
    ...(parentId !== null ? { outlineParentId: parentId } : {}),
    ...(level === 2 ? { tocMargin: [12, 0, 0, 0] } : {}),
    ...extra,
  } as Content;
}

/** Characters of text inside some content, all parts counted (a code span is many short parts). */
export function textLength(c: unknown): number {
  if (typeof c === 'string') return c.length;
  if (Array.isArray(c)) return c.reduce((n: number, x) => n + textLength(x), 0);
  if (c !== null && typeof c === 'object') {
    const o = c as Record<string, unknown>;
    const table = o.table as { body?: unknown } | undefined;
    return textLength(o.text) + textLength(o.stack) + textLength(o.ul) + textLength(table?.body);
  }
  return 0;
}

/** The largest cell of some table rows, in characters (row height follows its largest cell). */
function largestCell(rows: unknown[][]): number {
  let max = 0;
  for (const row of rows) for (const cell of row) max = Math.max(max, textLength(cell));
  return max;
}

/** Rows over this many characters of one text may break across pages (a row taller than a page cannot be kept whole). */
const KEEP_ROW_MAX_CHARS = 2500;

/** Blocks kept on one page (a heading with what follows it) only when surely shorter than a page:
 *  pdfmake drops what an unbreakable block puts beyond its first page. */
export const KEEP_BLOCK_MAX_CHARS = 1500;

/** The same bound for prose across the page's whole width (the method page): about half a page of 8.5 pt text. */
export const KEEP_PROSE_MAX_CHARS = 4000;

export function keepTogether(items: Content[], maxChars = KEEP_BLOCK_MAX_CHARS): Content[] {
  return textLength(items) <= maxChars ? [{ stack: items, unbreakable: true } as Content] : items;
}

/**
 * A section's first items (its heading, the sentence under it, the first block's head) kept on
 * one page, so a section never starts with a heading alone at the foot of a page: the longest
 * prefix of at most `count` items that holds no table and is surely shorter than a page.
 */
export function keepHead(items: Content[], count = 3): Content[] {
  let n = 0;
  let chars = 0;
  while (n < Math.min(count, items.length)) {
    const it = items[n] as unknown as Record<string, unknown>;
    const rows = (it?.table as { body?: unknown[] } | undefined)?.body?.length ?? 0;
    if (it === null || typeof it !== 'object' || rows > 3 || 'toc' in it) break;
    chars += textLength(it);
    if (chars > KEEP_BLOCK_MAX_CHARS) break;
    n++;
  }
  return n < 2 ? items : [{ stack: items.slice(0, n), unbreakable: true } as Content, ...items.slice(n)];
}

/**
 * A table with a header row. With `title`, the title is a borderless first header row kept with
 * the header and the first data row, so a heading never ends a page alone (it repeats, like the
 * header, on the pages the table continues on).
 */
export function table(widths: (number | string)[], header: TableCell[], rows: TableCell[][], extra: Record<string, unknown> = {}): Content {
  const { dontBreakRows, title, ...rest } = extra;
  const keep = dontBreakRows === true && largestCell(rows) <= KEEP_ROW_MAX_CHARS;
  const titled = title !== undefined && title !== null;
  const titleRow: TableCell[] = titled
    ? widths.map((_, i) => (i === 0
      ? { ...(title as object), colSpan: widths.length, border: [false, false, false, false], fillColor: null, margin: [-3, 0, 0, 1] }
      : { text: '', border: [false, false, false, false] }) as TableCell)
    : [];
  const firstSmall = rows.length > 0 && largestCell([rows[0]!]) <= KEEP_ROW_MAX_CHARS;
  return {
    table: {
      headerRows: titled ? 2 : 1,
      // The header (and title) never ends a page alone: kept with the first row when it is small.
      ...(firstSmall ? { keepWithHeaderRows: 1 } : {}),
      widths,
      body: titled ? [titleRow, header, ...rows] : [header, ...rows],
      ...(keep ? { dontBreakRows: true } : {}),
    },
    layout: { hLineWidth: (i: number) => (titled && i === 0 ? 0 : 0.4), vLineWidth: () => 0.4, hLineColor: () => '#b0bec5', vLineColor: () => '#b0bec5', paddingLeft: () => 3, paddingRight: () => 3, paddingTop: () => 2, paddingBottom: () => 2 },
    fontSize: 7.5,
    margin: [0, 2, 0, 8],
    ...rest,
  } as Content;
}

export function note(text: string): Content {
  return { text, italics: true, color: '#546e7a', fontSize: 7.5, margin: [0, 0, 0, 6] } as Content;
}
