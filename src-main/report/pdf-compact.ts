/**
 * Report section 4: the findings that are not part of an incident section (one rule, below level
 * high), each as a compact card: the rule with its level, source and author, what it saw, where
 * and when, its matched events, and the analyst's status. Then, for a case too large to print
 * every finding, the further findings in brief (pdf-brief.ts).
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { briefIntro, briefSection } from './pdf-brief';
import { fmtInt, fmtTime, plural } from './format';
import { keepHead, keepTogether, note, sectionHeading, STATUS_LABEL, table } from './pdf-layout';
import type { Writer } from './pdf-layout';
import { levelColor, sourceLine } from './pdf-attribution';
import type { IncidentSection } from './report-incidents';
import type { FindingSection, ReportModel } from './report-model';
import { registryDataText } from '../shared/registry-data';

const OTHER_ID = 'sec-other';
/** Matched events listed on a compact card (the JSON export lists them all). */
export const COMPACT_EVENT_ROWS = 8;
/** Cards named in the contents at most (above, the contents name the section and the outline each card). */
const MAX_CARDS_IN_CONTENTS = 12;

export function otherFindingsSection(w: Writer, model: ReportModel, title: string): Content[] {
  const compact = model.incidents.filter((i) => !i.full);
  const out: Content[] = [sectionHeading(title, 1, OTHER_ID, null, { margin: [0, 14, 0, 8] })];
  const n = compact.reduce((k, i) => k + i.members.length, 0);
  const intro = model.brief.bounded
    ? briefIntro(model.brief, model.summary.reported)
    : n === 0
      ? 'Every reported finding is part of an incident above.'
      : `${plural(n, 'finding')} of one rule each, below level high, not part of an incident of several rules. Suppressed findings are listed after the evidence.`;
  out.push({ text: intro, margin: [0, 0, 0, 6] } as Content);
  let first = true;
  // Many cards would fill pages of contents: then they are bookmarks only (the section is in the contents).
  const inContents = n <= MAX_CARDS_IN_CONTENTS;
  for (const inc of compact) {
    for (const m of inc.members) {
      const card = compactCard(w, m, inc, inContents);
      if (first) out.push(...keepHead([...out.splice(0), ...card]));
      else out.push(...card);
      first = false;
    }
  }
  if (first) return [...keepHead(out), ...briefSection(w, model.brief, OTHER_ID)];
  out.push(...briefSection(w, model.brief, OTHER_ID));
  return out;
}

function compactCard(w: Writer, s: FindingSection, inc: IncidentSection, inContents: boolean): Content[] {
  const f = s.finding;
  const others = inc.members.filter((m) => m !== s).map((m) => `F${m.number}`);
  const a = s.annotation;
  const head: Content[] = [
    sectionHeading(`F${s.number}. ${w.txt(f.rule_name)} on ${w.txt(f.dest)}`, 2, `find-${s.number}`, OTHER_ID, { fontSize: 10.5, margin: [0, 6, 0, 2], ...(inContents ? {} : { tocItem: false }) }),
    {
      text: [
        { text: ` ${s.level.toUpperCase()} · risk ${f.risk_score} `, bold: true, color: 'white', background: levelColor(s.level) },
        '   ', sourceLine(w, f) as never,
        { text: `   ATT&CK ${w.txt(f.mitre.join(', ') || '—')}`, color: '#546e7a' },
        { text: `   status ${STATUS_LABEL[a?.status ?? 'new'] ?? a?.status}`, color: '#546e7a' },
      ],
      fontSize: 7.5,
      margin: [0, 0, 0, 3],
    } as Content,
    { text: w.txt(f.message), italics: true, margin: [0, 0, 0, 3] } as Content,
    w.kv([
      ['Process', { stack: [{ text: [{ text: w.txt(f.process_name), bold: true }, { text: `  user ${w.txt(f.user)}  ·  parent ${w.txt(f.parent_process_name)}`, color: '#546e7a' }] }, w.code(f.process, { fontSize: 7 })] }],
      ...(f.registry_path !== '' ? [['Registry', { stack: [w.code(f.registry_path, { fontSize: 7 }), w.code(`= ${registryDataText(f.registry_value_data)}`, { fontSize: 7, bold: true })] }] as [string, Content]] : []),
      ['Seen (UTC)', `${fmtTime(f.firstTime)}${f.lastTime !== f.firstTime ? ` to ${fmtTime(f.lastTime)}` : ''} · ${plural(f.count, 'event')}${others.length ? ` · same process or events as ${others.join(', ')}` : ''}`],
      ...(a !== null && a.note.trim() !== '' ? [['Analyst note', { text: [w.txt(a.note, { keepNewlines: true }), { text: `  (${w.txt(a.by)}, ${fmtTime(a.at)} UTC)`, color: '#546e7a' }] }] as [string, Content]] : []),
    ], 70),
  ];
  const events = (f.events ?? []).slice(0, COMPACT_EVENT_ROWS);
  const out: Content[] = [...keepTogether(head)];
  if (events.length > 1 || (events.length === 1 && f.registry_path === '')) {
    out.push(table(
      [78, 20, 44, '*'],
      [w.th('Matched at (UTC)'), w.th('EID'), w.th('Record'), w.th('Evidence file')],
      events.map((e): TableCell[] => [fmtTime(e.time), e.event_id === null ? '—' : String(e.event_id), e.record_id === null ? '—' : String(e.record_id), w.code(e.evidence) as TableCell]),
      { dontBreakRows: true, margin: [0, 0, 0, 4] },
    ));
    const more = f.count - events.length;
    if (more > 0) out.push(note(`${fmtInt(more)} more matched ${more === 1 ? 'event' : 'events'} not listed here (the JSON export lists them).`));
  }
  return out;
}
