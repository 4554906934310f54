/**
 * Report section 2, every finding printed by level (critical first), one row each: the rule, its
 * source and, for a Sigma rule, its author (Detection Rule License 1.1), ATT&CK, host, account,
 * first time and where the report details it (an incident, or a card among the other findings).
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { LEVELS } from './executive-summary';
import { fmtTime, plural } from './format';
import { levelCell, sourceLine } from './pdf-attribution';
import { heading, keepTogether, note, sectionHeading, table } from './pdf-layout';
import type { Writer } from './pdf-layout';
import type { FindingSection, ReportModel } from './report-model';

export function levelsSection(w: Writer, model: ReportModel, title: string): Content[] {
  // With no finding the executive summary is short and so is this section: both share a page
  // (a page of its own would hold one line). Otherwise the summary is a page of its own.
  if (model.findings.length === 0) {
    return keepTogether([
      sectionHeading(title, 1, 'sec-levels', null, { margin: [0, 14, 0, 8] }),
      { text: 'No finding is reported in this scope.', italics: true } as Content,
    ]);
  }
  const out: Content[] = [sectionHeading(title, 1, 'sec-levels', null, { pageBreak: 'before' })];
  const where = new Map<number, string>();
  for (const i of model.incidents) for (const m of i.members) where.set(m.number, i.full ? `I${i.number}` : `F${m.number}`);
  const order = [...LEVELS, 'other'];
  const rank = (l: string): number => { const k = order.indexOf(l as typeof order[number]); return k < 0 ? order.length : k; };
  const byLevel = new Map<string, FindingSection[]>();
  for (const s of model.findings) {
    const l = rank(s.level) < LEVELS.length ? s.level : 'other';
    byLevel.set(l, [...(byLevel.get(l) ?? []), s]);
  }
  out.push({ text: `${plural(model.findings.length, 'finding')} printed in this report, by level, each with its rule's source; a Sigma rule is credited to its author.`, margin: [0, 0, 0, 4] } as Content);
  for (const level of order) {
    const rows = byLevel.get(level);
    if (!rows) continue;
    out.push(table(
      [20, 42, '*', 54, 86, 62, 30],
      [w.th('#'), w.th('Level'), w.th('Rule and its source'), w.th('ATT&CK'), w.th('Host · account'), w.th('First seen (UTC)'), w.th('Details')],
      rows.map((s): TableCell[] => [
        { text: `F${s.number}`, bold: true } as TableCell,
        levelCell(s.level, s.finding.risk_score),
        { stack: [{ text: w.txt(s.finding.rule_name), bold: true }, { ...(sourceLine(w, s.finding) as object), color: '#546e7a', fontSize: 6.5 }] } as TableCell,
        w.txt(s.finding.mitre.join(', ')),
        { stack: [w.txt(s.finding.dest), { text: w.txt(s.finding.user), color: '#546e7a' }] } as TableCell,
        fmtTime(s.finding.firstTime),
        where.get(s.number) ?? '—',
      ]),
      { dontBreakRows: true, title: heading(`${level[0]!.toUpperCase()}${level.slice(1)} (${rows.length})`, 3) },
    ));
  }
  if (model.brief.bounded) out.push(note('The findings not printed in full are listed in brief at the end of section 4.'));
  return out;
}
