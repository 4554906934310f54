/** Report sections before the findings: the cover page, 1. Evidence and 2. Summary. */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { fmtBytes, fmtInt, fmtTime, plural } from './format';
import { BAND_COLOR, heading, note, STATUS_LABEL, table } from './pdf-layout';
import type { Writer } from './pdf-layout';
import { riskBand } from './report-model';
import type { ReportModel } from './report-model';
import { capped, EVIDENCE_ROWS_MAX, EXPORTS_POINTER, RULES_MAX, SUMMARY_NAMES_MAX } from '../api/report-bounds';

export function coverPage(w: Writer, model: ReportModel): Content[] {
  const c = model.cover;
  const s = model.summary;
  return [
    { text: 'EVTX Triage', color: '#78909c', fontSize: 11, margin: [0, 90, 0, 4] } as Content,
    { text: 'Forensic triage report', style: 'title', margin: [0, 0, 0, 18] } as Content,
    { text: w.txt(c.caseName), fontSize: 18, bold: true, margin: [0, 0, 0, 24] } as Content,
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
      margin: [0, 18, 0, 0],
      table: {
        widths: ['*', '*', '*'],
        body: [[
          bigNumber(String(s.reported), s.reported === 1 ? 'finding reported' : 'findings reported', s.reported > 0 ? BAND_COLOR.critical : '#2e7d32'),
          bigNumber(String(s.suppressed), 'suppressed', '#546e7a'),
          bigNumber(String(model.evidence.totals.files), model.evidence.totals.files === 1 ? 'evidence file' : 'evidence files', '#1a237e'),
        ]],
      },
      layout: 'noBorders',
    } as Content,
    { text: 'All times in this report are UTC.', italics: true, color: '#546e7a', margin: [0, 24, 0, 0], pageBreak: 'after' } as Content,
  ];
}

function bigNumber(value: string, label: string, color: string): TableCell {
  return { stack: [{ text: value, fontSize: 22, bold: true, color }, { text: label, color: '#546e7a' }], alignment: 'center' } as TableCell;
}

export function evidenceSection(w: Writer, model: ReportModel): Content[] {
  const ev = model.evidence;
  const rows: TableCell[][] = [];
  const listed = capped(ev.entries, EVIDENCE_ROWS_MAX);
  listed.rows.forEach((e, i) => {
    const n = String(i + 1);
    rows.push([
      { text: n, rowSpan: e.error !== undefined ? 3 : 2 } as TableCell,
      w.code(e.path, { bold: true }) as TableCell,
      e.format,
      { text: fmtBytes(e.bytes), alignment: 'right' } as TableCell,
      { text: e.records === null ? '—' : fmtInt(e.records), alignment: 'right' } as TableCell,
      { text: fmtInt(e.errors), alignment: 'right', ...(e.errors > 0 ? { color: '#b71c1c', bold: true } : {}) } as TableCell,
      { text: fmtInt(e.warnings), alignment: 'right', ...(e.warnings > 0 ? { color: '#e65100', bold: true } : {}) } as TableCell,
    ]);
    rows.push([
      '',
      {
        colSpan: 6,
        text: [
          ...(e.hashComplete && e.notHashed === undefined
            ? [{ text: 'SHA-256 ', color: '#546e7a' }, w.code(e.sha256)]
            : [{ text: 'not hashed: ', bold: true, color: '#b71c1c' }, w.txt(e.notHashed ?? 'the file could not be read to the end')]),
          { text: `   modified ${fmtTime(e.modified)}`, color: '#546e7a' },
        ],
      } as TableCell,
      '', '', '', '', '',
    ]);
    if (e.error !== undefined) {
      rows.push(['', { colSpan: 6, text: [{ text: 'Unreadable: ', bold: true, color: '#b71c1c' }, w.txt(e.error)] } as TableCell, '', '', '', '', '']);
    }
  });
  const t = ev.totals;
  rows.push([
    '', { text: `Total: ${plural(t.files, 'file')}${t.unreadable ? `, ${t.unreadable} unreadable` : ''}`, bold: true } as TableCell, '',
    { text: fmtBytes(t.bytes), alignment: 'right', bold: true } as TableCell,
    { text: fmtInt(t.records), alignment: 'right', bold: true } as TableCell,
    { text: fmtInt(t.failed), alignment: 'right', bold: true } as TableCell,
    { text: fmtInt(t.warnings), alignment: 'right', bold: true } as TableCell,
  ]);
  return [
    heading('1. Evidence', 1, { tocItem: true }),
    {
      table: { widths: ['*'], body: [[{ text: ev.readOnlyStatement, bold: true, color: '#1b5e20' }]] },
      layout: { hLineColor: () => '#66bb6a', vLineColor: () => '#66bb6a', fillColor: () => '#f1f8e9' },
      margin: [0, 0, 0, 8],
    } as Content,
    {
      text: [
        { text: 'Evidence folder: ', bold: true },
        w.code(model.cover.evidenceRoot),
        { text: '   fingerprint ', bold: true },
        w.code(model.cover.fingerprint),
      ],
      margin: [0, 0, 0, 6],
    } as Content,
    table(
      [14, '*', 34, 92, 46, 36, 40],
      [w.th('#'), w.th('File (archive members as archive!/member)'), w.th('Format'), w.th('Size'), w.th('Records parsed'), w.th('Records failed'), w.th('Warnings')],
      rows,
      { dontBreakRows: true },
    ),
    ...(listed.more > 0 ? [note(`${plural(listed.more, 'more evidence file')} not listed here (the totals count them): ${EXPORTS_POINTER}.`)] : []),
    note('Records failed: records or parts that could not be read and were skipped. Details and samples are in section 5, Method and limits.'),
  ];
}

