/**
 * A process's pivots as the report prints them, once per incident (pdf-incident.ts): the process
 * timeline (drawn axis and table, the events any of the incident's findings matched marked), the
 * process tree, the DLL pivot (with the loaded image's Sysmon 7 facts) and the parallel processes.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { CaseFinding, PivotEvent, ProcessNode, ProcessRef } from '../shared/contract';
import { kindStyle, SHAPE_GLYPH } from '../shared/event-kinds';
import { BODY_FONT } from './fonts';
import { fmtDuration, fmtTime, plural, timeValue } from './format';
import { CONTENT_W, heading, HIT_FILL, keepTogether, note, table } from './pdf-layout';
import type { Writer } from './pdf-layout';
import type { FindingSection } from './report-model';
import { MAX_AXIS_EVENTS } from './report-model';
import { capped, PIVOT_ROWS_MAX } from '../shared/report-bounds';
import { drawTimelineAxis } from './timeline-axis';
import { loadedImagesBlock } from './pdf-loaded-images';

/** Which findings matched an event: `evidence`, record id → finding numbers. */
export type EventHits = Map<string, number[]>;

export function hitKey(evidence: string, recordId: number | null): string {
  return `${evidence}\u0000${recordId ?? ''}`;
}

/** A process's name with its PID when known: two runs of one program in an incident are told apart. */
function processLabel(w: Writer, f: CaseFinding): string {
  return f.process_id === null || f.process_id === undefined ? w.txt(f.process_name) : `${w.txt(f.process_name)} (PID ${f.process_id})`;
}

export function timelineBlock(w: Writer, s: FindingSection, hits: EventHits | null = null): Content[] {
  const f = s.finding;
  // The events any finding of the incident matched are marked, with which findings matched them.
  const mark = (e: PivotEvent): PivotEvent => (hits !== null && hits.has(hitKey(e.evidence, e.record_id)) && e.is_finding_event !== true ? { ...e, is_finding_event: true } : e);
  const tl = f.pivots.timeline.map(mark);
  const title = heading(`Process timeline of ${processLabel(w, f)} on ${w.txt(f.dest)} (${plural(tl.length, 'event')})`, 3);
  if (tl.length === 0) return keepTogether([title, { text: 'No event of this process is in the evidence.', italics: true } as Content]);
  // A built-in finding is a registry write; a Sigma finding is whatever event its rule matched.
  const sigma = f.source === 'sigma';
  const axis = drawTimelineAxis(tl, CONTENT_W, BODY_FONT, MAX_AXIS_EVENTS, sigma ? 'matched event' : 'write');
  const out: Content[] = [{ stack: [title, { svg: axis.svg, width: axis.width, font: BODY_FONT, margin: [0, 0, 0, 4] }], unbreakable: true } as Content];
  if (axis.skipped > 0) out.push(note(`${plural(axis.skipped, 'event')} not drawn (no readable time, or over ${MAX_AXIS_EVENTS} events).`));
  const t0 = timeValue(tl[0]!.time);
  out.push(table(
    [16, 78, 66, 20, '*'],
    [w.th('#'), w.th('Time (UTC)'), w.th('Kind'), w.th('EID'), w.th('What happened')],
    s.timelineRows.map(mark).map((e, i) => {
      const by = hits?.get(hitKey(e.evidence, e.record_id));
      const label = by !== undefined ? `MATCHED BY ${by.map((n) => `F${n}`).join(', ')}` : sigma ? 'THE MATCHED EVENT' : 'THE FINDING\'S REGISTRY WRITE';
      return timelineRow(w, e, i, t0, label);
    }),
    { dontBreakRows: true },
  ));
  if (s.timelineMore > 0) out.push(note(`${plural(s.timelineMore, 'more event')} of this process are not listed here (the JSON export has them all).`));
  return out;
}

function timelineRow(w: Writer, e: PivotEvent, i: number, t0: number, hitLabel: string): TableCell[] {
  const hit = e.is_finding_event === true;
  const st = kindStyle(e.kind);
  const fill = hit ? { fillColor: HIT_FILL } : {};
  const dt = timeValue(e.time) - t0;
  return [
    { text: String(i + 1), ...fill } as TableCell,
    { stack: [fmtTime(e.time), ...(i > 0 && Number.isFinite(dt) ? [{ text: `+${fmtDuration(dt)}`, color: '#78909c', fontSize: 6.5 }] : [])], ...fill } as TableCell,
    { text: [{ text: `${SHAPE_GLYPH[st.shape]} `, color: st.colour }, st.label], fontSize: 7, ...fill } as TableCell, // the axis' mark, as text
    { text: e.event_id === null ? '—' : String(e.event_id), ...fill } as TableCell,
    {
      stack: [
        ...(hit ? [{ text: hitLabel, bold: true, color: '#b71c1c', fontSize: 6.5 }] : []),
        w.code(e.summary, hit ? { bold: true } : {}),
        { text: [e.record_id === null ? '' : `record ${e.record_id} · `, w.txt(e.evidence)], color: '#78909c', fontSize: 6.5 },
      ],
      ...fill,
    } as TableCell,
  ];
}

/**
 * The process tree: its ancestors and the process itself always, then its children up to
 * `maxChildren` (a shell or script host can start hundreds; the JSON export has them all).
 */
