/**
 * Report section 1, the executive summary (issue #19): in plain words, for a reader who reads
 * one page, what happened, when, on which hosts and accounts, and how sure the report is. A case
 * of which nothing was read says so plainly, never "no host affected".
 */
import type { Content } from 'pdfmake/interfaces';
import { capped, SUMMARY_NAMES_MAX } from '../shared/report-bounds';
import type { ExecutiveSummary, NamedCount } from './executive-summary';
import { fmtInt, fmtTime, plural } from './format';
import { levelColor } from './pdf-attribution';
import { incidentTitle } from './pdf-incident';
import { sectionHeading } from './pdf-layout';
import type { Writer } from './pdf-layout';
import type { ReportModel } from './report-model';

/** Incidents named in the summary (the rest are counted). */
const SUMMARY_INCIDENTS_MAX = 8;

function names(w: Writer, list: NamedCount[], what: string): string {
  const c = capped(list, SUMMARY_NAMES_MAX);
  const text = c.rows.map((h) => `${w.txt(h.name)} (${fmtInt(h.findings)})`).join(', ');
  return c.more > 0 ? `${text}, and ${plural(c.more, `more ${what}`)} (${fmtInt(list.length)} in all)` : text;
}

const para = (text: Content | string, extra: Record<string, unknown> = {}): Content => ({ text, margin: [0, 0, 0, 6], ...extra } as Content);
const label = (s: string): Content => ({ text: s, bold: true, color: '#1a237e', fontSize: 10, margin: [0, 6, 0, 3] } as Content);

export function executiveSection(w: Writer, model: ReportModel, title: string): Content[] {
  const x = model.executive;
  const out: Content[] = [sectionHeading(title, 1, 'sec-summary', null, { pageBreak: 'before' })];
  if (x.nothingRead !== null) {
    out.push({
      table: { widths: ['*'], body: [[{ stack: [
        { text: 'Nothing was read.', bold: true, fontSize: 12, color: '#b71c1c', margin: [0, 0, 0, 3] },
        { text: `${x.nothingRead} This report therefore cannot say whether anything happened on the computers this evidence came from. The Evidence section lists each file and why it could not be read.` },
      ] }]] },
      layout: { hLineColor: () => '#b71c1c', vLineColor: () => '#b71c1c', fillColor: () => '#ffebee', paddingLeft: () => 8, paddingTop: () => 6, paddingBottom: () => 6 },
      margin: [0, 0, 0, 8],
    } as Content);
    return out;
  }
  out.push(label('What happened'));
  out.push(...whatHappened(w, model, x));
  out.push(label('When'));
  out.push(para(x.first === null
    ? `No activity at level ${x.level} or above was found.`
    : `The activity at level ${x.level} or above spans ${fmtTime(x.first)} UTC to ${fmtTime(x.last)} UTC (first and last matched event).`));
  out.push(label('Where'));
  out.push(para(x.hosts.length === 0
    ? `No host and no account has a finding at level ${x.level} or above.`
    : { text: [
      { text: `Hosts affected (findings at level ${x.level} or above): `, bold: true }, names(w, x.hosts, 'host'), '.\n',
      { text: 'Accounts involved: ', bold: true }, x.accounts.length ? names(w, x.accounts, 'account') : 'none named by the events', '.',
    ] }));
  if (x.below + x.dismissed > 0) {
    out.push(para(`Not counted above: ${x.below > 0 ? `${plural(x.below, 'finding')} below level ${x.level}` : ''}${x.below > 0 && x.dismissed > 0 ? ' and ' : ''}${x.dismissed > 0 ? `${plural(x.dismissed, 'finding')} the analyst dismissed` : ''}; they are listed in the report.`, { color: '#546e7a', fontSize: 8 }));
  }
  out.push(label('How sure we are'));
  const levels = x.byLevel.map((l) => ({ text: `${l.level} ${fmtInt(l.count)}   `, bold: true, color: levelColor(l.level) }));
  out.push(para({ text: [
    `${plural(x.reported, 'finding')} from ${plural(x.rules, 'detection rule')} (${fmtInt(x.builtin)} from this tool's rules, ${fmtInt(x.sigma)} from community Sigma rules), by level: `,
    ...levels,
  ] }));
  const agree = 'flagged by two rules or more that agree on the same process or events, which makes them more certain than a single rule';
  const multi = x.incidents.length === 0 ? ''
    : x.multiRule === 0 ? `${x.incidents.length === 1 ? 'The incident rests' : `Each of the ${fmtInt(x.incidents.length)} incidents rests`} on a single rule: none is ${agree.replace('them', 'it')}. `
      : `${fmtInt(x.multiRule)} of the ${plural(x.incidents.length, 'incident')} ${x.multiRule === 1 ? 'is' : 'are'} ${agree}. `;
  const review = x.reviewed === 0 ? 'No finding has been reviewed by an analyst yet: each is a lead to confirm.' : `An analyst has reviewed ${fmtInt(x.reviewed)} of them (${fmtInt(x.confirmed)} confirmed malicious).`;
  out.push(para(`${multi}${review}`));
  out.push(para(`The evidence: ${plural(x.files, 'file')} holding ${fmtInt(x.events)} events were read, ` +
    `${x.hashedAll ? 'each fingerprinted (SHA-256) in full' : 'not all of them fingerprinted in full'}; ` +
    `${x.skippedRecords + x.unreadableFiles === 0 ? 'nothing was left unread' : `${plural(x.skippedRecords, 'damaged record')} and ${plural(x.unreadableFiles, 'unreadable file')} could not be examined`}. ` +
    'The method and its limits are explained at the end of the report.'));
  return out;
}

