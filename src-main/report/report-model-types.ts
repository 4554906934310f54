/**
 * The report model's shapes and bounds (plain data; report-model.ts builds them, the pdf-*.ts
 * files print them). Apart from report-model.ts so the model's parts can share them without a cycle.
 */
import type {
  CaseFinding, EvidenceEntry, FindingAnnotation, IngestIssue, ReportBookmark, RuleDoc,
} from '../shared/contract';
import type { FindingSelection } from '../shared/report-selection';
import type { EvidenceRowCounts } from '../shared/evidence-rows';
import type { IncidentSection } from './report-incidents';
import type { ExecutiveSummary } from './executive-summary';

/** Rows of the timeline table printed per finding; the drawn axis shows every event. */
export const MAX_TIMELINE_ROWS = 150;
/** Events drawn on the axis at most (the rest are counted). */
export const MAX_AXIS_EVENTS = 2000;
/** Matched events of a Sigma finding listed at most (the JSON export keeps up to 1,000). */
export const MAX_MATCHED_ROWS = 100;
/** Parallel processes listed at most. */
export const MAX_PARALLEL_ROWS = 60;
/** Issue samples listed per evidence file. */
export const MAX_ISSUE_SAMPLES = 5;

/** Findings of this risk or more count as malicious activity in the summary (unless dismissed). */
export const MALICIOUS_MIN_RISK = 40;

export type RiskBand = 'critical' | 'high' | 'medium' | 'low';
export const RISK_BANDS: readonly { band: RiskBand; min: number; label: string }[] = [
  { band: 'critical', min: 90, label: 'Critical (90–100)' },
  { band: 'high', min: 70, label: 'High (70–89)' },
  { band: 'medium', min: 40, label: 'Medium (40–69)' },
  { band: 'low', min: Number.NEGATIVE_INFINITY, label: 'Low (0–39)' },
];

export function riskBand(score: number): RiskBand {
  return RISK_BANDS.find((b) => score >= b.min)!.band;
}

export interface CoverSection {
  caseName: string;
  analyst: string;
  generatedAt: string;
  tool: { name: string; version: string };
  ruleset: { version: string; intel_version: string };
  evidenceRoot: string;
  fingerprint: string;
  scannedAt: string;
  scope: string;
}

export interface EvidenceSection {
  entries: EvidenceEntry[];
  /** `files`: rows of the list (a file or an archive member each); `bytes`: the folder's files on disk (members are inside their archive); `kinds`: what the rows are. */
  totals: { files: number; bytes: number; records: number; failed: number; warnings: number; unreadable: number; kinds: EvidenceRowCounts };
  readOnlyStatement: string;
}

export interface SummarySection {
  scope: string;
  reported: number;
  suppressed: number;
  byRisk: { band: RiskBand; label: string; count: number }[];
  byRule: { rule_id: string; rule_name: string; mitre: string[]; count: number; maxRisk: number }[];
  hosts: { name: string; findings: number }[];
  users: { name: string; findings: number }[];
  /** Over reported findings that are not suppressed and not marked false positive by the analyst. */
  firstActivity: string | null;
  lastActivity: string | null;
  activityNote: string;
  byStatus: { status: string; count: number }[];
}

export interface FindingSection {
  /** 1-based number in the report (print order). */
  number: number;
  finding: CaseFinding;
  rule: RuleDoc | null;
  band: RiskBand;
  /** The finding's level: the Sigma rule's, or a built-in rule's risk band. */
  level: string;
  annotation: FindingAnnotation | null;
  /** The timeline rows printed (the first MAX_TIMELINE_ROWS), and how many more there are. */
  timelineRows: CaseFinding['pivots']['timeline'];
  timelineMore: number;
  parallelRows: CaseFinding['pivots']['parallel'];
  parallelMore: number;
  /** A Sigma finding's matched events printed (the first MAX_MATCHED_ROWS). */
  matchedRows: NonNullable<CaseFinding['events']>;
}

interface SuppressedRow {
  finding: CaseFinding;
  annotation: FindingAnnotation | null;
}

export interface MethodSection {
  rules: RuleDoc[];
  parserIssues: { path: string; errors: number; warnings: number; samples: IngestIssue[]; error?: string }[];
  /** The method and limits in plain words (for a manager or a lawyer). */
  statements: string[];
  /** The technical detail, for the appendix. */
  technical: string[];
  unknownFindingIds: string[];
}

export interface ReportModel {
  cover: CoverSection;
  evidence: EvidenceSection;
  summary: SummarySection;
  executive: ExecutiveSummary;
  /** The reported findings printed in full (all of them up to FULL_DETAIL_ALL; report-bounds.ts), in print order. */
  findings: FindingSection[];
  /** The findings printed in full, grouped into incidents (shared/incidents.ts). */
  incidents: IncidentSection[];
  /** False when the case had too many matched events to compare them all for grouping. */
  incidentEventsCompared: boolean;
  /** The reported findings not printed in full, by rule and host (empty when all are in full). */
  brief: FindingSelection;
  suppressed: SuppressedRow[];
  /** The events the analyst bookmarked, in time order (those without a time last). */
  bookmarks: ReportBookmark[];
  method: MethodSection;
}
