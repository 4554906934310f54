/**
 * Report section 3, one subsection per reported finding: the DLL value written, the finding's
 * fields, the analyst's status and note, the process timeline (drawn axis and table), the
 * process tree, the DLL pivot and the parallel processes.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { CaseFinding, PivotEvent, ProcessNode, ProcessRef } from '../api/contract';
import { kindStyle, SHAPE_GLYPH } from '../api/event-kinds';
import { BODY_FONT } from './fonts';
import { briefIntro, briefSection } from './pdf-brief';
import { fmtDuration, fmtInt, fmtTime, plural, timeValue } from './format';
import { BAND_COLOR, CONTENT_W, heading, HIT_FILL, keepTogether, note, STATUS_LABEL, table } from './pdf-layout';
import type { Writer } from './pdf-layout';
import type { FindingSection, ReportModel } from './report-model';
import { MAX_AXIS_EVENTS } from './report-model';
import { capped, PIVOT_ROWS_MAX } from '../api/report-bounds';
import { isSigmaFinding, matchedEventsBlock, sigmaRuleBox, sigmaRuleDetails } from './pdf-sigma';
import { drawTimelineAxis } from './timeline-axis';

export function findingsSections(w: Writer, model: ReportModel): Content[] {
  const out: Content[] = [heading('3. Findings', 1, { tocItem: true, pageBreak: 'before' })];
  if (model.findings.length === 0) {
    out.push({ text: 'No finding is reported in this scope.', italics: true } as Content);
    return out;
  }
  const intro = model.brief.bounded
    ? briefIntro(model.brief, model.summary.reported)
    : `One section per reported finding (${model.findings.length}). Suppressed findings are listed in section 4.`;
  out.push({ text: intro, margin: [0, 0, 0, 6] } as Content);
  model.findings.forEach((f, i) => out.push(...findingSection(w, f, i > 0)));
  out.push(...briefSection(w, model.brief));
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
      { width: 'auto', table: { body: [[{ text: `RISK ${f.risk_score} · ${(f.level ?? s.band).toUpperCase()}`, color: 'white', bold: true, fillColor: color, margin: [4, 1, 4, 1] }]] }, layout: 'noBorders' },
      { width: '*', text: [{ text: 'ATT&CK ', bold: true }, w.txt(f.mitre.join(', ') || '—'), { text: '   rule ', bold: true }, w.txt(f.rule_id)], margin: [8, 2, 0, 0] },
    ],
    margin: [0, 0, 0, 6],
  } as Content);
  out.push({ text: w.txt(f.message), italics: true, margin: [0, 0, 0, 6] } as Content);

  const sigma = isSigmaFinding(f);
  // The DLL value written (a Sigma finding: its rule), set apart.
  if (sigma) out.push(sigmaRuleBox(w, f));
  else out.push({
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
  const registry = !sigma || f.registry_path !== '';
  out.push(w.kv([
    ['Rule', { text: [{ text: w.txt(f.rule_name), bold: true }, '  ', { text: w.txt(f.rule_id), color: '#78909c' }] }],
    ...(sigma ? [['Rule author', { text: w.txt(f.sigma?.author ?? 'not stated in the rule'), bold: true }] as [string, Content]] : []),
    ['ATT&CK', w.txt(f.mitre.join(', '))],
    ['Risk', { stack: [{ text: `${f.risk_score} (${f.level ?? s.band})`, bold: true, color }, ...(reasons ? [reasons] : [])] } as Content],
    ['Host', w.txt(f.dest)],
    ['User', w.txt(f.user)],
    [sigma ? 'Process' : 'Writing process', { stack: [{ text: w.txt(f.process_name), bold: true }, w.code(f.process_path), w.code(f.process_guid, { color: '#546e7a' })] }],
    ['Command line', w.code(f.process)],
    ['Parent process', { stack: [{ text: w.txt(f.parent_process_name), bold: true }, w.code(f.parent_process_guid, { color: '#546e7a' })] }],
    ['Parent command line', w.code(f.parent_process)],
    ...(f.integrity_level ? [['Integrity level', w.txt(f.integrity_level)] as [string, string]] : []),
    ...(f.process_hashes ? [['Process hashes', w.code(f.process_hashes)] as [string, Content]] : []),
    ...(registry ? [
      ['Registry path', w.code(f.registry_path, { bold: true })],
      ['Key name', w.code(f.registry_key_name)],
      ['Value name', w.code(f.registry_value_name === '' ? '(empty: the default value)' : f.registry_value_name)],
      ...(sigma ? [['Value data', w.code(f.registry_value_data)]] : [['CLSID', w.code(f.clsid)]]),
    ] as [string, Content][] : []),
    ['Count', fmtInt(f.count)],
    ['First seen (UTC)', fmtTime(f.firstTime)],
    ['Last seen (UTC)', fmtTime(f.lastTime)],
    ['Process start in evidence', f.process_start_in_evidence ? 'yes' : sigma ? 'no (or the matched events name no process)' : 'no: the writing process started before the evidence begins (joined on host and process GUID)'],
  ]));
  if (sigma) out.push(...sigmaRuleDetails(w, f));

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

  if (sigma) out.push(...matchedEventsBlock(w, s));
  out.push(...timelineBlock(w, s));
  out.push(...treeBlock(w, f));
  // A Sigma finding has a DLL pivot only when its events name a DLL value (a registry write).
  if (!sigma || (f.registry_value_data !== '' && f.pivots.dll_created_by.length + f.pivots.dll_loaded_by.length > 0)) out.push(...dllBlock(w, f));
  out.push(...parallelBlock(w, s));
  return out;
}

function timelineBlock(w: Writer, s: FindingSection): Content[] {
  const f = s.finding;
  const tl = f.pivots.timeline;
  const title = heading(`Process timeline of ${w.txt(f.process_name)} (${plural(tl.length, 'event')})`, 3);
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
    s.timelineRows.map((e, i) => timelineRow(w, e, i, t0, sigma ? 'THE MATCHED EVENT' : 'THE FINDING\'S REGISTRY WRITE')),
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

function treeBlock(w: Writer, f: CaseFinding): Content[] {
  const tree = f.pivots.tree;
  if (tree.length === 0) return keepTogether([heading('Process tree', 3), { text: 'No process tree: the process start is not in the evidence.', italics: true } as Content]);
  const shown = capped(tree, PIVOT_ROWS_MAX);
  return [table(
    [44, '*', 78, 78],
    [w.th('Relation'), w.th('Process, GUID and command line'), w.th('Started (UTC)'), w.th('Ended (UTC)')],
    shown.rows.map((n) => processRow(w, n, true)),
    { dontBreakRows: true, title: heading('Process tree', 3) },
  ), ...moreNote(shown.more, 'more process', 'more processes')];
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
    out.push(...moreNote(p.dll_created_by.length - PIVOT_ROWS_MAX, 'more creating process', 'more creating processes'));
  } else {
    out.push(...keepTogether([...intro, created, note('No process is seen creating this file in the evidence.')]));
  }
  const loaded = sub(`Loaded by (${p.dll_loaded_by.length})`);
  out.push(p.dll_loaded_by.length
    ? table(widths, head(), refRows(w, p.dll_loaded_by), { dontBreakRows: true, title: loaded })
    : { stack: [loaded, note('No process is seen loading this file in the evidence.')], unbreakable: true } as Content);
  out.push(...moreNote(p.dll_loaded_by.length - PIVOT_ROWS_MAX, 'more loading process', 'more loading processes'));
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

function parallelBlock(w: Writer, s: FindingSection): Content[] {
  const f = s.finding;
  const par = f.pivots.parallel;
  const title = heading(`Parallel processes on ${w.txt(f.dest)} (±${f.pivots.parallel_window_seconds} s around the ${f.source === 'sigma' ? 'first matched event' : 'write'})`, 3);
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
