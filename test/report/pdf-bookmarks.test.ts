/**
 * Bookmarked events in the report (issue 19): their own section, numbered in order before the
 * evidence, with a PDF bookmark; each event with its time (year, UTC), host, channel, EventID,
 * summary, file and record, and the analyst's note and name; hostile text stays text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportBookmark } from '../../src-main/shared/contract';
import { renderReportPdf } from '../../src-main/report/render-report';
import { demoRequest } from './demo-case';
import { extractPages, readOutline, squash, type OutlineItem } from './pdf-inspect';

const marks: ReportBookmark[] = [
  { time: '2026-11-17T09:20:00.500Z', host: 'WS-FIN-07.corp.example', channel: 'Microsoft-Windows-Sysmon/Operational', eventId: 1,
    summary: 'CommandLine=regsvr32.exe /s /i C:\\Users\\j.doe\\AppData\\dynwrapx.dll', evidence: 'sysmon.evtx', recordId: 7311,
    note: 'The registration the finding is about.\nIsolate the host.', by: 'Dana Analyst', at: '2026-12-05T20:01:00.000Z' },
  { time: '2026-11-17T08:02:11.000Z', host: 'DC-01', channel: 'Security', eventId: 4624, summary: 'TargetUserName=<script>j.doe</script>',
    evidence: 'Security.evtx', recordId: 12, note: '', by: 'Dana Analyst', at: '2026-12-05T20:02:00.000Z' },
];

let all: string;
let outline: OutlineItem[];
let without: OutlineItem[];

beforeAll(async () => {
  const pdf = await renderReportPdf({ ...demoRequest(), bookmarks: marks });
  all = squash((await extractPages(pdf)).map((p) => p.text).join(''));
  outline = await readOutline(pdf);
  without = await readOutline(await renderReportPdf(demoRequest()));
}, 180_000);

describe('bookmarked events in the report', () => {
  it('has its own numbered section with a PDF bookmark, only when events were bookmarked', () => {
    const titles = outline.map((o) => o.title);
    expect(titles).toEqual([
      '1. Executive summary', '2. Findings by level', '3. Incidents', '4. Other findings', '5. Bookmarked events',
      '6. Evidence', '7. Suppressed findings', '8. Method and limits', 'Appendix: technical detail',
    ]);
    expect(without.map((o) => o.title).some((t) => /Bookmarked events/.test(t))).toBe(false);
  });

  it('lists each event in time order with its year, host, channel, EventID, summary, record, note and analyst', () => {
    const section = all.slice(all.lastIndexOf(squash('Bookmarked events')));
    const logon = section.indexOf(squash('2026-11-17 08:02:11'));
    const proc = section.indexOf(squash('2026-11-17 09:20:00.500'));
    expect(logon).toBeGreaterThan(0);
    expect(proc).toBeGreaterThan(logon);
    for (const s of ['WS-FIN-07.corp.example', 'Microsoft-Windows-Sysmon/Operational', 'EventID 1', 'EventID 4624', 'dynwrapx.dll',
      'sysmon.evtx · record 7311', 'Isolate the host.', 'By Dana Analyst', 'No note.', '<script>j.doe</script>']) {
      expect(section, s).toContain(squash(s));
    }
  });
});
