/**
 * Report section 3, one subsection per incident (issue #19): what the incident is in one box,
 * a row per rule (level, title, source, author, ATT&CK), the process once, the registry values
 * written, the analyst's notes, the matched events each once with the findings that matched them,
 * then the timeline, tree and DLL pivot once per process and DLL: never repeated per rule.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { fmtInt, fmtTime, plural } from './format';
import { heading, keepHead, keepTogether, note, sectionHeading, STATUS_LABEL, table } from './pdf-layout';
import type { Writer } from './pdf-layout';
import { authorOf, isSigma, levelBadge, levelCell, levelColor, sourceLine } from './pdf-attribution';
import { dllBlock, hitKey, parallelBlock, timelineBlock, treeBlock, type EventHits } from './pdf-pivots';
import type { IncidentSection } from './report-incidents';
import { MAX_INCIDENT_PARALLEL_ROWS, MAX_INCIDENT_TREE_CHILDREN } from './report-incidents';
import type { FindingSection, ReportModel } from './report-model';
import { registryDataText } from '../shared/registry-data';

const INCIDENTS_ID = 'sec-incidents';

/** The incident's name: its lead process (or rule) and host. */
export function incidentTitle(w: Writer, s: IncidentSection): string {
  const lead = s.members[0]!.finding;
  const what = s.incident.processes.length > 0 ? w.txt(s.incident.processes[0]!.process_name || lead.rule_name) : w.txt(lead.rule_name);
  const hosts = s.incident.hosts.length > 1 ? `${plural(s.incident.hosts.length, 'host')}` : w.txt(s.incident.hosts[0] ?? lead.dest);
  return `I${s.number}. ${what} on ${hosts}`;
}

export function incidentsSection(w: Writer, model: ReportModel, title: string): Content[] {
  const full = model.incidents.filter((i) => i.full);
  const out: Content[] = [sectionHeading(title, 1, INCIDENTS_ID, null, { margin: [0, 14, 0, 8] })];
  if (full.length === 0) {
    out.push({ text: model.findings.length === 0 ? 'No finding is reported in this scope.' : 'No incident: no two rules agree on a process or an event, and no finding is of level high or above. The findings are in the next section.', italics: true } as Content);
    return out;
  }
  out.push({
    text: `${plural(full.length, 'incident')}: findings that name the same process (same host and process) or the same events are one incident, shown once with a row per rule. ` +
      'Incidents of one rule below level high are in the next section.' +
      (model.incidentEventsCompared ? '' : ' This case has more matched events than the report compares: findings were grouped by process, and by the events compared.'),
    margin: [0, 0, 0, 6],
  } as Content);
  full.forEach((s, i) => {
    const block = incidentBlock(w, s);
    if (i === 0) out.push(...keepHead([...out.splice(0), ...block]));
    else out.push(...block);
  });
  return out;
}

