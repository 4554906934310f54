/** The cover page (with the contents) and the evidence section. */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { fmtBytes, fmtInt, fmtTime, plural } from './format';
import { BAND_COLOR, keepHead, note, sectionHeading, table } from './pdf-layout';
import type { Writer } from './pdf-layout';
import type { ReportModel } from './report-model';
import { capped, EVIDENCE_ROWS_MAX, EXPORTS_POINTER } from '../shared/report-bounds';
import { evidenceRowStatus, evidenceRowsText } from '../shared/evidence-rows';

export function coverPage(w: Writer, model: ReportModel): Content[] {
  const c = model.cover;
  const s = model.summary;
  return [
    { text: 'EVTX Triage', color: '#78909c', fontSize: 11, margin: [0, 30, 0, 4] } as Content,
    { text: 'Forensic triage report', style: 'title', margin: [0, 0, 0, 12] } as Content,
    { text: w.txt(c.caseName), fontSize: 18, bold: true, margin: [0, 0, 0, 14] } as Content,
    w.kv([
      ['Case', w.txt(c.caseName)],
      ['Analyst', w.txt(c.analyst)],
      ['Generated (UTC)', fmtTime(c.generatedAt)],
      ['Tool', `${c.tool.name} ${c.tool.version}`],
      ['Rule set version', w.txt(c.ruleset.version)],
      ['Intel version', w.txt(c.ruleset.intel_version)],
      ['Evidence folder', w.code(c.evidenceRoot, { fontSize: 8 })],
      ['Evidence fingerprint', w.code(c.fingerprint, { fontSize: 8 })],
      ['Case read (UTC)', fmtTime(c.scannedAt)],
      ['Scope', w.txt(c.scope)],
    ], 118),
    {
      margin: [0, 8, 0, 0],
      table: {
        widths: ['*', '*', '*'],
        body: [[
          bigNumber(String(s.reported), s.reported === 1 ? 'finding reported' : 'findings reported', s.reported > 0 ? BAND_COLOR.critical : '#2e7d32'),
          bigNumber(String(s.suppressed), 'suppressed', '#546e7a'),
          bigNumber(String(model.evidence.totals.kinds.read), model.evidence.totals.kinds.read === 1 ? 'file read for events' : 'files read for events', '#1a237e'),
        ]],
      },
      layout: 'noBorders',
    } as Content,
    { text: 'All times in this report are UTC.', italics: true, color: '#546e7a', margin: [0, 8, 0, 14] } as Content,
    // The contents; the section headings are also the PDF's bookmarks (sectionHeading).
    { toc: { title: { text: 'Contents', style: 'h2' }, numberStyle: { bold: true } } } as Content,
  ];
}

function bigNumber(value: string, label: string, color: string): TableCell {
  return { stack: [{ text: value, fontSize: 22, bold: true, color }, { text: label, color: '#546e7a' }], alignment: 'center' } as TableCell;
}

export function evidenceSection(w: Writer, model: ReportModel, title = '5. Evidence'): Content[] {
  const ev = model.evidence;
  const rows: TableCell[][] = [];
  const listed = capped(ev.entries, EVIDENCE_ROWS_MAX);
  // One row per file, its fingerprint and modification time under its path: a file's lines never
  // part across a page break (dontBreakRows), and no row span leaves a gap in the table.
  listed.rows.forEach((e, i) => {
    rows.push([
      String(i + 1),
      {
        stack: [
          w.code(e.path, { bold: true }),
          // The hash on a line of its own, unbroken (the column's header names it).
          e.hashComplete && e.notHashed === undefined
            ? w.code(e.sha256, { fontSize: 6.5, color: '#37474f' })
            : { text: [{ text: 'not hashed: ', bold: true, color: '#b71c1c' }, w.txt(e.notHashed ?? 'the file could not be read to the end')], fontSize: 6.5 },
          { text: `modified ${fmtTime(e.modified)}`, color: '#546e7a', fontSize: 6.5 },
          ...(e.error !== undefined ? [{ text: [{ text: 'Unreadable: ', bold: true, color: '#b71c1c' }, w.txt(e.error)] }] : []),
          // A file skipped as not evidence, or an archive member: in the totals' words.
          ...(e.error === undefined && evidenceRowStatus(e) !== null ? [{ text: evidenceRowStatus(e)!, italics: true, color: '#8a5a00', fontSize: 6.5 }] : []),
        ],
      } as TableCell,
      e.format,
      { text: fmtBytes(e.bytes), alignment: 'right' } as TableCell,
      { text: e.records === null ? '—' : fmtInt(e.records), alignment: 'right' } as TableCell,
      { text: fmtInt(e.errors), alignment: 'right', ...(e.errors > 0 ? { color: '#b71c1c', bold: true } : {}) } as TableCell,
      { text: fmtInt(e.warnings), alignment: 'right', ...(e.warnings > 0 ? { color: '#e65100', bold: true } : {}) } as TableCell,
    ]);
  });
  const t = ev.totals;
  rows.push([
    '', { text: `Total: ${evidenceRowsText(t.kinds)}`, bold: true, colSpan: 2 } as TableCell, '',
    { text: fmtBytes(t.bytes), alignment: 'right', bold: true } as TableCell,
    { text: fmtInt(t.records), alignment: 'right', bold: true } as TableCell,
    { text: fmtInt(t.failed), alignment: 'right', bold: true } as TableCell,
    { text: fmtInt(t.warnings), alignment: 'right', bold: true } as TableCell,
  ]);
  return keepHead([
    sectionHeading(title, 1, 'sec-evidence', null, { margin: [0, 14, 0, 8] }),
    {
      table: { widths: ['*'], body: [[{ text: ev.readOnlyStatement, bold: true, color: '#1b5e20' }]] },
      layout: { hLineColor: () => '#66bb6a', vLineColor: () => '#66bb6a', fillColor: () => '#f1f8e9' },
      margin: [0, 0, 0, 8],
    } as Content,
    // The folder and its fingerprint each on a line of its own: a long folder path never wraps the hash in two.
    { text: [{ text: 'Evidence folder: ', bold: true }, w.code(model.cover.evidenceRoot)], margin: [0, 0, 0, 2] } as Content,
    { text: [{ text: 'Evidence fingerprint: ', bold: true }, w.code(model.cover.fingerprint)], margin: [0, 0, 0, 6] } as Content,
    table(
      [14, '*', 36, 44, 40, 34, 40], // sizes in MB alone (shared/byte-size.ts): "734.0 MB" at most; the file column holds a SHA-256 on one line
      [w.th('#'), w.th('File (archive members as archive!/member), its SHA-256, when it was last modified'), w.th('Format'), w.th('Size'), w.th('Records parsed'), w.th('Records failed'), w.th('Warnings')],
      rows,
      { dontBreakRows: true },
    ),
    ...(listed.more > 0 ? [note(`${plural(listed.more, 'more evidence file')} not listed here (the totals count them): ${EXPORTS_POINTER}.`)] : []),
    note('Records failed: records or parts that could not be read and were skipped. Details and samples are in the appendix.'),
  ]);
}
