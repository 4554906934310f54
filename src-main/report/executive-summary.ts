/**
 * The executive summary's facts (issue #19): what happened, when, on which hosts and accounts,
 * and how sure the report is, for a reader who reads one page. Hosts and accounts "affected"
 * count only findings at or above SUMMARY_LEVEL (or confirmed by the analyst), never those the
 * analyst dismissed; the page names that level. A case of which nothing was read says so instead
 * of listing no host.
 */
import type { CaseFinding, FindingAnnotation } from '../shared/contract';
import { levelRank } from '../shared/incidents';
import type { IncidentSection } from './report-incidents';
import { riskBand, type EvidenceSection } from './report-model-types';

/** The level from which a finding counts toward "hosts affected" and the activity span. */
const SUMMARY_LEVEL = 'medium';
/** Levels in the order the summary lists them. */
export const LEVELS = ['critical', 'high', 'medium', 'low', 'informational'] as const;

export interface NamedCount { name: string; findings: number }

export interface ExecutiveSummary {
  /** Why nothing was read (no file, or no event in any file), or null when events were read. */
  nothingRead: string | null;
  /** The level the counts below name (SUMMARY_LEVEL). */
  level: string;
  /** Reported findings at or above `level` or confirmed, not dismissed by the analyst. */
  counted: number;
  /** Reported findings below `level` (not confirmed), and those the analyst dismissed. */
  below: number;
  dismissed: number;
  hosts: NamedCount[];
  accounts: NamedCount[];
  first: string | null;
  last: string | null;
  /** Every reported finding by level (levels with none left out). */
  byLevel: { level: string; count: number }[];
  reported: number;
  rules: number;
  sigma: number;
  builtin: number;
  /** Incidents with a full section, and of them those where two rules or more agree. */
  incidents: IncidentSection[];
  multiRule: number;
  /** Findings the analyst set a status on (anything but New), and of them confirmed. */
  reviewed: number;
  confirmed: number;
  /** Files read for events (an archive once; shared/evidence-rows.ts). */
  files: number;
  events: number;
  unreadableFiles: number;
  skippedRecords: number;
  hashedAll: boolean;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function countBy(items: CaseFinding[], key: (f: CaseFinding) => string): NamedCount[] {
  const m = new Map<string, number>();
  for (const f of items) {
    const k = key(f);
    if (k !== '') m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m].map(([name, findings]) => ({ name, findings })).sort((a, b) => b.findings - a.findings || cmp(a.name, b.name));
}

function findingLevel(f: CaseFinding): string {
  return f.level !== undefined && f.level !== null ? String(f.level).toLowerCase() : riskBand(f.risk_score);
}

export function buildExecutiveSummary(
  reported: CaseFinding[],
  annotation: (f: CaseFinding) => FindingAnnotation | null,
  incidents: IncidentSection[],
  evidence: EvidenceSection,
): ExecutiveSummary {
  const t = evidence.totals;
  const nothingRead = t.files === 0
    ? 'The case holds no evidence file.'
    : t.records === 0
      ? `No event could be read from the ${t.files === 1 ? 'one evidence file' : `${t.files} evidence files`}${t.unreadable > 0 ? ` (${t.unreadable} could not be opened at all)` : ''}.`
      : null;
  // One pass over the findings (a case may hold 100,000).
  const min = levelRank(SUMMARY_LEVEL);
  const counted: CaseFinding[] = [];
  const levelCounts = new Map<string, number>();
  let dismissed = 0;
  let reviewed = 0;
  let confirmed = 0;
  let sigma = 0;
  const rules = new Set<string>();
  for (const f of reported) {
    const level = findingLevel(f);
    const status = annotation(f)?.status ?? 'new';
    const key = (LEVELS as readonly string[]).includes(level) ? level : 'other';
    levelCounts.set(key, (levelCounts.get(key) ?? 0) + 1);
    rules.add(f.rule_id);
    if (f.source === 'sigma') sigma++;
    if (status !== 'new') reviewed++;
    if (status === 'confirmed') confirmed++;
    if (status === 'false_positive' || status === 'suppressed') dismissed++;
    else if (status === 'confirmed' || levelRank(level) >= min) counted.push(f);
  }
  const byLevel = [...LEVELS, 'other'].filter((l) => levelCounts.has(l)).map((level) => ({ level, count: levelCounts.get(level)! }));
  const full = incidents.filter((i) => i.full);
  return {
    nothingRead,
    level: SUMMARY_LEVEL,
    counted: counted.length,
    below: reported.length - counted.length - dismissed,
    dismissed,
    hosts: countBy(counted, (f) => f.dest),
    accounts: countBy(counted, (f) => f.user ?? ''),
    first: counted.reduce<string | null>((m, f) => (f.firstTime !== '' && (m === null || f.firstTime < m) ? f.firstTime : m), null),
    last: counted.reduce<string | null>((m, f) => (f.lastTime !== '' && (m === null || f.lastTime > m) ? f.lastTime : m), null),
    byLevel,
    reported: reported.length,
    rules: rules.size,
    sigma,
    builtin: reported.length - sigma,
    incidents: full,
    multiRule: full.filter((i) => i.incident.rules > 1).length,
    reviewed,
    confirmed,
    files: t.kinds.read,
    events: t.records,
    unreadableFiles: t.unreadable,
    skippedRecords: t.failed,
    hashedAll: evidence.entries.every((e) => e.hashComplete),
  };
}