function incidentBlock(w: Writer, s: IncidentSection): Content[] {
  const inc = s.incident;
  const lead = s.members[0]!;
  const level = s.level;
  const joined = inc.links.length === 0 ? 'one finding'
    : `${plural(s.members.length, 'finding')} of ${plural(inc.rules, 'rule')} on ${inc.links.map((l) => (l === 'process' ? 'the same process' : 'the same events')).join(' and on ')}`;
  const box: Content = {
    table: {
      widths: [58, '*'],
      body: [[
        levelBadge(level, inc.maxRisk),
        {
          stack: [
            { text: `${joined}${inc.sharedEvents > 0 ? ` · ${plural(inc.sharedEvents, 'event')} matched by several rules` : ''}`, bold: true },
            { text: [{ text: 'Hosts ', color: '#546e7a' }, w.txt(inc.hosts.join(', ')), { text: '   accounts ', color: '#546e7a' }, w.txt(inc.accounts.join(', ') || '—')] },
            { text: [{ text: 'From ', color: '#546e7a' }, `${fmtTime(inc.firstTime)} to ${fmtTime(inc.lastTime)} UTC`] },
          ],
        } as TableCell,
      ]],
    },
    layout: { hLineWidth: () => 0.8, vLineWidth: () => 0.8, hLineColor: () => levelColor(level), vLineColor: () => levelColor(level), fillColor: (_r: number, _n: unknown, c: number) => (c === 0 ? null : '#f8f9fb'), paddingLeft: () => 5, paddingTop: () => 3, paddingBottom: () => 3 },
    margin: [0, 0, 0, 6],
  } as Content;
  const out: Content[] = [
    ...keepTogether([sectionHeading(incidentTitle(w, s), 2, `inc-${s.number}`, INCIDENTS_ID), box]),
    rulesTable(w, s),
    ...processFacts(w, lead),
    ...registryTable(w, s),
    ...analystNotes(w, s),
    ...matchedTable(w, s),
  ];
  const hits: EventHits = new Map();
  for (const row of s.matched) hits.set(hitKey(row.event.evidence, row.event.record_id), row.by);
  // Events that name no process (a logon, a service install) have no timeline, tree or parallel processes to draw.
  const withProcess = s.pivotSources.filter((src) => src.finding.process_guid !== '' || src.finding.pivots.timeline.length > 0 || src.finding.pivots.tree.length > 0);
  for (const src of withProcess) {
    out.push(...timelineBlock(w, src, hits));
    out.push(...treeBlock(w, src.finding, MAX_INCIDENT_TREE_CHILDREN));
  }
  if (s.processesMore > 0) out.push(note(`${plural(s.processesMore, 'more process', 'more processes')} of this incident not drawn here: ${s.incident.processes.slice(-s.processesMore).map((p) => w.txt(p.process_name)).join(', ')}.`));
  for (const d of s.dllSources) out.push(...dllBlock(w, d.finding));
  if (withProcess.length > 0 || s.pivotSources[0]!.finding.pivots.parallel.length > 0) out.push(...parallelBlock(w, s.pivotSources[0]!, MAX_INCIDENT_PARALLEL_ROWS));
  else out.push(note('The matched events name no process, so there is no process timeline, process tree or parallel processes for this incident.'));
  return out;
}

/** A row per finding: its rule, level, source and author, ATT&CK, events and first time. */
function rulesTable(w: Writer, s: IncidentSection): Content {
  return table(
    [18, 44, '*', 96, 54, 34, 70],
    [w.th('#'), w.th('Level'), w.th('Rule'), w.th('Source'), w.th('ATT&CK'), w.th('Events'), w.th('First seen (UTC)')],
    s.members.map((m): TableCell[] => [
      { text: `F${m.number}`, bold: true } as TableCell,
      levelCell(m.level, m.finding.risk_score),
      { stack: [{ text: w.txt(m.finding.rule_name), bold: true }, { text: w.txt(m.finding.message), color: '#546e7a', fontSize: 6.5 }] } as TableCell,
      sourceLine(w, m.finding) as TableCell,
      w.txt(m.finding.mitre.join(', ')),
      { text: fmtInt(m.finding.count), alignment: 'right' } as TableCell,
      fmtTime(m.finding.firstTime),
    ]),
    { dontBreakRows: true, title: heading(`Rules that flagged it (${s.incident.rules})`, 3) },
  );
}

function processFacts(w: Writer, s: FindingSection): Content[] {
  const f = s.finding;
  if (!f.process_guid && !f.process_name && !f.process_path && !f.process) {
    return [w.kv([['Process', { text: 'not named by the matched events', italics: true, color: '#546e7a' }], ...riskWhy(w, f)], 90)];
  }
  return [w.kv([
    ['Process', { stack: [{ text: [{ text: w.txt(f.process_name), bold: true }, { text: `  user ${w.txt(f.user)}`, color: '#546e7a' }, ...(f.integrity_level ? [{ text: `  integrity ${w.txt(f.integrity_level)}`, color: '#546e7a' }] : [])] }, w.code(f.process_path), w.code(f.process_guid, { color: '#546e7a', fontSize: 6.5 })] }],
    ['Command line', w.code(f.process)],
    ['Parent process', { stack: [{ text: w.txt(f.parent_process_name), bold: true }, w.code(f.parent_process, { fontSize: 7 })] }],
    ...(f.process_hashes ? [['Process hashes', w.code(f.process_hashes, { fontSize: 6.5 })] as [string, Content]] : []),
    ...riskWhy(w, f),
  ], 90)];
}

