/**
 * The report's layout: the document model as a pdfmake document definition (pure data, no I/O
 * except the fonts' coverage). Every string from the case goes through `txt` or `code`, which
 * neutralise hostile characters and add wrap opportunities.
 */
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { CaseFinding, IngestIssue, PivotEvent, ProcessNode, ProcessRef, RuleDoc } from '../api/contract';
import { BODY_FONT, MONO_FONT, familyCoverage, type CodePointSet } from './fonts';
import { fmtBytes, fmtDuration, fmtInt, fmtTime, plural, timeValue } from './format';
import type { FindingSection, ReportModel, RiskBand } from './report-model';
import { MAX_AXIS_EVENTS } from './report-model';
import { safeText, ZWSP } from './safe-text';
import { drawTimelineAxis, KIND_STYLES } from './timeline-axis';

const PAGE_W = 595.28;
const MARGIN_X = 40;
export const CONTENT_W = PAGE_W - 2 * MARGIN_X;

const BAND_COLOR: Record<RiskBand, string> = { critical: '#b71c1c', high: '#e65100', medium: '#a67c00', low: '#2e7d32' };
const STATUS_LABEL: Record<string, string> = {
  new: 'New', investigating: 'Investigating', confirmed: 'Confirmed malicious', false_positive: 'False positive', suppressed: 'Suppressed',
};
const HEAD_FILL = '#eceff1';
const HIT_FILL = '#ffebee';

interface Cov { body: CodePointSet; mono: CodePointSet }

/** The layout helpers bound to the fonts' coverage. */
class Writer {
  constructor(private readonly cov: Cov) {}

  /** Body text, safe. */
  txt(s: string | null | undefined, opts: { keepNewlines?: boolean; breakable?: boolean } = {}): string {
    if (s === null || s === undefined || s === '') return '—';
    return safeText(s, this.cov.body, opts);
  }

  /** Monospace text (paths, command lines, hashes, GUIDs), safe and wrappable. DejaVu Sans Mono has no
   *  U+200B glyph, so each break opportunity is a zero-width inline in the body font. */
  code(s: string | null | undefined, style: Record<string, unknown> = {}): Content {
    const { margin, ...inline } = style;
    const outer = margin === undefined ? {} : { margin };
    if (s === null || s === undefined || s === '') return { text: '—', ...inline, ...outer } as Content;
    // Inline styles do not reach nested parts (a code span inside a text array), so every part
    // carries the font, size and style itself.
    const partStyle = { font: MONO_FONT, fontSize: 7.5, ...inline };
    const safe = safeText(s, this.cov.mono);
    const parts: Content[] = [];
    safe.split(ZWSP).forEach((seg, i) => {
      if (i > 0) parts.push({ ...partStyle, text: ZWSP, font: BODY_FONT } as Content);
      if (seg !== '') parts.push({ ...partStyle, text: seg } as Content);
    });
    return { text: parts, ...outer } as Content;
  }

  th(label: string): TableCell {
    return { text: label, bold: true, fillColor: HEAD_FILL, fontSize: 7.5 } as TableCell;
  }

  kv(rows: [string, Content | string][], labelWidth = 108): Content {
    return {
      table: {
        widths: [labelWidth, '*'],
        body: rows.map(([k, v]) => [{ text: k, bold: true, color: '#37474f' }, v] as TableCell[]),
      },
      layout: {
        hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === node.table.body.length ? 0 : 0.5),
        vLineWidth: () => 0,
        hLineColor: () => '#cfd8dc',
        paddingLeft: (i: number) => (i === 0 ? 0 : 4),
        paddingTop: () => 2.5,
        paddingBottom: () => 2.5,
      },
      margin: [0, 2, 0, 6],
    } as Content;
  }
}

function heading(text: string, level: 1 | 2 | 3, extra: Record<string, unknown> = {}): Content {
  const style = level === 1 ? 'h1' : level === 2 ? 'h2' : 'h3';
  return { text, style, ...extra } as Content;
}

