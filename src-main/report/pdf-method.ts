/**
 * The method and limits page (plain words, method-text.ts), and the appendix: the technical
 * detail, what each detection looks for, and every file's parser warnings and skipped records
 * with where they are.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { IngestIssue, RuleDoc } from '../shared/contract';
import { fmtInt, plural } from './format';
import { KEEP_BLOCK_MAX_CHARS, KEEP_PROSE_MAX_CHARS, keepTogether, note, sectionHeading, table, textLength } from './pdf-layout';
import type { Writer } from './pdf-layout';
import type { ReportModel } from './report-model';
import { capped, EXPORTS_POINTER, ISSUE_FILES_MAX, RULES_MAX } from '../shared/report-bounds';

const APPENDIX_ID = 'sec-appendix';

/**
 * The method and limits, in plain words for a manager or a lawyer: one block kept on one page, so
 * it follows the suppressed findings when it fits under them and starts the next page when it does
 * not (a forced page break would leave a page holding only the end of the section before it).
 */
export function methodSection(w: Writer, model: ReportModel, title: string): Content[] {
  const m = model.method;
  const out: Content[] = [sectionHeading(title, 1, 'sec-method', null, { margin: [0, 14, 0, 8] })];
  out.push(...m.statements.map((s) => {
    const colon = s.indexOf(': ');
    const lead = colon > 0 && colon < 48 ? s.slice(0, colon + 1) : '';
    return { text: [{ text: lead ? `${lead} ` : '', bold: true }, w.txt(lead ? s.slice(colon + 2) : s)], margin: [0, 0, 0, 5] } as Content;
  }));
  if (m.unknownFindingIds.length > 0) {
    out.push(note(`${plural(m.unknownFindingIds.length, 'requested finding')} not in the case: ${m.unknownFindingIds.map((id) => w.txt(id)).join(', ')}.`));
  }
  return keepTogether(out, KEEP_PROSE_MAX_CHARS);
}

/** The appendix: the technical detail, what each rule looks for, and every parser issue. */
export function appendixSection(w: Writer, model: ReportModel, title: string): Content[] {
  const m = model.method;
  const out: Content[] = [sectionHeading(title, 1, APPENDIX_ID, null, { pageBreak: 'before' })];
  out.push(...keepTogether([
    sectionHeading('Technical detail', 2, 'sec-technical', APPENDIX_ID),
    { ul: m.technical.map((s) => ({ text: w.txt(s), margin: [0, 0, 0, 2] })), fontSize: 7.5, margin: [0, 0, 0, 6] } as Content,
  ]));
  const rulesHeading = sectionHeading('What the detections look for', 2, 'sec-rules', APPENDIX_ID);
  if (m.rules.length === 0) out.push(...keepTogether([rulesHeading, note('No rule documentation is attached to this case.')]));
  const rules = capped(m.rules, RULES_MAX);
  rules.rows.forEach((r, i) => {
    const block = ruleBlock(w, r);
    out.push(...(i === 0 ? [...keepTogether([rulesHeading, block[0]!]), ...block.slice(1)] : block));
  });
  if (rules.more > 0) out.push(note(`${plural(rules.more, 'more rule')} ran and are not described here: the JSON export lists every rule.`));
  const issues = capped(m.parserIssues, ISSUE_FILES_MAX);
  const issuesHeading = sectionHeading('Parser warnings and skipped records', 2, 'sec-issues', APPENDIX_ID);
  if (m.parserIssues.length === 0) {
    out.push(...keepTogether([issuesHeading, { text: 'Every record of every file was read: no record was skipped and no warning was raised.', margin: [0, 0, 0, 6] } as Content]));
  } else {
    out.push(...keepTogether([issuesHeading, { text: 'Per file: records or parts that could not be read (skipped), warnings, and the first issues with where they are.', margin: [0, 0, 0, 2] } as Content]));
    out.push(table(
      ['*', 36, 40, 190],
      [w.th('File'), w.th('Failed'), w.th('Warnings'), w.th('First issues (code, where, what)')],
      issues.rows.map((p) => [
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
    if (issues.more > 0) out.push(note(`${plural(issues.more, 'more file')} with parser issues not listed here: ${EXPORTS_POINTER}.`));
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
      { text: [{ text: 'ATT&CK ', bold: true }, w.txt(r.mitre.join(', ') || '—'), { text: '   base risk ', bold: true }, String(r.risk_score), ...(r.level ? [{ text: '   level ', bold: true }, w.txt(r.level)] : [])], margin: [0, 0, 0, 2] },
      ...(r.source === 'sigma' ? [{ text: [{ text: 'Sigma rule by ', bold: true }, w.txt(r.author ?? 'an author not stated in the rule'), { text: `   ${w.txt(r.path ?? '')}`, color: '#78909c' }], margin: [0, 0, 0, 2] }] : []),
      { text: w.txt(r.description, { keepNewlines: true }), margin: [0, 0, 0, 2] },
    ],
    ...(textLength(r.description) <= KEEP_BLOCK_MAX_CHARS ? { unbreakable: true } : {}),
  } as Content];
  if (r.notes && r.notes.length) out.push(...labelledList(r.source === 'sigma' ? 'Notes' : 'How it reads the registry', r.notes.map((n) => w.txt(n)), { fontSize: 7.5, margin: [0, 0, 0, 2] }));
  if (r.false_positives.length) out.push(...labelledList('Known false positives', r.false_positives.map((n) => w.txt(n)), { fontSize: 7.5, margin: [0, 0, 0, 2] }));
  if (r.references.length) out.push(...labelledList('References', r.references.map((n) => w.code(n, { fontSize: 6.5 })), { fontSize: 7, margin: [0, 0, 0, 4] }));
  return out;
}

/** A bulleted list under its label, the label never alone at the foot of a page: kept with the whole list, or with its first item when the list is long. */
function labelledList(label: string, items: Content[], style: Record<string, unknown>): Content[] {
  const head = { text: label, bold: true, fontSize: 7.5, margin: [0, 2, 0, 1] } as Content;
  const whole = keepTogether([head, { ul: items, ...style } as Content]);
  if (whole.length === 1 || textLength(items[0]) > KEEP_BLOCK_MAX_CHARS) return whole;
  return [
    { stack: [head, { ul: items.slice(0, 1), ...style, margin: [0, 0, 0, 0] }], unbreakable: true } as Content,
    { ul: items.slice(1), ...style } as Content,
  ];
}
