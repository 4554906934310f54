/**
 * The report of a whole case (issue #19): the sections in order, each a PDF bookmark; one section
 * per incident with a row per rule and its timeline, tree and DLL pivot printed once however many
 * rules flagged it; the method page in plain words; CJK text drawn as glyphs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReportPdf } from '../../src-main/report/render-report';
import { demoRequest, REGSVR_GUID, SEED_RULE_ID, sigmaFinding } from './demo-case';
import { extractPages, readOutline, squash, type OutlineItem, type PageText } from './pdf-inspect';

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

describe('the report of a whole case', () => {
  it('has a bookmark per section, in order, with the incidents and other findings under theirs', () => {
    expect(outline.map((o) => o.title)).toEqual([
      '1. Executive summary', '2. Findings by level', '3. Incidents', '4. Other findings', '5. Evidence',
      '6. Suppressed findings', '7. Method and limits', 'Appendix: technical detail',
    ]);
    const incidents = outline.find((o) => o.title === '3. Incidents')!.items.map((o) => o.title);
    expect(incidents[0]).toBe('I1. regsvr32.exe on WS-FIN-07.corp.example');
    expect(incidents).toHaveLength(2);
    expect(outline.find((o) => o.title === '4. Other findings')!.items.map((o) => o.title)).toEqual([expect.stringMatching(/^F5\. /)]);
    expect(outline.at(-1)!.items.map((o) => o.title)).toEqual(['Technical detail', 'What the detections look for', 'Parser warnings and skipped records']);
  });

  it('prints the regsvr32 incident once: a row per rule, one timeline, one tree, one DLL pivot', () => {
    expect(all).toContain(squash('Rules that flagged it (3)'));
    expect(all).toContain(squash('3 findings of 3 rules on the same process'));
    expect(count('Process timeline of regsvr32.exe')).toBe(1);
    expect(count('Process tree of regsvr32.exe')).toBe(1);
    expect(count('DLL pivot')).toBe(1);
    // The Sigma rule's row names its author; the timeline marks what each finding matched.
    expect(all).toContain(squash('Sigma rule by Florian Roth (Nextron Systems), Nasreddine Bencherchali (Nextron Systems)'));
    expect(all).toMatch(/MATCHEDBYF\d(,F\d)*SetValue/);
  });

  it('opens with the executive summary, and names the incidents in plain words', () => {
    const summary = squash(pages[1]!.body);
    expect(summary.startsWith(squash('1. Executive summary What happened'))).toBe(true);
    expect(summary).toContain(squash('The rules found 2 incidents and 1 other finding of lower level.'));
    expect(summary).toContain(squash('I1. regsvr32.exe on WS-FIN-07.corp.example (critical): account j.doe'));
    expect(summary).toContain(squash('Hosts affected (findings at level medium or above): WS-FIN-07.corp.example (4).'));
  });

  it('writes the method page for a manager: no internal references, the developer detail in the appendix', () => {
    const i = pages.findIndex((p) => squash(p.body).startsWith('7.Methodandlimits'));
    expect(i).toBeGreaterThan(0);
    const method = pages[i]!.body;
    for (const s of ['What was examined:', 'How the evidence was kept intact:', 'How findings are made:', 'Limits:']) expect(method).toContain(s);
    expect(method).not.toMatch(/issue \d|Splunk parity|O_RDONLY|max=/);
    expect(all).toContain(squash('The reader opens every evidence file read-only (O_RDONLY)'));
  });
});
