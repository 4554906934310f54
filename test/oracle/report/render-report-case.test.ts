/** Hangul in the whole-case report, drawn with Debian's CJK fallback font (the report: test/report/render-report-case.test.ts). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseFinding } from '../../../src-main/shared/contract';
import { renderReportPdf } from '../../../src-main/report/render-report';
import { cjkFontFile } from '../../../src-main/report/fonts';
import { demoRequest, REGSVR_GUID, SEED_RULE_ID, sigmaFinding } from '../../report/demo-case';
import { extractPages, readOutline, squash, type OutlineItem, type PageText } from '../../report/pdf-inspect';
import { requires } from '../../helpers/requires';

/** The demo-like case with a Sigma finding on the seed's process too: three rules on regsvr32. */
function caseRequest() {
  const req = demoRequest();
  // The Sigma rule matched the seed's registry write (a record of the regsvr32 timeline) and one more event.
  const seed = req.scan.findings.find((f) => f.rule_id === SEED_RULE_ID)!;
  const write = seed.pivots.timeline.find((e) => e.is_finding_event)!;
  const base = sigmaFinding(2);
  const sigma = { ...base, process_guid: REGSVR_GUID, events: [{ ...base.events![0]!, evidence: write.evidence, record_id: write.record_id, event_id: write.event_id, time: write.time }, base.events![1]!] };
  return { ...req, scan: { ...req.scan, findings: [...req.scan.findings, sigma] } };
}

let pdf: Uint8Array;
let pages: PageText[];
let all: string;
let outline: OutlineItem[];
const count = (needle: string): number => all.split(squash(needle)).length - 1;

beforeAll(async () => {
  pdf = await renderReportPdf(caseRequest());
  pages = await extractPages(pdf);
  all = squash(pages.map((p) => p.text).join(''));
  outline = await readOutline(pdf);
}, 120_000);

describe.skipIf(requires('cjk-font'))('CJK text in the report', () => {
  it('draws Hangul with the fallback font, as glyphs, not code points', async () => {
    const req = demoRequest();
    const findings: CaseFinding[] = req.scan.findings.map((f) => (f.rule_id === SEED_RULE_ID
      ? { ...f, registry_value_name: '(기본값)', registry_path: f.registry_path.replace('(Default)', '(기본값)'), user: '山田' }
      : f));
    const out = await renderReportPdf({ ...req, scan: { ...req.scan, findings } });
    const text = squash((await extractPages(out)).map((p) => p.text).join(''));
    expect(cjkFontFile()).not.toBeNull();
    expect(text).toContain('(기본값)');
    expect(text).toContain('山田');
    expect(text).not.toContain('⟨U+AE30⟩');
    // Hangul from the Korean font, the ideographs from Droid Sans Fallback.
    expect(Buffer.from(out).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NanumGothic/);
    expect(Buffer.from(out).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DroidSansFallback/);
  }, 120_000);
});
