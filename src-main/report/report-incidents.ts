/**
 * The report's incidents: the findings printed in full, grouped by `shared/incidents.ts` (same
 * process, or same matched events). An incident of several rules, or of level high or above, gets
 * one section with its timeline, tree and DLL pivot printed once and a row per rule; the other
 * findings stay compact. Findings are numbered F1, F2, … in the order the report prints them.
 */
import type { CaseFinding, FindingAnnotation, MatchedEvent, RuleDoc } from '../shared/contract';
import { groupIncidents, levelRank, type Incident } from '../shared/incidents';
import { riskBand, type FindingSection, MAX_MATCHED_ROWS, MAX_PARALLEL_ROWS, MAX_TIMELINE_ROWS } from './report-model-types';

/** Processes of one incident whose timeline and tree are printed (the others are named). */
const MAX_INCIDENT_PROCESSES = 3;
/** DLL pivots printed per incident (one per distinct DLL value). */
const MAX_INCIDENT_DLLS = 3;
/** Parallel processes listed in an incident section (the JSON export has them all). */
export const MAX_INCIDENT_PARALLEL_ROWS = 10;
/** Child processes listed in an incident's process tree (ancestors and the process always are). */
export const MAX_INCIDENT_TREE_CHILDREN = 12;
/** Matched events listed in an incident section (a page or so; the JSON export lists up to 1,000 per finding). */
export const MAX_INCIDENT_MATCHED_ROWS = 25;
/** Incidents of fewer rules get a full section from this level up. */
const FULL_SECTION_LEVEL = 'high';

export interface IncidentSection {
  /** 1-based number: I1, I2, … */
  number: number;
  incident: Incident<CaseFinding>;
  /** The members as numbered findings, in the incident's order (lead first). */
  members: FindingSection[];
  /** True: a full section; false: its findings are printed compact. */
  full: boolean;
  /** The highest level among the members (a built-in finding's level is its risk band). */
  level: string;
  /** Per process (the first MAX_INCIDENT_PROCESSES), the member whose pivots are printed. */
  pivotSources: FindingSection[];
  processesMore: number;
  /** One member per distinct DLL value with a pivot (the first MAX_INCIDENT_DLLS). */
  dllSources: FindingSection[];
  /** The members' matched events, each once, with the findings that matched it. */
  matched: { event: MatchedEvent; by: number[] }[];
  matchedMore: number;
}

export interface IncidentParts {
  incidents: IncidentSection[];
  /** Every finding printed, in print order (numbers 1…n). */
  findings: FindingSection[];
  eventsCompared: boolean;
}

function levelOf(f: CaseFinding): string {
  return (f.level ?? riskBand(f.risk_score)).toLowerCase();
}

const eventKey = (e: MatchedEvent): string => `${e.evidence}\u0000${e.record_id ?? ''}\u0000${e.event_id ?? ''}\u0000${e.time ?? ''}`;

export function buildIncidents(
  full: CaseFinding[],
  rules: Map<string, RuleDoc>,
  annotation: (f: CaseFinding) => FindingAnnotation | null,
): IncidentParts {
  const grouping = groupIncidents(full);
  const topLevel = (i: Incident<CaseFinding>): string => i.members.map(levelOf).reduce((a, b) => (levelRank(b) > levelRank(a) ? b : a));
  const isFull = (i: Incident<CaseFinding>): boolean => i.rules > 1 || levelRank(topLevel(i)) >= levelRank(FULL_SECTION_LEVEL);
  // Print order: the full incidents, then the compact findings, each list by the incidents' order.
  const ordered = [...grouping.incidents.filter(isFull), ...grouping.incidents.filter((i) => !isFull(i))];
  const findings: FindingSection[] = [];
  const incidents = ordered.map((incident, k): IncidentSection => {
    const members = incident.members.map((f) => {
      const s = findingSection(f, findings.length + 1, rules, annotation);
      findings.push(s);
      return s;
    });
    const pivotSources: FindingSection[] = [];
    for (const p of incident.processes) {
      const same = members.filter((m) => m.finding.dest === p.dest && m.finding.process_guid === p.process_guid);
      const best = same.reduce((a, b) => (b.finding.pivots.timeline.length > a.finding.pivots.timeline.length ? b : a));
      pivotSources.push(best);
    }
    if (pivotSources.length === 0) pivotSources.push(members[0]!);
    const dlls = new Map<string, FindingSection>();
    for (const m of members) {
      const p = m.finding.pivots;
      const dll = m.finding.registry_value_data;
      if (dll !== '' && !dlls.has(dll.toLowerCase()) && p.dll_created_by.length + p.dll_loaded_by.length + p.other_registry_values.length > 0) dlls.set(dll.toLowerCase(), m);
    }
    const matched = new Map<string, { event: MatchedEvent; by: number[] }>();
    for (const m of members) {
      for (const e of m.finding.events ?? []) {
        const key = eventKey(e);
        const row = matched.get(key);
        if (row) { if (!row.by.includes(m.number)) row.by.push(m.number); } else matched.set(key, { event: e, by: [m.number] });
      }
    }
    const rows = [...matched.values()].sort((a, b) => ((a.event.time ?? '') < (b.event.time ?? '') ? -1 : (a.event.time ?? '') > (b.event.time ?? '') ? 1 : 0));
    return {
      number: k + 1,
      incident,
      members,
      full: isFull(incident),
      level: topLevel(incident),
      pivotSources: pivotSources.slice(0, MAX_INCIDENT_PROCESSES),
      processesMore: Math.max(0, pivotSources.length - MAX_INCIDENT_PROCESSES),
      dllSources: [...dlls.values()].slice(0, MAX_INCIDENT_DLLS),
      matched: rows.slice(0, MAX_INCIDENT_MATCHED_ROWS),
      matchedMore: Math.max(0, rows.length - MAX_INCIDENT_MATCHED_ROWS),
    };
  });
  return { incidents, findings, eventsCompared: grouping.eventsCompared };
}

function findingSection(f: CaseFinding, number: number, rules: Map<string, RuleDoc>, annotation: (f: CaseFinding) => FindingAnnotation | null): FindingSection {
  const tl = f.pivots.timeline;
  const par = f.pivots.parallel;
  return {
    number,
    finding: f,
    rule: rules.get(f.rule_id) ?? null,
    band: riskBand(f.risk_score),
    level: levelOf(f),
    annotation: annotation(f),
    timelineRows: tl.slice(0, MAX_TIMELINE_ROWS),
    timelineMore: Math.max(0, tl.length - MAX_TIMELINE_ROWS),
    parallelRows: par.slice(0, MAX_PARALLEL_ROWS),
    parallelMore: Math.max(0, par.length - MAX_PARALLEL_ROWS),
    matchedRows: (f.events ?? []).slice(0, MAX_MATCHED_ROWS),
  };
}
