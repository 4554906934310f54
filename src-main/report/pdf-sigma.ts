/**
 * The parts of a finding's section that a Sigma rule brings: the rule box (level, title, author,
 * status, file), the rule's description, false positives and references, and the table of the
 * events it matched. The Detection Rule License 1.1 the SigmaHQ rules are shipped under asks that
 * the rule's author be shown wherever its matches are: in the box, and again above the table.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { CaseFinding } from '../api/contract';
import { fmtTime, plural } from './format';
import { heading, keepTogether, note, table } from './pdf-layout';
import type { Writer } from './pdf-layout';
import type { FindingSection } from './report-model';

const LEVEL_COLOR: Record<string, string> = { critical: '#b71c1c', high: '#e65100', medium: '#a67c00', low: '#2e7d32', informational: '#546e7a' };

export function isSigmaFinding(f: CaseFinding): boolean {
  return f.source === 'sigma' && f.sigma !== null && f.sigma !== undefined;
}

/** The rule, set apart where a built-in finding shows the DLL value written. */
export function sigmaRuleBox(w: Writer, f: CaseFinding): Content {
  const m = f.sigma!;
  const color = LEVEL_COLOR[m.level] ?? '#263238';
  return {
    table: {
      widths: ['*'],
      body: [[{
        stack: [
          { text: [{ text: `SIGMA RULE · LEVEL ${w.txt(m.level).toUpperCase()}`, bold: true }, { text: `   status ${w.txt(m.status)}` }], fontSize: 7.5, color, margin: [0, 0, 0, 2] },
          { text: w.txt(m.title), bold: true, fontSize: 10, margin: [0, 0, 0, 2] },
          { text: [{ text: 'Rule author: ', bold: true }, w.txt(m.author ?? 'not stated in the rule')], margin: [0, 0, 0, 1] },
          { text: [{ text: 'Rule file: ', bold: true }, w.code(m.path, { fontSize: 7 }), { text: `  (${w.txt(m.origin)})`, color: '#78909c' }] },
        ],
      }]],
    },
    layout: { hLineWidth: () => 1.2, vLineWidth: (i: number) => (i === 0 ? 4 : 1.2), hLineColor: () => color, vLineColor: () => color, fillColor: () => '#f8f9fb', paddingLeft: () => 8, paddingTop: () => 5, paddingBottom: () => 5 },
    margin: [0, 0, 0, 8],
  } as Content;
}

/** What the rule says about itself: description, false positives, references, tags. */
export function sigmaRuleDetails(w: Writer, f: CaseFinding): Content[] {
  const m = f.sigma!;
  const items: Content[] = [heading('About the rule', 3)];
  items.push({ text: w.txt(m.description ?? 'The rule has no description.'), margin: [0, 0, 0, 3] } as Content);
  const fps = m.falsepositives.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  items.push({ text: 'Known false positives', bold: true, fontSize: 7.5, margin: [0, 2, 0, 1] } as Content);
  items.push(fps.length ? { ul: fps.map((x) => w.txt(x)), fontSize: 7.5, margin: [0, 0, 0, 2] } as Content : note('None stated in the rule.'));
  if (m.references.length) {
    items.push({ text: 'References', bold: true, fontSize: 7.5, margin: [0, 2, 0, 1] } as Content);
    items.push({ ul: m.references.map((x) => w.code(x, { fontSize: 6.5 })), fontSize: 7, margin: [0, 0, 0, 2] } as Content);
  }
  if (m.tags.length) items.push({ text: [{ text: 'Tags: ', bold: true }, w.txt(m.tags.join(', '))], fontSize: 7, margin: [0, 2, 0, 2] } as Content);
  items.push({ text: [{ text: 'Rule author: ', bold: true }, w.txt(m.author ?? 'not stated in the rule'), { text: `   dated ${w.txt(m.date ?? '—')}${m.modified ? `, modified ${w.txt(m.modified)}` : ''}`, color: '#78909c' }], fontSize: 7.5, margin: [0, 0, 0, 6] } as Content);
  return keepTogether(items);
}

/** The events the rule matched (the first rows; the JSON export has every one kept). */
export function matchedEventsBlock(w: Writer, s: FindingSection): Content[] {
  const f = s.finding;
  const events = f.events ?? [];
  const title = heading(`Matched events (${plural(f.count, 'event')}) · rule by ${w.txt(f.sigma?.author ?? 'an author not stated in the rule')}`, 3);
  if (events.length === 0) return keepTogether([title, note('No matched event is listed.')]);
  const out: Content[] = [table(
    [16, 78, 20, 44, '*'],
    [w.th('#'), w.th('Time (UTC)'), w.th('EID'), w.th('Record'), w.th('Evidence file and process GUID')],
    s.matchedRows.map((e, i): TableCell[] => [
      String(i + 1),
      fmtTime(e.time),
      e.event_id === null ? '—' : String(e.event_id),
      e.record_id === null ? '—' : String(e.record_id),
      { stack: [w.code(e.evidence), ...(e.process_guid ? [w.code(e.process_guid, { color: '#546e7a', fontSize: 6.5 })] : [])] } as TableCell,
    ]),
    { dontBreakRows: true, title },
  )];
  const notListed = f.count - s.matchedRows.length;
  if (notListed > 0) {
    out.push(note(`${plural(notListed, 'more matched event')} not listed here${f.events_truncated ? ` (the JSON export lists the first ${events.length})` : ' (the JSON export lists them all)'}.`));
  }
  return out;
}
