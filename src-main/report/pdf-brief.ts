/**
 * After the findings printed in full (the other findings' section): the other reported findings in brief,
 * one table for the rules with a single finding on a host, then one compact table per rule and host
 * with several, each with a count of what it holds, and counts of what the
 * tables' caps leave out (bounds in report-bounds.ts). Keeps a report of 100,000 findings to a
 * bounded number of pages and a bounded layout in memory.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { CaseFinding } from '../shared/contract';
import type { BriefGroup, FindingSelection } from '../shared/report-selection';
import { fmtInt, fmtTime, plural } from './format';
import { BAND_COLOR, heading, keepTogether, note, sectionHeading, table } from './pdf-layout';
import type { Writer } from './pdf-layout';
import { BRIEF_GROUPS_MAX, BRIEF_MAX, EXPORTS_POINTER, FULL_DETAIL_ALL, FULL_MAX, FULL_PER_RULE_HOST } from '../shared/report-bounds';
import { riskBand } from './report-model';
import { registryDataText } from '../shared/registry-data';

/** The sentence under the other findings' heading when not every finding is printed in full. */
export function briefIntro(sel: FindingSelection, reported: number): string {
  return `${fmtInt(reported)} reported findings are more than the ${FULL_DETAIL_ALL} this report prints in full: ` +
    `${fmtInt(sel.full.length)} are printed in full (the highest-risk ones, at most ${FULL_PER_RULE_HOST} per rule and host and ${FULL_MAX} in all), ` +
    `the other ${fmtInt(reported - sel.full.length)} are in brief in "Further findings in brief" after them, per rule and host. ` +
    `The incidents above group the findings printed in full. Suppressed findings are listed after the evidence; ${EXPORTS_POINTER} in full.`;
}

export function briefSection(w: Writer, sel: FindingSelection, parentId: string): Content[] {
  if (!sel.bounded || (sel.brief.length === 0 && sel.ungroupedCount === 0)) return [];
  const listed = sel.brief.reduce((n, g) => n + g.rows.length, 0);
  const unlisted = sel.brief.reduce((n, g) => n + g.unlisted, 0) + sel.ungroupedCount;
  // The heading and its sentence kept together, after the last card (a forced page break would
  // leave the last card alone on a page when it starts one).
  const out: Content[] = keepTogether([
    sectionHeading('Further findings in brief', 2, 'sec-brief', parentId, { margin: [0, 12, 0, 4] }),
    {
      text: `${plural(listed + unlisted, 'reported finding')} not printed in full, by rule and host, in the report's order (risk, then time). ` +
        `${fmtInt(listed)} are listed in brief (at most ${fmtInt(BRIEF_MAX)} rows in all)` +
        (unlisted > 0 ? `; ${fmtInt(unlisted)} are only counted here: ${EXPORTS_POINTER}.` : '.'),
      margin: [0, 0, 0, 6],
    } as Content,
  ]);
  // A rule with one finding on a host is a row of one table, not a heading and a table of one row each.
  const single = sel.brief.filter((g) => g.rows.length === 1 && g.unlisted === 0 && g.inFull === 0);
  if (single.length > 0) out.push(singlesTable(w, single));
  for (const g of sel.brief) if (!single.includes(g)) out.push(...groupBlock(w, g));
  if (sel.ungroupedCount > 0) {
    out.push(note(`${plural(sel.ungroupedCount, 'more finding')} in ${plural(sel.ungroupedGroups, 'more rule and host pair')} beyond the ${BRIEF_GROUPS_MAX} listed here are not listed: ${EXPORTS_POINTER}.`));
  }
  return out;
}

function groupTitle(w: Writer, g: BriefGroup): string {
  const rest = g.total - g.inFull;
  // A Sigma rule is credited to its author wherever its matches are shown (DRL 1.1).
  const by = g.sigma_author !== null ? ` (Sigma rule by ${w.txt(g.sigma_author)})` : '';
  const where = `of rule ${w.txt(g.rule_name)}${by} on host ${w.txt(g.dest)}`;
  if (g.inFull === 0) return `${plural(rest, 'finding')} ${where}, listed below in brief`;
  return `${plural(rest, 'more finding')} ${where}, listed below in brief`;
}

function groupBlock(w: Writer, g: BriefGroup): Content[] {
  const title = heading(groupTitle(w, g), 3);
  const out: Content[] = [];
  if (g.rows.length === 0) {
    out.push(title, note(`Not listed (the compact tables are capped at ${fmtInt(BRIEF_MAX)} rows): ${EXPORTS_POINTER}.`));
    return out;
  }
  out.push(table(
    [24, 70, 70, 76, '*', 28],
    [w.th('Risk'), w.th('First seen (UTC)'), w.th('User'), w.th('Process'), w.th('DLL value written'), w.th('Count')],
    g.rows.map((f) => briefRow(w, f)),
    { dontBreakRows: true, title },
  ));
  if (g.unlisted > 0) out.push(note(`${plural(g.unlisted, 'more finding')} of this rule on this host not listed (the compact tables' cap): ${EXPORTS_POINTER}.`));
  return out;
}

/** The findings alone of their rule on their host, one row each with the rule (and a Sigma rule's author, DRL 1.1) and host. */
function singlesTable(w: Writer, groups: BriefGroup[]): Content {
  return table(
    [24, '*', 80, 70, 70, 28],
    [w.th('Risk'), w.th('Rule (source)'), w.th('Host'), w.th('First seen (UTC)'), w.th('User · process'), w.th('Count')],
    groups.map((g): TableCell[] => {
      const f = g.rows[0]!;
      return [
        { text: String(f.risk_score), bold: true, color: BAND_COLOR[riskBand(f.risk_score)] } as TableCell,
        { stack: [{ text: w.txt(g.rule_name), bold: true }, { text: g.sigma_author !== null ? `Sigma rule by ${w.txt(g.sigma_author)}` : 'Built-in rule', color: '#546e7a', fontSize: 6.5 }, ...(f.registry_value_data ? [w.code(registryDataText(f.registry_value_data), { fontSize: 6.5 })] : [])] } as TableCell,
        w.txt(g.dest),
        fmtTime(f.firstTime),
        { stack: [w.txt(f.user), { text: w.txt(f.process_name), color: '#546e7a' }] } as TableCell,
        { text: fmtInt(f.count), alignment: 'right' } as TableCell,
      ];
    }),
    { dontBreakRows: true, title: heading(`${plural(groups.length, 'rule and host pair')} with one finding each`, 3) },
  );
}

function briefRow(w: Writer, f: CaseFinding): TableCell[] {
  return [
    { text: String(f.risk_score), bold: true, color: BAND_COLOR[riskBand(f.risk_score)] } as TableCell,
    fmtTime(f.firstTime),
    w.txt(f.user),
    w.txt(f.process_name),
    w.code(registryDataText(f.registry_value_data), { fontSize: 6.5 }) as TableCell,
    { text: fmtInt(f.count), alignment: 'right' } as TableCell,
  ];
}
