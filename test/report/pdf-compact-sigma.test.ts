/**
 * A Sigma finding in the PDF: its level, the rule's description, false positives and references,
 * the rule's author as DRL 1.1 asks wherever matches are shown, the matched events with their
 * bounds (compact below level high, an incident section from high up), and no registry box for a
 * finding that wrote no registry value.
 */
import { describe, expect, it } from 'vitest';
import { renderReportPdf } from '../../src-main/report/render-report';
import { fmtInt } from '../../src-main/report/format';
import { MAX_MATCHED_ROWS } from '../../src-main/report/report-model';
import { COMPACT_EVENT_ROWS } from '../../src-main/report/pdf-compact';
import { MAX_INCIDENT_MATCHED_ROWS } from '../../src-main/report/report-incidents';
import { demoRequest, demoScan, SIGMA_AUTHOR, sigmaFinding } from './demo-case';
import { extractPages, squash } from './pdf-inspect';

async function reportText(findings: ReturnType<typeof sigmaFinding>[]): Promise<string> {
  const scan = { ...demoScan(), findings };
  const pdf = await renderReportPdf(demoRequest({ scan, annotations: {} }));
  return squash((await extractPages(pdf)).map((p) => p.text).join(''));
}

describe('a Sigma finding in the report', () => {
  it('says what Sysmon\'s "Binary Data" is (a REG_BINARY value it does not show), never prints it as a value', async () => {
    const f = { ...sigmaFinding(1), registry_path: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater', registry_value_data: 'Binary Data' };
    const text = await reportText([f]);
    expect(text).toContain(squash('binary value, not shown by Sysmon'));
    expect(text).not.toContain(squash('Binary Data'));
  });

  it('credits the rule\'s author wherever its matches are, with the level, description, false positives and references', async () => {
    const text = await reportText([sigmaFinding(3)]);
    const f = sigmaFinding(3);
    for (const s of ['MEDIUM · risk 50', f.sigma!.description!, f.sigma!.falsepositives[0]!, 'subt0x10.blogspot.com',
      'rules/windows/process_creation/proc_creation_win_regsvr32_susp_parent.yml', `Sigma rule by ${SIGMA_AUTHOR}`, '7000', '7001', '7002']) {
      expect(text, s).toContain(squash(s));
    }
    // The author: in the findings by level, on the finding's card, and in the rule's description.
    expect(text.split(squash(SIGMA_AUTHOR)).length - 1).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain(squash('Registry values written'));
    expect(text).toContain(squash('A Sigma rule\'s level gives its score'));
  });

  it('keeps a finding below level high compact: the first events, and how many more', async () => {
    const text = await reportText([sigmaFinding(MAX_MATCHED_ROWS + 20, 5000)]);
    expect(text).toContain(squash(`${fmtInt(5000 - COMPACT_EVENT_ROWS)} more matched events not listed here (the JSON export lists them)`));
    expect(text).toContain(`${7000 + COMPACT_EVENT_ROWS - 1}WS-FIN-07`);
    expect(text).not.toContain(`${7000 + COMPACT_EVENT_ROWS}WS-FIN-07`);
  });

  it('gives a high-level finding an incident section: at most MAX_INCIDENT_MATCHED_ROWS events, and how many more', async () => {
    const f = { ...sigmaFinding(MAX_MATCHED_ROWS + 20, 5000), level: 'high' as const, risk_score: 73 };
    f.sigma = { ...f.sigma!, level: 'high' };
    const text = await reportText([f]);
    expect(text).toContain(squash(`Matched events (5,000 events) · Sigma rules by ${SIGMA_AUTHOR}`));
    expect(text).toContain(squash(`${fmtInt(5000 - MAX_INCIDENT_MATCHED_ROWS)} more matched events not listed here (the JSON export lists the first ${MAX_MATCHED_ROWS + 20})`));
    // One row per event listed, each matched by the one finding: a page or so, not the JSON's list.
    expect(text.split('WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtxF1').length - 1).toBe(MAX_INCIDENT_MATCHED_ROWS);
  });
});
