/**
 * The other findings' cards (pdf-compact.ts): each is a PDF bookmark; the contents on the cover
 * name them only while they are few, so many cards never push the contents onto a page of their own.
 */
import { describe, expect, it } from 'vitest';
import type { CaseFinding } from '../../src-main/shared/contract';
import { renderReportPdf } from '../../src-main/report/render-report';
import { demoRequest, demoScan, sigmaFinding } from './demo-case';
import { extractPages, readOutline, squash } from './pdf-inspect';

/** `n` medium Sigma findings, each alone on its host with its own events: n compact cards. */
function cards(n: number): CaseFinding[] {
  return Array.from({ length: n }, (_, i) => {
    const f = sigmaFinding(1);
    const dest = `WS-${String(i).padStart(3, '0')}.corp.example`;
    return { ...f, id: `card-${i}`, dest, process_guid: `{B3C1E7A2-0000-6AFC-${String(i).padStart(4, '0')}-000000000700}`, events: f.events!.map((e) => ({ ...e, record_id: 50_000 + i })) };
  });
}

async function contentsAndOutline(n: number): Promise<{ cover: string; other: string[] }> {
  const pdf = await renderReportPdf(demoRequest({ scan: { ...demoScan(), findings: cards(n) }, annotations: {} }));
  const pages = await extractPages(pdf);
  const outline = await readOutline(pdf);
  const other = outline.find((o) => o.title === '4. Other findings')?.items.map((i) => i.title) ?? [];
  // The contents are on the cover and the pages before the executive summary.
  const cover = squash(pages.slice(0, pages.findIndex((p) => squash(p.text).includes('1.Executivesummary') && !squash(p.text).includes('Contents'))).map((p) => p.text).join(''));
  return { cover, other };
}

describe('the other findings in the contents', () => {
  it('names each card while they are few, and only bookmarks them when many; the outline always has every card', async () => {
    const few = await contentsAndOutline(3);
    expect(few.other).toHaveLength(3);
    expect(few.cover).toContain(squash(few.other[0]!));
    const many = await contentsAndOutline(20);
    expect(many.other).toHaveLength(20);
    expect(many.cover).toContain(squash('4. Other findings'));
    for (const t of many.other) expect(many.cover).not.toContain(squash(t));
  }, 180_000);
});