/** Characters of text inside some content, all parts counted (a code span is many short parts). */
function textLength(c: unknown): number {
  if (typeof c === 'string') return c.length;
  if (Array.isArray(c)) return c.reduce((n: number, x) => n + textLength(x), 0);
  if (c !== null && typeof c === 'object') {
    const o = c as Record<string, unknown>;
    return textLength(o.text) + textLength(o.stack) + textLength(o.ul);
  }
  return 0;
}

/** The largest cell of some table rows, in characters (row height follows its largest cell). */
function largestCell(rows: unknown[][]): number {
  let max = 0;
  for (const row of rows) for (const cell of row) max = Math.max(max, textLength(cell));
  return max;
}

/** Rows over this many characters of one text may break across pages (a row taller than a page cannot be kept whole). */
const KEEP_ROW_MAX_CHARS = 2500;

/** Blocks kept on one page (a heading with what follows it) only when surely shorter than a page:
 *  pdfmake drops what an unbreakable block puts beyond its first page. */
const KEEP_BLOCK_MAX_CHARS = 1500;

function keepTogether(items: Content[]): Content[] {
  return textLength(items) <= KEEP_BLOCK_MAX_CHARS ? [{ stack: items, unbreakable: true } as Content] : items;
}

/**
 * A table with a header row. With `title`, the title is a borderless first header row kept with
 * the header and the first data row, so a heading never ends a page alone (it repeats, like the
 * header, on the pages the table continues on).
 */
function table(widths: (number | string)[], header: TableCell[], rows: TableCell[][], extra: Record<string, unknown> = {}): Content {
  const { dontBreakRows, title, ...rest } = extra;
  const keep = dontBreakRows === true && largestCell(rows) <= KEEP_ROW_MAX_CHARS;
  const titled = title !== undefined && title !== null;
  const titleRow: TableCell[] = titled
    ? widths.map((_, i) => (i === 0
      ? { ...(title as object), colSpan: widths.length, border: [false, false, false, false], fillColor: null, margin: [-3, 0, 0, 1] }
      : { text: '', border: [false, false, false, false] }) as TableCell)
    : [];
  const firstSmall = rows.length > 0 && largestCell([rows[0]!]) <= KEEP_ROW_MAX_CHARS;
  return {
    table: {
      headerRows: titled ? 2 : 1,
      ...(titled && firstSmall ? { keepWithHeaderRows: 1 } : {}),
      widths,
      body: titled ? [titleRow, header, ...rows] : [header, ...rows],
      ...(keep ? { dontBreakRows: true } : {}),
    },
    layout: { hLineWidth: (i: number) => (titled && i === 0 ? 0 : 0.4), vLineWidth: () => 0.4, hLineColor: () => '#b0bec5', vLineColor: () => '#b0bec5', paddingLeft: () => 3, paddingRight: () => 3, paddingTop: () => 2, paddingBottom: () => 2 },
    fontSize: 7.5,
    margin: [0, 2, 0, 8],
    ...rest,
  } as Content;
}

function note(text: string): Content {
  return { text, italics: true, color: '#546e7a', fontSize: 7.5, margin: [0, 0, 0, 6] } as Content;
}

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

// ---------------------------------------------------------------------------------------------

