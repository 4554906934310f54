/**
 * No near-empty page, whatever the case's size: reports of varied sizes (no evidence; an evidence
 * table whose end falls at every part of a page, before the suppressed findings and the method;
 * one finding; the demo case) are
 * rendered and read back, and every page but the last is written at least a third of the way down
 * (a page holding only a heading and a line, or the end of a table before a page break, is not),
 * and no page ends with a section's heading.
 */
import { describe, expect, it } from 'vitest';
import type { EvidenceEntry, ReportRequest } from '../../src-main/shared/contract';
import { renderReportPdf } from '../../src-main/report/render-report';
import { demoRequest, SEED_RULE_ID } from './demo-case';
import { bodyFill, extractPages } from './pdf-inspect';

/** The least share of its body a page other than the last is written down to. */
const MIN_FILL = 1 / 3;

/** The demo request with `n` evidence files and no finding: only the evidence table's length changes. */
function evidenceOnly(n: number): ReportRequest {
  const req = demoRequest();
  const base = req.scan.evidence;
  const evidence: EvidenceEntry[] = Array.from({ length: n }, (_, i) => ({ ...base[i % base.length]!, path: `HOST-${String(i).padStart(3, '0')}/${base[i % base.length]!.path}` }));
  return { ...req, scan: { ...req.scan, evidence, findings: [] }, annotations: {} };
}

async function underfilled(req: ReportRequest): Promise<{ pages: number; thin: string[] }> {
  const pages = await extractPages(await renderReportPdf(req));
  const thin = pages.slice(0, -1).flatMap((p, i) => {
    const fill = bodyFill(p);
    // The lowest line of the page: a numbered section's heading there is a heading left alone at its foot.
    const body = p.items.filter((it) => it.str.trim() !== '' && it.y > 46 && it.y < p.height - 52);
    const lowest = body.length === 0 ? '' : body.reduce((a, b) => (b.y < a.y ? b : a)).str.trim();
    return [
      ...(fill < MIN_FILL ? [`page ${i + 1} of ${pages.length} written ${(fill * 100).toFixed(0)}% down: ${p.body.replace(/\s+/g, ' ').slice(0, 160)}`] : []),
      ...(/^(\d+\.|Appendix:) [A-Z]/.test(lowest) ? [`page ${i + 1} of ${pages.length} ends with the heading "${lowest}"`] : []),
    ];
  });
  return { pages: pages.length, thin };
}

describe('page fill of the report', () => {
  it('leaves no near-empty page in a case with no evidence', async () => {
    const req = demoRequest();
    const { thin } = await underfilled({ ...req, scan: { ...req.scan, findings: [], rules: [], evidence: [] }, annotations: {} });
    expect(thin).toEqual([]);
  }, 120_000);

  // Each file is about 4% of a page: these sizes end the table at every part of a page.
  it.each([2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 32, 35])('leaves no near-empty page with %i evidence files and no finding', async (n) => {
    const { thin } = await underfilled(evidenceOnly(n));
    expect(thin).toEqual([]);
  }, 120_000);

  it('leaves no near-empty page with one finding', async () => {
    const req = demoRequest();
    const { thin } = await underfilled({ ...req, scan: { ...req.scan, findings: req.scan.findings.filter((f) => f.rule_id === SEED_RULE_ID) } });
    expect(thin).toEqual([]);
  }, 120_000);

  it('leaves no near-empty page in the demo case', async () => {
    const { thin } = await underfilled(demoRequest());
    expect(thin).toEqual([]);
  }, 120_000);

});
