/** The suppressed findings section, with who suppressed each, why and when. */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { fmtTime, plural } from './format';
import { keepHead, keepTogether, note, sectionHeading, table } from './pdf-layout';
import type { Writer } from './pdf-layout';
import type { ReportModel } from './report-model';
import { capped, EXPORTS_POINTER, SUPPRESSED_ROWS_MAX } from '../shared/report-bounds';
import { registryDataText } from '../shared/registry-data';

export function suppressedSection(w: Writer, model: ReportModel, title: string): Content[] {
  const out: Content[] = [sectionHeading(title, 1, 'sec-suppressed', null, { margin: [0, 12, 0, 8] })];
  if (model.suppressed.length === 0) {
    // The heading never ends a page without its line.
    return keepTogether([...out, { text: 'No finding in this scope was suppressed.', italics: true } as Content]);
  }
  out.push({ text: 'These findings matched a suppression: the investigators had recorded them as expected. They are not counted as activity; who suppressed them and why is recorded here.', margin: [0, 0, 0, 6] } as Content);
  out.push(table(
    [18, '*', 150],
    [w.th('#'), w.th('Finding'), w.th('Suppressed by, why, when')],
    capped(model.suppressed, SUPPRESSED_ROWS_MAX).rows.map((r, i) => {
      const f = r.finding;
      const sup = f.suppression;
      return [
        `S${i + 1}`,
        {
          stack: [
            { text: [{ text: w.txt(f.rule_name), bold: true }, `  risk ${f.risk_score}`] },
            { text: [w.txt(f.process_name), ' on ', w.txt(f.dest), ' · user ', w.txt(f.user), ` · ${plural(f.count, 'write')}, ${fmtTime(f.firstTime)} – ${fmtTime(f.lastTime)} UTC`] },
            w.code(f.registry_path),
            w.code(`= ${registryDataText(f.registry_value_data)}`, { color: '#546e7a' }),
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
  const more = model.suppressed.length - SUPPRESSED_ROWS_MAX;
  if (more > 0) out.push(note(`${plural(more, 'more suppressed finding')} not listed here: ${EXPORTS_POINTER}.`));
  return keepHead(out);
}