export function treeBlock(w: Writer, f: CaseFinding, maxChildren = PIVOT_ROWS_MAX): Content[] {
  const tree = f.pivots.tree;
  const title = heading(`Process tree of ${processLabel(w, f)}`, 3);
  if (tree.length === 0) return keepTogether([title, { text: 'No process tree: the process start is not in the evidence.', italics: true } as Content]);
  const shown = capped(tree, PIVOT_ROWS_MAX);
  let children = 0;
  const rows = shown.rows.filter((n) => n.relation !== 'child' || ++children <= maxChildren);
  const childrenLeft = Math.max(0, children - maxChildren);
  return [table(
    [44, '*', 78, 78],
    [w.th('Relation'), w.th('Process, GUID and command line'), w.th('Started (UTC)'), w.th('Ended (UTC)')],
    rows.map((n) => processRow(w, n, true)),
    { dontBreakRows: true, title },
  ), ...moreNote(childrenLeft, 'more child process', 'more child processes'), ...moreNote(shown.more, 'more process', 'more processes')];
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

/** A note counting the rows a cap left out, or nothing. */
function moreNote(more: number, one: string, many?: string): Content[] {
  return more > 0 ? [note(`${plural(more, one, many)} not listed (the JSON export has them all).`)] : [];
}

function refRows(w: Writer, refs: ProcessRef[]): TableCell[][] {
  return refs.slice(0, PIVOT_ROWS_MAX).map((r) => [
    { stack: [{ text: w.txt(r.process_name), bold: true }, w.code(r.process_guid, { color: '#546e7a', fontSize: 6.5 })] } as TableCell,
    w.txt(r.dest ?? null),
    fmtTime(r.time),
    w.code(r.process ?? r.process_path ?? null) as TableCell,
  ]);
}

export function dllBlock(w: Writer, f: CaseFinding): Content[] {
  const p = f.pivots;
  const out: Content[] = [];
  const intro = [heading('DLL pivot', 3), { text: [{ text: 'DLL: ', bold: true }, w.code(f.registry_value_data)], margin: [0, 0, 0, 4] } as Content];
  const sub = (text: string): Content => ({ text, bold: true, margin: [0, 2, 0, 1] } as Content);
  // A fresh header per table: pdfmake annotates the cell objects it lays out.
  const head = (): TableCell[] => [w.th('Process'), w.th('Host'), w.th('Time (UTC)'), w.th('Command line (or image path)')];
  const widths = [110, 70, 78, '*'];
  const created = sub(`Created by (${p.dll_created_by.length})`);
  if (p.dll_created_by.length) {
    // The heading and the DLL's path head the first table, so they never end a page without it.
    out.push(table(widths, head(), refRows(w, p.dll_created_by), { dontBreakRows: true, title: { stack: [...intro, created] } }));
    out.push(...moreNote(p.dll_created_by.length - PIVOT_ROWS_MAX, 'more creating process', 'more creating processes'));
  } else {
    out.push(...keepTogether([...intro, created, note('No process is seen creating this file in the evidence.')]));
  }
  const loaded = sub(`Loaded by (${p.dll_loaded_by.length})`);
  out.push(p.dll_loaded_by.length
    ? table(widths, head(), refRows(w, p.dll_loaded_by), { dontBreakRows: true, title: loaded })
    : { stack: [loaded, note('No process is seen loading this file in the evidence.')], unbreakable: true } as Content);
  out.push(...moreNote(p.dll_loaded_by.length - PIVOT_ROWS_MAX, 'more loading process', 'more loading processes'));
  out.push(...loadedImagesBlock(w, f.registry_value_data, p.dll_loaded_by));
  if (p.other_registry_values.length > 0) {
    out.push(table(
      ['*', 90, 78],
      [w.th('Registry path = data'), w.th('Process, host'), w.th('Time (UTC)')],
      p.other_registry_values.slice(0, PIVOT_ROWS_MAX).map((v) => [
        { stack: [w.code(v.registry_path), w.code(`= ${v.registry_value_data}`, { color: '#546e7a' })] } as TableCell,
        { stack: [w.txt(v.process_name), { text: w.txt(v.dest), color: '#546e7a' }] } as TableCell,
        fmtTime(v.time),
      ]),
      { dontBreakRows: true, title: sub(`Other registry values pointing to this DLL (${p.other_registry_values.length})`) },
    ), ...moreNote(p.other_registry_values.length - PIVOT_ROWS_MAX, 'more registry value'));
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

export function parallelBlock(w: Writer, s: FindingSection, maxRows = s.parallelRows.length): Content[] {
  const f = s.finding;
  const par = f.pivots.parallel;
  const title = heading(`Parallel processes on ${w.txt(f.dest)} (±${f.pivots.parallel_window_seconds} s around the ${f.source === 'sigma' ? 'first matched event' : 'write'})`, 3);
  if (par.length === 0) return keepTogether([title, note('No other process of this host was alive in the window.')]);
  const out: Content[] = [table(
    ['*', 78, 78],
    [w.th('Process, GUID and command line'), w.th('Started (UTC)'), w.th('Ended (UTC)')],
    s.parallelRows.slice(0, maxRows).map((n) => processRow(w, n, false).slice(1)),
    { dontBreakRows: true, title },
  )];
  const more = par.length - Math.min(maxRows, s.parallelRows.length);
  if (more > 0) out.push(note(`${plural(more, 'more process', 'more processes')} not listed (the JSON export has them all).`));
  return out;
}