function coverPage(w: Writer, model: ReportModel): Content[] {
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

function evidenceSection(w: Writer, model: ReportModel): Content[] {
  const ev = model.evidence;
  const rows: TableCell[][] = [];
  ev.entries.forEach((e, i) => {
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
          { text: 'SHA-256 ', color: '#546e7a' },
          w.code(e.sha256),
          { text: `   modified ${fmtTime(e.modified)}${e.hashComplete ? '' : '   hash INCOMPLETE (reading stopped early)'}`, color: e.hashComplete ? '#546e7a' : '#b71c1c' },
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
    note('Records failed: records or parts that could not be read and were skipped. Details and samples are in section 5, Method and limits.'),
  ];
}

function summarySection(w: Writer, model: ReportModel): Content[] {
  const s = model.summary;
  const out: Content[] = [
    heading('2. Summary', 1, { tocItem: true, pageBreak: 'before' }),
    { text: `Scope: ${w.txt(s.scope)}.`, margin: [0, 0, 0, 8] } as Content,
    w.kv([
      ['First malicious activity', s.firstActivity === null ? 'none' : `${fmtTime(s.firstActivity)} UTC`],
      ['Last malicious activity', s.lastActivity === null ? 'none' : `${fmtTime(s.lastActivity)} UTC`],
      ['Hosts affected', s.hosts.length === 0 ? 'none' : { text: s.hosts.map((h, i) => `${i ? ', ' : ''}${w.txt(h.name)} (${h.findings})`).join('') }],
      ['Users affected', s.users.length === 0 ? 'none' : { text: s.users.map((u, i) => `${i ? ', ' : ''}${w.txt(u.name)} (${u.findings})`).join('') }],
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
        s.byRule.map((r) => [
          { text: [{ text: w.txt(r.rule_name), bold: true }, '\n', { text: w.txt(r.rule_id), color: '#78909c', fontSize: 6.5 }] } as TableCell,
          w.txt(r.mitre.join(', ')),
          { text: String(r.count), alignment: 'right' } as TableCell,
          { text: String(r.maxRisk), alignment: 'right', color: BAND_COLOR[bandOf(r.maxRisk)], bold: true } as TableCell,
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

function bandOf(score: number): RiskBand {
  return score >= 90 ? 'critical' : score >= 70 ? 'high' : score >= 40 ? 'medium' : 'low';
}

function findingsSections(w: Writer, model: ReportModel): Content[] {
  const out: Content[] = [heading('3. Findings', 1, { tocItem: true, pageBreak: 'before' })];
  if (model.findings.length === 0) {
    out.push({ text: 'No finding is reported in this scope.', italics: true } as Content);
    return out;
  }
  out.push({ text: `One section per reported finding (${model.findings.length}). Suppressed findings are listed in section 4.`, margin: [0, 0, 0, 6] } as Content);
  model.findings.forEach((f, i) => out.push(...findingSection(w, f, i > 0)));
  return out;
}

function findingSection(w: Writer, s: FindingSection, breakBefore: boolean): Content[] {
  const f = s.finding;
  const color = BAND_COLOR[s.band];
  const out: Content[] = [];
  out.push(heading(`F${s.number}. ${w.txt(f.rule_name)} on ${w.txt(f.dest)}`, 2, {
    tocItem: true, tocMargin: [12, 0, 0, 0], ...(breakBefore ? { pageBreak: 'before' } : {}),
  }));
  out.push({
    columns: [
      { width: 'auto', table: { body: [[{ text: `RISK ${f.risk_score} · ${s.band.toUpperCase()}`, color: 'white', bold: true, fillColor: color, margin: [4, 1, 4, 1] }]] }, layout: 'noBorders' },
      { width: '*', text: [{ text: 'ATT&CK ', bold: true }, w.txt(f.mitre.join(', ') || '—'), { text: '   rule ', bold: true }, w.txt(f.rule_id)], margin: [8, 2, 0, 0] },
    ],
    margin: [0, 0, 0, 6],
  } as Content);
  out.push({ text: w.txt(f.message), italics: true, margin: [0, 0, 0, 6] } as Content);

  // The DLL value written, set apart.
  out.push({
    table: {
      widths: ['*'],
      body: [[{
        stack: [
          {
            text: [
              { text: 'DLL VALUE WRITTEN', bold: true },
              { text: '  to value ' },
              w.code(f.registry_value_name === '' ? '(empty name: the default value)' : f.registry_value_name, { fontSize: 7 }),
              { text: ` of ${f.registry_key_name === '' ? 'the key' : ''}` },
              w.code(f.registry_key_name === '' ? null : f.registry_key_name, { fontSize: 7 }),
            ],
            fontSize: 7.5,
            color: '#b71c1c',
            margin: [0, 0, 0, 2],
          },
          w.code(f.registry_value_data, { fontSize: 10, bold: true, margin: [0, 1, 0, 1] }),
        ],
      }]],
    },
    layout: { hLineWidth: () => 1.2, vLineWidth: (i: number) => (i === 0 ? 4 : 1.2), hLineColor: () => '#c62828', vLineColor: () => '#c62828', fillColor: () => '#fff8f6', paddingLeft: () => 8, paddingTop: () => 5, paddingBottom: () => 5 },
    margin: [0, 0, 0, 8],
  } as Content);

  const reasons = f.risk_reasons.length ? { ul: f.risk_reasons.map((r) => w.txt(r)), fontSize: 7.5, margin: [0, 2, 0, 0] } : null;
  out.push(w.kv([
    ['Rule', { text: [{ text: w.txt(f.rule_name), bold: true }, '  ', { text: w.txt(f.rule_id), color: '#78909c' }] }],
    ['ATT&CK', w.txt(f.mitre.join(', '))],
    ['Risk', { stack: [{ text: `${f.risk_score} (${s.band})`, bold: true, color }, ...(reasons ? [reasons] : [])] } as Content],
    ['Host', w.txt(f.dest)],
    ['User', w.txt(f.user)],
    ['Writing process', { stack: [{ text: w.txt(f.process_name), bold: true }, w.code(f.process_path), w.code(f.process_guid, { color: '#546e7a' })] }],
    ['Command line', w.code(f.process)],
    ['Parent process', { stack: [{ text: w.txt(f.parent_process_name), bold: true }, w.code(f.parent_process_guid, { color: '#546e7a' })] }],
    ['Parent command line', w.code(f.parent_process)],
    ...(f.integrity_level ? [['Integrity level', w.txt(f.integrity_level)] as [string, string]] : []),
    ...(f.process_hashes ? [['Process hashes', w.code(f.process_hashes)] as [string, Content]] : []),
    ['Registry path', w.code(f.registry_path, { bold: true })],
    ['Key name', w.code(f.registry_key_name)],
    ['Value name', w.code(f.registry_value_name === '' ? '(empty: the default value)' : f.registry_value_name)],
    ['CLSID', w.code(f.clsid)],
    ['Count', fmtInt(f.count)],
    ['First seen (UTC)', fmtTime(f.firstTime)],
    ['Last seen (UTC)', fmtTime(f.lastTime)],
    ['Process start in evidence', f.process_start_in_evidence ? 'yes' : 'no: the writing process started before the evidence begins (joined on host and process GUID)'],
  ]));

  // Analyst status and note.
  const a = s.annotation;
  out.push(...keepTogether([heading('Analyst status and notes', 3), {
    table: {
      widths: ['*'],
      body: [[a === null
        ? { text: 'No analyst status or note recorded (status: New).', italics: true }
        : {
          stack: [
            { text: [{ text: 'Status: ', bold: true }, { text: STATUS_LABEL[a.status] ?? a.status, bold: true, color: a.status === 'confirmed' ? '#b71c1c' : '#263238' }, { text: `   by ${w.txt(a.by)} at ${fmtTime(a.at)} UTC`, color: '#546e7a' }] },
            ...(a.note.trim() !== '' ? [{ text: w.txt(a.note, { keepNewlines: true }), margin: [0, 3, 0, 0] }] : [{ text: 'No note.', italics: true, margin: [0, 3, 0, 0] }]),
          ],
        }]],
    },
    layout: { hLineColor: () => '#90a4ae', vLineColor: () => '#90a4ae', fillColor: () => '#f5f7f9', paddingLeft: () => 6, paddingTop: () => 4, paddingBottom: () => 4 },
    margin: [0, 0, 0, 6],
  } as Content]));

  out.push(...timelineBlock(w, s));
  out.push(...treeBlock(w, f));
  out.push(...dllBlock(w, f));
  out.push(...parallelBlock(w, s));
  return out;
}

function timelineBlock(w: Writer, s: FindingSection): Content[] {
  const f = s.finding;
  const tl = f.pivots.timeline;
  const title = heading(`Process timeline of ${w.txt(f.process_name)} (${plural(tl.length, 'event')})`, 3);
  if (tl.length === 0) return keepTogether([title, { text: 'No event of this process is in the evidence.', italics: true } as Content]);
  const axis = drawTimelineAxis(tl, CONTENT_W, BODY_FONT, MAX_AXIS_EVENTS);
  const out: Content[] = [{ stack: [title, { svg: axis.svg, width: axis.width, font: BODY_FONT, margin: [0, 0, 0, 4] }], unbreakable: true } as Content];
  if (axis.skipped > 0) out.push(note(`${plural(axis.skipped, 'event')} not drawn (no readable time, or over ${MAX_AXIS_EVENTS} events).`));
  const t0 = timeValue(tl[0]!.time);
  out.push(table(
    [16, 78, 56, 20, '*'],
    [w.th('#'), w.th('Time (UTC)'), w.th('Kind'), w.th('EID'), w.th('What happened')],
    s.timelineRows.map((e, i) => timelineRow(w, e, i, t0)),
    { dontBreakRows: true },
  ));
  if (s.timelineMore > 0) out.push(note(`${plural(s.timelineMore, 'more event')} of this process are not listed here (the JSON export has them all).`));
  return out;
}

function timelineRow(w: Writer, e: PivotEvent, i: number, t0: number): TableCell[] {
  const hit = e.is_finding_event === true;
  const st = KIND_STYLES[e.kind] ?? KIND_STYLES.other;
  const fill = hit ? { fillColor: HIT_FILL } : {};
  const dt = timeValue(e.time) - t0;
  return [
    { text: String(i + 1), ...fill } as TableCell,
    { stack: [fmtTime(e.time), ...(i > 0 && Number.isFinite(dt) ? [{ text: `+${fmtDuration(dt)}`, color: '#78909c', fontSize: 6.5 }] : [])], ...fill } as TableCell,
    { text: [{ text: '■ ', color: st.color }, st.label], fontSize: 7, ...fill } as TableCell,
    { text: e.event_id === null ? '—' : String(e.event_id), ...fill } as TableCell,
    {
      stack: [
        ...(hit ? [{ text: 'THE FINDING\'S REGISTRY WRITE', bold: true, color: '#b71c1c', fontSize: 6.5 }] : []),
        w.code(e.summary, hit ? { bold: true } : {}),
        { text: [e.record_id === null ? '' : `record ${e.record_id} · `, w.txt(e.evidence)], color: '#78909c', fontSize: 6.5 },
      ],
      ...fill,
    } as TableCell,
  ];
}

function treeBlock(w: Writer, f: CaseFinding): Content[] {
  const tree = f.pivots.tree;
  if (tree.length === 0) return keepTogether([heading('Process tree', 3), { text: 'No process tree: the process start is not in the evidence.', italics: true } as Content]);
  return [table(
    [44, '*', 78, 78],
    [w.th('Relation'), w.th('Process, GUID and command line'), w.th('Started (UTC)'), w.th('Ended (UTC)')],
    tree.map((n) => processRow(w, n, true)),
    { dontBreakRows: true, title: heading('Process tree', 3) },
  )];
}

function processRow(w: Writer, n: ProcessNode, indent: boolean): TableCell[] {
  const self = n.relation === 'self';
  const fill = self ? { fillColor: HIT_FILL } : {};
  const depth = indent ? Math.max(0, Math.min(8, n.depth ?? 0)) : 0;
  return [
    { text: n.relation, bold: self, ...fill } as TableCell,
    {
      stack: [
        { text: [{ text: w.txt(n.process_name), bold: true }, ...(n.user ? [{ text: `  user ${w.txt(n.user)}`, color: '#546e7a' }] : [])] },
        w.code(n.process_guid, { color: '#546e7a', fontSize: 6.5 }),
        w.code(n.process ?? n.process_path ?? null),
      ],
      margin: [depth * 8, 0, 0, 0],
      ...fill,
    } as TableCell,
    { text: fmtTime(n.start_time), ...fill } as TableCell,
    { text: fmtTime(n.end_time), ...fill } as TableCell,
  ];
}

function refRows(w: Writer, refs: ProcessRef[]): TableCell[][] {
  return refs.map((r) => [
    { stack: [{ text: w.txt(r.process_name), bold: true }, w.code(r.process_guid, { color: '#546e7a', fontSize: 6.5 })] } as TableCell,
    w.txt(r.dest ?? null),
    fmtTime(r.time),
    w.code(r.process ?? r.process_path ?? null) as TableCell,
  ]);
}

function dllBlock(w: Writer, f: CaseFinding): Content[] {
  const p = f.pivots;
  const out: Content[] = [];
  const intro = [heading('DLL pivot', 3), { text: [{ text: 'DLL: ', bold: true }, w.code(f.registry_value_data)], margin: [0, 0, 0, 4] } as Content];
  const sub = (text: string): Content => ({ text, bold: true, margin: [0, 2, 0, 1] } as Content);
  // A fresh header per table: pdfmake annotates the cell objects it lays out.
  const head = (): TableCell[] => [w.th('Process'), w.th('Host'), w.th('Time (UTC)'), w.th('Command line (or image path)')];
  const widths = [110, 70, 78, '*'];
  const created = sub(`Created by (${p.dll_created_by.length})`);
  if (p.dll_created_by.length) {
    out.push(...keepTogether(intro), table(widths, head(), refRows(w, p.dll_created_by), { dontBreakRows: true, title: created }));
  } else {
    out.push(...keepTogether([...intro, created, note('No process is seen creating this file in the evidence.')]));
  }
  const loaded = sub(`Loaded by (${p.dll_loaded_by.length})`);
  out.push(p.dll_loaded_by.length
    ? table(widths, head(), refRows(w, p.dll_loaded_by), { dontBreakRows: true, title: loaded })
    : { stack: [loaded, note('No process is seen loading this file in the evidence.')], unbreakable: true } as Content);
  if (p.other_registry_values.length > 0) {
    out.push(table(
      ['*', 90, 78],
      [w.th('Registry path = data'), w.th('Process, host'), w.th('Time (UTC)')],
      p.other_registry_values.map((v) => [
        { stack: [w.code(v.registry_path), w.code(`= ${v.registry_value_data}`, { color: '#546e7a' })] } as TableCell,
        { stack: [w.txt(v.process_name), { text: w.txt(v.dest), color: '#546e7a' }] } as TableCell,
        fmtTime(v.time),
      ]),
      { dontBreakRows: true, title: sub(`Other registry values pointing to this DLL (${p.other_registry_values.length})`) },
    ));
  }
  if (p.dll_file_events.length > 0) {
    out.push(table(
      [78, 80, '*'],
      [w.th('Time (UTC)'), w.th('Process'), w.th('What happened')],
      p.dll_file_events.slice(0, 40).map((e) => [fmtTime(e.time), w.txt(e.process_name), w.code(e.summary) as TableCell]),
      { dontBreakRows: true, title: sub(`File events of the DLL (${p.dll_file_events.length})`) },
    ));
  }
  return out;
}

function parallelBlock(w: Writer, s: FindingSection): Content[] {
  const f = s.finding;
  const par = f.pivots.parallel;
  const title = heading(`Parallel processes on ${w.txt(f.dest)} (±${f.pivots.parallel_window_seconds} s around the write)`, 3);
  if (par.length === 0) return keepTogether([title, note('No other process of this host was alive in the window.')]);
  const out: Content[] = [table(
    ['*', 78, 78],
    [w.th('Process, GUID and command line'), w.th('Started (UTC)'), w.th('Ended (UTC)')],
    s.parallelRows.map((n) => processRow(w, n, false).slice(1)),
    { dontBreakRows: true, title },
  )];
  if (s.parallelMore > 0) out.push(note(`${plural(s.parallelMore, 'more process', 'more processes')} not listed.`));
  return out;
}

function suppressedSection(w: Writer, model: ReportModel): Content[] {
  const out: Content[] = [heading('4. Suppressed findings', 1, { tocItem: true, pageBreak: 'before' })];
  if (model.suppressed.length === 0) {
    out.push({ text: 'No finding in this scope was suppressed.', italics: true } as Content);
    return out;
  }
  out.push({ text: 'These findings matched a suppression. They are not detailed above; who suppressed them and why is recorded here.', margin: [0, 0, 0, 6] } as Content);
  out.push(table(
    [18, '*', 150],
    [w.th('#'), w.th('Finding'), w.th('Suppressed by, why, when')],
    model.suppressed.map((r, i) => {
      const f = r.finding;
      const sup = f.suppression;
      return [
        `S${i + 1}`,
        {
          stack: [
            { text: [{ text: w.txt(f.rule_name), bold: true }, `  risk ${f.risk_score}`] },
            { text: [w.txt(f.process_name), ' on ', w.txt(f.dest), ' · user ', w.txt(f.user), ` · ${plural(f.count, 'write')}, ${fmtTime(f.firstTime)} – ${fmtTime(f.lastTime)} UTC`] },
            w.code(f.registry_path),
            w.code(`= ${f.registry_value_data}`, { color: '#546e7a' }),
          ],
        } as TableCell,
        sup
          ? {
            stack: [
              { text: [{ text: 'By ', bold: true }, w.txt(sup.author)] },
              { text: [{ text: 'Why ', bold: true }, w.txt(sup.reason, { keepNewlines: true })] },
              { text: [{ text: 'When ', bold: true }, w.txt(sup.date)] },
              { text: [{ text: 'Suppression ', bold: true }, w.txt(sup.id)], color: '#78909c', fontSize: 6.5 },
              ...(r.annotation && r.annotation.note.trim() !== '' ? [{ text: [{ text: 'Analyst note ', bold: true }, w.txt(r.annotation.note, { keepNewlines: true })] }] : []),
            ],
          } as TableCell
          : { text: 'Suppressed (no suppression record attached).', italics: true } as TableCell,
      ];
    }),
    { dontBreakRows: true },
  ));
  return out;
}

function methodSection(w: Writer, model: ReportModel): Content[] {
  const m = model.method;
  const out: Content[] = [heading('5. Method and limits', 1, { tocItem: true, pageBreak: 'before' })];
  out.push({ ul: m.statements.map((s) => ({ text: w.txt(s), margin: [0, 0, 0, 3] })), margin: [0, 0, 0, 6] } as Content);
  if (m.unknownFindingIds.length > 0) {
    out.push(note(`${plural(m.unknownFindingIds.length, 'requested finding')} not in the case: ${m.unknownFindingIds.map((id) => w.txt(id)).join(', ')}.`));
  }
  const rulesHeading = heading('What the detections look for', 2, { tocItem: true, tocMargin: [12, 0, 0, 0] });
  if (m.rules.length === 0) out.push(...keepTogether([rulesHeading, note('No rule documentation is attached to this case.')]));
  m.rules.forEach((r, i) => {
    const block = ruleBlock(w, r);
    out.push(...(i === 0 ? [...keepTogether([rulesHeading, block[0]!]), ...block.slice(1)] : block));
  });
  const issuesHeading = heading('Parser warnings and skipped records', 2, { tocItem: true, tocMargin: [12, 0, 0, 0] });
  if (m.parserIssues.length === 0) {
    out.push(...keepTogether([issuesHeading, { text: 'Every record of every file was read: no record was skipped and no warning was raised.', margin: [0, 0, 0, 6] } as Content]));
  } else {
    out.push(...keepTogether([issuesHeading, { text: 'Per file: records or parts that could not be read (skipped), warnings, and the first issues with where they are.', margin: [0, 0, 0, 2] } as Content]));
    out.push(table(
      ['*', 36, 40, 190],
      [w.th('File'), w.th('Failed'), w.th('Warnings'), w.th('First issues (code, where, what)')],
      m.parserIssues.map((p) => [
        { stack: [w.code(p.path), ...(p.error !== undefined ? [{ text: [{ text: 'Unreadable: ', bold: true, color: '#b71c1c' }, w.txt(p.error)] }] : [])] } as TableCell,
        { text: fmtInt(p.errors), alignment: 'right' } as TableCell,
        { text: fmtInt(p.warnings), alignment: 'right' } as TableCell,
        {
          stack: p.samples.length === 0 ? ['—'] : p.samples.map((s) => ({
            text: [
              { text: w.txt(s.code), bold: true },
              { text: ` ${where(s.context)} `, color: '#546e7a' },
              w.txt(s.message),
            ],
            fontSize: 6.5,
            margin: [0, 0, 0, 2],
          })),
        } as TableCell,
      ]),
      { dontBreakRows: true },
    ));
  }
  return out;
}

function where(ctx: IngestIssue['context']): string {
  const parts: string[] = [];
  for (const k of ['member', 'chunk', 'offset', 'recordId', 'line'] as const) {
    const v = ctx[k];
    if (v !== undefined && v !== null) parts.push(`${k === 'recordId' ? 'record' : k} ${String(v)}`);
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

function ruleBlock(w: Writer, r: RuleDoc): Content[] {
  const out: Content[] = [{
    stack: [
      { text: [{ text: w.txt(r.name), bold: true, fontSize: 9.5 }, { text: `   ${w.txt(r.id)}`, color: '#78909c', fontSize: 7 }], margin: [0, 6, 0, 2] },
      { text: [{ text: 'ATT&CK ', bold: true }, w.txt(r.mitre.join(', ') || '—'), { text: '   base risk ', bold: true }, String(r.risk_score)], margin: [0, 0, 0, 2] },
      { text: w.txt(r.description), margin: [0, 0, 0, 2] },
    ],
    ...(textLength(r.description) <= KEEP_BLOCK_MAX_CHARS ? { unbreakable: true } : {}),
  } as Content];
  if (r.notes && r.notes.length) {
    out.push({ text: 'How it reads the registry', bold: true, fontSize: 7.5, margin: [0, 2, 0, 1] } as Content);
    out.push({ ul: r.notes.map((n) => w.txt(n)), fontSize: 7.5, margin: [0, 0, 0, 2] } as Content);
  }
  if (r.false_positives.length) {
    out.push({ text: 'Known false positives', bold: true, fontSize: 7.5, margin: [0, 2, 0, 1] } as Content);
    out.push({ ul: r.false_positives.map((n) => w.txt(n)), fontSize: 7.5, margin: [0, 0, 0, 2] } as Content);
  }
  if (r.references.length) {
    out.push({ text: 'References', bold: true, fontSize: 7.5, margin: [0, 2, 0, 1] } as Content);
    out.push({ ul: r.references.map((n) => w.code(n, { fontSize: 6.5 })), fontSize: 7, margin: [0, 0, 0, 4] } as Content);
  }
  return out;
}