function riskWhy(w: Writer, f: FindingSection['finding']): [string, Content][] {
  return f.risk_reasons.length > 0 ? [['Why this risk', { ul: f.risk_reasons.map((r) => w.txt(r)), fontSize: 7 } as Content]] : [];
}

/** The distinct registry values the findings name, with which findings name them. */
function registryTable(w: Writer, s: IncidentSection): Content[] {
  const rows = new Map<string, { path: string; data: string; by: number[] }>();
  for (const m of s.members) {
    const f = m.finding;
    if (f.registry_path === '') continue;
    const key = `${f.registry_path}\u0000${f.registry_value_data}`;
    const r = rows.get(key);
    if (r) r.by.push(m.number);
    else rows.set(key, { path: f.registry_path, data: registryDataText(f.registry_value_data), by: [m.number] });
  }
  if (rows.size === 0) return [];
  return [table(
    ['*', 60],
    [w.th('Registry value = data written'), w.th('Findings')],
    [...rows.values()].map((r): TableCell[] => [
      { stack: [w.code(r.path), w.code(`= ${r.data}`, { bold: true, color: '#b71c1c' })] } as TableCell,
      r.by.map((n) => `F${n}`).join(', '),
    ]),
    { dontBreakRows: true, title: heading('Registry values written', 3) },
  )];
}

function analystNotes(w: Writer, s: IncidentSection): Content[] {
  const noted = s.members.filter((m) => m.annotation !== null);
  if (noted.length === 0) return [note('No analyst status or note is recorded for these findings (status: New).')];
  return keepTogether([heading('Analyst status and notes', 3), ...noted.map((m) => {
    const a = m.annotation!;
    return {
      stack: [
        { text: [{ text: `F${m.number} · `, bold: true }, { text: STATUS_LABEL[a.status] ?? a.status, bold: true, color: a.status === 'confirmed' ? '#b71c1c' : '#263238' }, { text: `   by ${w.txt(a.by)} at ${fmtTime(a.at)} UTC`, color: '#546e7a' }] },
        ...(a.note.trim() !== '' ? [{ text: w.txt(a.note, { keepNewlines: true }), margin: [0, 2, 0, 0] }] : []),
      ],
      margin: [0, 0, 0, 4],
    } as Content;
  })]);
}

function matchedTable(w: Writer, s: IncidentSection): Content[] {
  if (s.matched.length === 0) return [];
  const authors = [...new Set(s.members.filter((m) => isSigma(m.finding)).map((m) => authorOf(m.finding)))];
  const total = s.members.length === 1 ? s.members[0]!.finding.count : s.matched.length + s.matchedMore;
  const title = heading(`Matched events (${plural(total, 'event')})${authors.length ? ` · Sigma rules by ${w.txt(authors.join('; '))}` : ''}`, 3);
  const out: Content[] = [table(
    [78, 20, 44, '*', 60],
    [w.th('Time (UTC)'), w.th('EID'), w.th('Record'), w.th('Evidence file'), w.th('Matched by')],
    s.matched.map((r): TableCell[] => [
      fmtTime(r.event.time),
      r.event.event_id === null ? '—' : String(r.event.event_id),
      r.event.record_id === null ? '—' : String(r.event.record_id),
      w.code(r.event.evidence) as TableCell,
      { text: r.by.map((n) => `F${n}`).join(', '), bold: r.by.length > 1 } as TableCell,
    ]),
    { dontBreakRows: true, title },
  )];
  // One finding: its count is exact; several: the distinct events their lists hold.
  const one = s.members.length === 1 ? s.members[0]!.finding : null;
  const notListed = one !== null ? one.count - s.matched.length : s.matchedMore;
  if (notListed > 0) {
    out.push(note(`${plural(notListed, 'more matched event')} not listed here${one?.events_truncated ? ` (the JSON export lists the first ${fmtInt((one.events ?? []).length)})` : ' (the JSON export lists them)'}.`));
  }
  return out;
}
