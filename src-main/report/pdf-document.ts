/**
 * The report as a pdfmake document definition (pure data, no I/O except the fonts' coverage):
 * page set-up, header and footer, PDF metadata, and the sections in order (pdf-overview.ts,
 * pdf-finding.ts, pdf-suppressed.ts, pdf-method.ts; shared layout helpers in pdf-layout.ts).
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { BODY_FONT, MONO_FONT, familyCoverage } from './fonts';
import { fmtTime } from './format';
import { findingsSections } from './pdf-finding';
import { MARGIN_X, Writer } from './pdf-layout';
import { methodSection } from './pdf-method';
import { coverPage, evidenceSection, summarySection } from './pdf-overview';
import { suppressedSection } from './pdf-suppressed';
import type { ReportModel } from './report-model';
import { safeText } from './safe-text';

export function buildDocDefinition(model: ReportModel): TDocumentDefinitions {
  const w = new Writer({ body: familyCoverage(BODY_FONT), mono: familyCoverage(MONO_FONT) });
  const { cover } = model;
  const headerName = cover.caseName.length > 90 ? `${[...cover.caseName].slice(0, 88).join('')}…` : cover.caseName;
  const infoText = (s: string): string => safeText(s, null, { breakable: false });
  const generated = new Date(cover.generatedAt);

  const content: Content[] = [
    ...coverPage(w, model),
    // outlines: the contents also become the PDF's bookmarks.
    { toc: { title: { text: 'Contents', style: 'h1' }, numberStyle: { bold: true }, outlines: true }, pageBreak: 'after' } as Content,
    ...evidenceSection(w, model),
    ...summarySection(w, model),
    ...findingsSections(w, model),
    ...suppressedSection(w, model),
    ...methodSection(w, model),
  ];

  return {
    pageSize: 'A4',
    pageMargins: [MARGIN_X, 52, MARGIN_X, 46],
    language: 'en',
    info: {
      title: infoText(`Triage report: ${cover.caseName}`),
      author: infoText(cover.analyst),
      subject: 'Forensic triage report (EVTX Triage)',
      keywords: 'triage, EVTX, Sysmon, InProcServer32, COM hijack',
      creator: `${cover.tool.name} ${cover.tool.version}`,
      producer: `${cover.tool.name} ${cover.tool.version} (pdfmake)`,
      creationDate: generated,
      modDate: generated,
    },
    defaultStyle: { font: BODY_FONT, fontSize: 8.5, lineHeight: 1.15, color: '#212121' },
    styles: {
      title: { fontSize: 26, bold: true, color: '#1a237e' },
      h1: { fontSize: 15, bold: true, color: '#1a237e', margin: [0, 0, 0, 8] },
      h2: { fontSize: 12, bold: true, color: '#263238', margin: [0, 4, 0, 4] },
      h3: { fontSize: 9.5, bold: true, color: '#263238', margin: [0, 8, 0, 3] },
    },
    header: (page: number) => (page === 1 ? null : {
      columns: [
        { text: w.txt(headerName, { breakable: false }), bold: true, width: '*' },
        { text: 'Triage report · all times UTC', width: 'auto', color: '#78909c' },
      ],
      fontSize: 7.5,
      margin: [MARGIN_X, 22, MARGIN_X, 0],
    }) as Content | null,
    footer: (page: number, pages: number) => ({
      columns: [
        { text: `${cover.tool.name} ${cover.tool.version} · generated ${fmtTime(cover.generatedAt)} UTC`, color: '#78909c', width: '*' },
        { text: `Page ${page} of ${pages}`, width: 'auto', bold: true },
      ],
      fontSize: 7.5,
      margin: [MARGIN_X, 14, MARGIN_X, 0],
    }) as Content,
    content,
  };
}
