/**
 * The bookmarked events section (issue 19): the events the analyst tagged in the event explorer,
 * in time order, with the year and UTC, host, channel and EventID, the event's summary, where it
 * was read from, and the analyst's note and name. Printed only when the analyst bookmarked events.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { fmtTime, plural } from './format';
import { note, sectionHeading, table } from './pdf-layout';
import type { Writer } from './pdf-layout';
import type { ReportModel } from './report-model';
import { capped } from '../shared/report-bounds';

/** The most bookmarked events printed (a few pages); the rest are counted. */
const BOOKMARK_ROWS_MAX = 300;

export function bookmarksSection(w: Writer, model: ReportModel, title: string): Content[] {
  if (model.bookmarks.length === 0) return [];
  const out: Content[] = [sectionHeading(title, 1, 'sec-bookmarks', null, { margin: [0, 12, 0, 8] })];
  out.push({ text: `${plural(model.bookmarks.length, 'event')} the investigators marked while browsing the case's events, with their notes. Times are UTC.`, margin: [0, 0, 0, 6] } as Content);
  const { rows, more } = capped(model.bookmarks, BOOKMARK_ROWS_MAX);
  out.push(table(
    [18, 78, 90, '*', 130],
    [w.th('#'), w.th('Time (UTC)'), w.th('Host, log, EventID'), w.th('Event'), w.th('Analyst note')],
    rows.map((b, i) => [
      `B${i + 1}`,
      fmtTime(b.time),
      {
        stack: [
          w.txt(b.host ?? '—'),
          { text: w.txt(b.channel ?? '—'), color: '#546e7a' },
          { text: `EventID ${b.eventId ?? '—'}`, bold: true },
        ],
      } as TableCell,
      {
        stack: [
          w.code(b.summary),
          { text: [w.txt(b.evidence), b.recordId !== null ? ` · record ${b.recordId}` : ''], color: '#78909c', fontSize: 6.5 },
        ],
      } as TableCell,
      {
        stack: [
          b.note.trim() !== '' ? { text: w.txt(b.note, { keepNewlines: true }) } : { text: 'No note.', italics: true, color: '#78909c' },
          { text: [{ text: 'By ', bold: true }, w.txt(b.by), ` · ${fmtTime(b.at)}`], color: '#546e7a', fontSize: 6.5 },
        ],
      } as TableCell,
    ]),
    { dontBreakRows: true },
  ));
  if (more > 0) out.push(note(`${plural(more, 'more bookmarked event')} not listed here: the event explorer lists every one.`));
  return out;
}
