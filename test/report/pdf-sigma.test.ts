/**
 * A Sigma finding in the PDF: the rule box and details (level, description, false positives,
 * references, the rule's author as DRL 1.1 asks wherever matches are shown), the matched events
 * table with its bound, and no DLL box for a finding that wrote no registry value.
 */
import { describe, expect, it } from 'vitest';
import { renderReportPdf } from '../../src-main/report/render-report';
import { fmtInt } from '../../src-main/report/format';
import { MAX_MATCHED_ROWS } from '../../src-main/report/report-model';
import { demoRequest, demoScan, SIGMA_AUTHOR, sigmaFinding } from './demo-case';
import { extractPages, squash } from './pdf-inspect';

async function reportText(findings: ReturnType<typeof sigmaFinding>[]): Promise<string> {
  const scan = { ...demoScan(), findings };
  const pdf = await renderReportPdf(demoRequest({ scan, annotations: {} }));
  return squash((await extractPages(pdf)).map((p) => p.text).join(''));
}

describe('a Sigma finding in the report', () => {
  it('shows the level, the rule’s description, false positives, references, author and matched events', async () => {
    const text = await reportText([sigmaFinding(3)]);
    const f = sigmaFinding(3);
    for (const s of ['SIGMA RULE · LEVEL MEDIUM', 'RISK 50 · MEDIUM', f.sigma!.description!, f.sigma!.falsepositives[0]!, 'subt0x10.blogspot.com',
      'rules/windows/process_creation/proc_creation_win_regsvr32_susp_parent.yml', 'Matched events (3 events) · rule by', '7000', '7001', '7002']) {
      expect(text, s).toContain(squash(s));
    }
    // The author, in the box, the fields, the details and above the matched events.
    expect(text.split(squash(SIGMA_AUTHOR)).length - 1).toBeGreaterThanOrEqual(4);
    expect(text).not.toContain(squash('DLL VALUE WRITTEN'));
    expect(text).toContain(squash('A Sigma rule\'s level gives its score'));
  });

  it('lists at most MAX_MATCHED_ROWS events and says how many more there are', async () => {
    const text = await reportText([sigmaFinding(MAX_MATCHED_ROWS + 20, 5000)]);
    expect(text).toContain(squash(`${fmtInt(5000 - MAX_MATCHED_ROWS)} more matched events not listed here (the JSON export lists the first ${MAX_MATCHED_ROWS + 20})`));
    expect(text).toContain(String(7000 + MAX_MATCHED_ROWS - 1));
    expect(text).not.toContain(`record${7000 + MAX_MATCHED_ROWS + 5}`);
  });
});
