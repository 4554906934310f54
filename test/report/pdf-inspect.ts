/** Reading generated PDFs back in tests: text with pdfjs-dist, pixels with pdftoppm. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PageText {
  /** The page's text items joined (no separators added). */
  text: string;
  /** The same without the running header and footer (text outside the page margins). */
  body: string;
  width: number;
  height: number;
  /** Every text item's horizontal extent, in page units. */
  items: { str: string; x: number; right: number; y: number }[];
}

export async function extractPages(pdf: Uint8Array): Promise<PageText[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false }).promise;
  const pages: PageText[] = [];
  try {
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const [, , w, h] = page.view as [number, number, number, number];
      const tc = await page.getTextContent();
      const items: PageText['items'] = [];
      let text = '';
      let body = '';
      for (const it of tc.items) {
        if (!('str' in it)) continue;
        const s = it.str + (it.hasEOL ? '\n' : '');
        const x = it.transform[4] as number;
        const y = it.transform[5] as number;
        text += s;
        if (y > 40 && y < h - 45) body += s;
        items.push({ str: it.str, x, right: x + it.width, y });
      }
      pages.push({ text, body, width: w, height: h, items });
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

/** Running header and footer heights of the report's pages (pdf-document.ts pageMargins), in page units. */
const BODY_TOP = 52;
const BODY_BOTTOM = 46;

/**
 * How far down its body a page is written: from the top of the body to the baseline of its
 * lowest text, as a share of the body's height (0 for a page without text; tables and drawings
 * count through the text in them).
 */
export function bodyFill(page: PageText): number {
  const ys = page.items.filter((it) => it.str.trim() !== '' && it.y > BODY_BOTTOM && it.y < page.height - BODY_TOP).map((it) => it.y);
  if (ys.length === 0) return 0;
  return (page.height - BODY_TOP - Math.min(...ys)) / (page.height - BODY_TOP - BODY_BOTTOM);
}

/** All text with every whitespace removed (lines wrap at spaces, so compare without them). */
export function squash(s: string): string {
  return s.replace(/\s+/g, '');
}

/**
 * Renders every page to an 8-bit grey bitmap with pdftoppm and returns, per page, the share of
 * non-white pixels in the page body (between the running header and footer, which alone would
 * make a blank page look inked).
 */
export function inkPerPage(pdf: Uint8Array, dpi = 30): number[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-pages-'));
  try {
    const file = path.join(dir, 'r.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), file, path.join(dir, 'p')], { stdio: 'ignore' });
    const pgms = readdirSync(dir).filter((f) => f.endsWith('.pgm')).sort();
    return pgms.map((f) => {
      const { width, height, pixels } = readPgm(readFileSync(path.join(dir, f)));
      const top = Math.ceil((52 / 842) * height);
      const bottom = Math.floor(((842 - 46) / 842) * height);
      let ink = 0;
      for (let y = top; y < bottom; y++) for (let x = 0; x < width; x++) if (pixels[y * width + x]! < 200) ink++;
      return ink / (width * (bottom - top));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A binary PGM (P5, maxval < 256). */
function readPgm(buf: Buffer): { width: number; height: number; pixels: Uint8Array } {
  const fields: string[] = [];
  let pos = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    if (buf[pos] === 0x23) { while (buf[pos] !== 0x0a) pos++; continue; }
    let tok = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]!))) tok += String.fromCharCode(buf[pos++]!);
    fields.push(tok);
  }
  pos++;
  if (fields[0] !== 'P5') throw new Error(`not a binary PGM: ${fields[0]}`);
  const width = Number(fields[1]);
  const height = Number(fields[2]);
  return { width, height, pixels: buf.subarray(pos, pos + width * height) };
}

export interface OutlineItem { title: string; items: OutlineItem[] }

/** The PDF's outline (bookmarks) as a tree of titles. */
export async function readOutline(pdf: Uint8Array): Promise<OutlineItem[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const walk = (items: { title: string; items: unknown[] }[] | null): OutlineItem[] =>
      (items ?? []).map((it) => ({ title: it.title, items: walk(it.items as { title: string; items: unknown[] }[]) }));
    return walk(await doc.getOutline() as { title: string; items: unknown[] }[] | null);
  } finally {
    await doc.destroy();
  }
}