function whatHappened(w: Writer, model: ReportModel, x: ExecutiveSummary): Content[] {
  if (x.reported === 0) {
    return [para(`No finding: the detection rules found nothing in ${fmtInt(x.events)} events from ${plural(x.files, 'file')}. This does not prove that nothing happened (see the limits at the end of the report).`)];
  }
  const out: Content[] = [];
  const inc = x.incidents;
  const compact = model.incidents.filter((i) => !i.full).reduce((n, i) => n + i.members.length, 0);
  // The findings a large case does not print in full are counted too (section 4 lists them in brief).
  const brief = model.brief.brief.reduce((n, g) => n + g.rows.length + g.unlisted, 0) + model.brief.ungroupedCount;
  const others = brief === 0
    ? (compact > 0 ? ` and ${plural(compact, 'other finding')} of lower level` : '')
    : ` and ${plural(compact + brief, 'other finding')} (${compact > 0 ? `${fmtInt(compact)} of lower level, ` : ''}${fmtInt(brief)} listed in brief in section 4)`;
  out.push(para(inc.length === 0
    ? `${plural(x.reported, 'finding')}, none of level high or above and none confirmed by a second rule; they are listed in the report.`
    : `The rules found ${plural(inc.length, 'incident')}${others}. ${inc.length === 1 ? 'The incident' : 'The most serious'}:`));
  const shown = inc.slice(0, SUMMARY_INCIDENTS_MAX);
  if (shown.length > 0) {
    out.push({
      ul: shown.map((s) => {
        const i = s.incident;
        const rules = [...new Set(s.members.map((m) => m.finding.rule_name))];
        const level = s.level;
        return {
          text: [
            { text: `${incidentTitle(w, s)} `, bold: true },
            { text: `(${level})`, bold: true, color: levelColor(level) },
            `: account ${w.txt(i.accounts.join(', ') || 'not named')}, ${fmtTime(i.firstTime)} UTC; ` +
              `${plural(i.rules, 'rule')}: ${rules.slice(0, 4).map((r) => w.txt(r)).join('; ')}${rules.length > 4 ? `; and ${rules.length - 4} more` : ''}.`,
          ],
          margin: [0, 0, 0, 2],
        };
      }),
      margin: [0, 0, 0, 6],
    } as Content);
  }
  if (inc.length > shown.length) out.push(para(`… and ${plural(inc.length - shown.length, 'more incident')} (section 3).`));
  return out;
}
