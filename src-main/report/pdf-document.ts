/**
 * The report as a pdfmake document definition (pure data, no I/O except the fonts' coverage):
 * page set-up, header and footer, PDF metadata, and the sections in order: the cover with the
 * contents, 1 the executive summary (pdf-executive.ts), 2 the findings by level (pdf-levels.ts),
 * 3 the incidents (pdf-incident.ts), 4 the other findings (pdf-compact.ts), the bookmarked events
 * when the analyst marked some (pdf-bookmarks.ts), the evidence (pdf-overview.ts), the suppressed
 * findings (pdf-suppressed.ts), the method and limits and the appendix (pdf-method.ts). Every section heading is a PDF bookmark (sectionHeading).
 * Strings in a script DejaVu lacks are drawn with the CJK fallback font (font-fallback.ts).
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { BODY_FONT, MONO_FONT, cjkCoverage, familyCoverage, fallbackFontFiles, fileCoverage } from './fonts';
import { applyFontFallback, type FallbackFonts } from './font-fallback';
import { fmtTime } from './format';
import { otherFindingsSection } from './pdf-compact';
import { executiveSection } from './pdf-executive';
import { incidentsSection } from './pdf-incident';
import { MARGIN_X, Writer } from './pdf-layout';
import { levelsSection } from './pdf-levels';
import { appendixSection, methodSection } from './pdf-method';
import { bookmarksSection } from './pdf-bookmarks';
import { coverPage, evidenceSection } from './pdf-overview';
import { suppressedSection } from './pdf-suppressed';
import type { ReportModel } from './report-model';
import { safeText } from './safe-text';

export function buildDocDefinition(model: ReportModel): TDocumentDefinitions {
  const body = familyCoverage(BODY_FONT);
  const mono = familyCoverage(MONO_FONT);
  const cjk = cjkCoverage();
  // With a CJK font, what it draws is kept as text (not ⟨U+XXXX⟩) and given that font below.
  const w = new Writer(cjk === null ? { body, mono } : { body: body.union(cjk), mono: mono.union(cjk) });
  const fallback: FallbackFonts | null = cjk === null ? null : {
    own: { [BODY_FONT]: body, [MONO_FONT]: mono },
    defaultFont: BODY_FONT,
    fallbacks: fallbackFontFiles().map((fb) => ({ font: fb.family, coverage: fileCoverage(fb.file), ...(fb.prefer ? { prefer: fb.prefer } : {}) })),
  };
  const withFallback = <T>(c: T): T => (fallback === null ? c : applyFontFallback(c, fallback));
  const { cover } = model;
  const headerName = cover.caseName.length > 90 ? `${[...cover.caseName].slice(0, 88).join('')}…` : cover.caseName;
  const infoText = (s: string): string => safeText(s, null, { breakable: false });
  const generated = new Date(cover.generatedAt);

  // The bookmarked events have a section only when there are some: the sections are numbered in order.
  const sections: [string, (w: Writer, m: ReportModel, title: string) => Content[]][] = [
    ['Executive summary', executiveSection],
    ['Findings by level', levelsSection],
    ['Incidents', incidentsSection],
    ['Other findings', otherFindingsSection],
    ...(model.bookmarks.length > 0 ? [['Bookmarked events', bookmarksSection] as [string, typeof bookmarksSection]] : []),
    ['Evidence', evidenceSection],
    ['Suppressed findings', suppressedSection],
    ['Method and limits', methodSection],
  ];
  const content: Content[] = withFallback([
    ...coverPage(w, model),
    ...sections.flatMap(([title, section], i) => section(w, model, `${i + 1}. ${title}`)),
    ...appendixSection(w, model, 'Appendix: technical detail'),
  ]);

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
    header: (page: number) => (page === 1 ? null : withFallback({
      columns: [
        { text: w.txt(headerName, { breakable: false }), bold: true, width: '*' },
        { text: 'Triage report · all times UTC', width: 'auto', color: '#78909c' },
      ],
      fontSize: 7.5,
      margin: [MARGIN_X, 22, MARGIN_X, 0],
    })) as Content | null,
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