/** Names with their finding counts, the first SUMMARY_NAMES_MAX, then how many more. */
function names(w: Writer, list: { name: string; findings: number }[], what: string): Content | string {
  if (list.length === 0) return 'none';
  const c = capped(list, SUMMARY_NAMES_MAX);
  const text = c.rows.map((h, i) => `${i ? ', ' : ''}${w.txt(h.name)} (${h.findings})`).join('');
  return { text: c.more > 0 ? `${text}, and ${plural(c.more, `more ${what}`)} (${list.length} in all)` : text } as Content;
}

export function summarySection(w: Writer, model: ReportModel): Content[] {
  const s = model.summary;
  const out: Content[] = [
    heading('2. Summary', 1, { tocItem: true, pageBreak: 'before' }),
    { text: `Scope: ${w.txt(s.scope)}.`, margin: [0, 0, 0, 8] } as Content,
    w.kv([
      ['First malicious activity', s.firstActivity === null ? 'none' : `${fmtTime(s.firstActivity)} UTC`],
      ['Last malicious activity', s.lastActivity === null ? 'none' : `${fmtTime(s.lastActivity)} UTC`],
      ['Hosts affected', names(w, s.hosts, 'host')],
      ['Users affected', names(w, s.users, 'user')],
      ['Analyst status', s.byStatus.length === 0 ? '—' : s.byStatus.map((b) => `${STATUS_LABEL[b.status] ?? b.status}: ${b.count}`).join(' · ')],
    ], 118),
    note(s.activityNote),
    table(
      [110, 50],
      [w.th('Risk'), w.th('Findings')],
      s.byRisk.map((b) => [{ text: b.label, color: BAND_COLOR[b.band], bold: b.count > 0 } as TableCell, { text: String(b.count), alignment: 'right' } as TableCell]),
      { title: heading('Findings by risk', 3) },
    ),
    s.byRule.length === 0
      ? { stack: [heading('Findings by rule', 3), { text: 'No finding is reported.', italics: true }] } as Content
      : table(
        ['*', 80, 50, 40],
        [w.th('Rule'), w.th('ATT&CK'), w.th('Findings'), w.th('Max risk')],
        capped(s.byRule, RULES_MAX).rows.map((r) => [
          { text: [{ text: w.txt(r.rule_name), bold: true }, '\n', { text: w.txt(r.rule_id), color: '#78909c', fontSize: 6.5 }] } as TableCell,
          w.txt(r.mitre.join(', ')),
          { text: String(r.count), alignment: 'right' } as TableCell,
          { text: String(r.maxRisk), alignment: 'right', color: BAND_COLOR[riskBand(r.maxRisk)], bold: true } as TableCell,
        ]),
        { title: heading('Findings by rule', 3) },
      ),
  ];
  if (model.findings.length > 0) {
    out.push(table(
      [18, 24, '*', 104, 46, 50, 70],
      [w.th('#'), w.th('Risk'), w.th('Rule · process · registry value'), w.th('Host'), w.th('User'), w.th('Status'), w.th('First seen (UTC)')],
      model.findings.map((f) => [
        `F${f.number}`,
        { text: String(f.finding.risk_score), color: BAND_COLOR[f.band], bold: true } as TableCell,
        { stack: [{ text: w.txt(f.finding.rule_name), bold: true }, { text: [w.txt(f.finding.process_name), ' → ', w.code(f.finding.registry_value_data)] }] } as TableCell,
        w.txt(f.finding.dest),
        w.txt(f.finding.user),
        { text: STATUS_LABEL[f.annotation?.status ?? 'new'] ?? f.annotation?.status, bold: f.annotation?.status === 'confirmed', color: f.annotation?.status === 'confirmed' ? '#b71c1c' : '#37474f' } as TableCell,
        fmtTime(f.finding.firstTime),
      ]),
      { title: heading('Reported findings', 3), dontBreakRows: true },
    ));
  }
  return out;
}
