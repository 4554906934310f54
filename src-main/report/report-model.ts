/**
 * The report's document model: what the report says, section by section, built from the request.
 * Plain data with raw strings (no layout, no escaping): the PDF layer decides how it looks and
 * makes every string safe to print.
 */
import type {
  CaseFinding, EvidenceEntry, FindingAnnotation, IngestIssue, ReportRequest, RuleDoc, SigmaRunInfo,
} from '../api/contract';
import { TOOL_NAME, TOOL_VERSION } from '../api/tool-info';
import { selectFindings, type FindingSelection } from '../api/report-selection';
import { soundness } from './soundness';
import { eventTotal } from '../api/evidence-totals';

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
  totals: { files: number; bytes: number; records: number; failed: number; warnings: number; unreadable: number };
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
  /** 1-based number in the report. */
  number: number;
  finding: CaseFinding;
  rule: RuleDoc | null;
  band: RiskBand;
  annotation: FindingAnnotation | null;
  /** The timeline rows printed (the first MAX_TIMELINE_ROWS), and how many more there are. */
  timelineRows: CaseFinding['pivots']['timeline'];
  timelineMore: number;
  parallelRows: CaseFinding['pivots']['parallel'];
  parallelMore: number;
  /** A Sigma finding's matched events printed (the first MAX_MATCHED_ROWS). */
  matchedRows: NonNullable<CaseFinding['events']>;
}

export interface SuppressedRow {
  finding: CaseFinding;
  annotation: FindingAnnotation | null;
}

export interface MethodSection {
  rules: RuleDoc[];
  parserIssues: { path: string; errors: number; warnings: number; samples: IngestIssue[]; error?: string }[];
  statements: string[];
  unknownFindingIds: string[];
}

export interface ReportModel {
  cover: CoverSection;
  evidence: EvidenceSection;
  summary: SummarySection;
  /** The reported findings printed in full (all of them up to FULL_DETAIL_ALL; report-bounds.ts). */
  findings: FindingSection[];
  /** The reported findings not printed in full, by rule and host (empty when all are in full). */
  brief: FindingSelection;
  suppressed: SuppressedRow[];
  method: MethodSection;
}


const byTime = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function countBy<T>(items: T[], key: (t: T) => string | null): { name: string; findings: number }[] {
  const m = new Map<string, number>();
  for (const it of items) {
    const k = key(it);
    if (k === null || k === '') continue;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m].map(([name, findings]) => ({ name, findings })).sort((a, b) => b.findings - a.findings || byTime(a.name, b.name));
}

/**
 * The request comes from the renderer over IPC, checked for shape only at the top: a finding with
 * a missing list or field is completed here rather than failing the whole report.
 */
function completeFinding(f: CaseFinding): CaseFinding {
  const p: Partial<CaseFinding['pivots']> = f.pivots ?? {};
  return {
    ...f,
    mitre: f.mitre ?? [],
    risk_reasons: f.risk_reasons ?? [],
    events: f.events ?? [],
    sigma: f.sigma ? { ...f.sigma, references: f.sigma.references ?? [], falsepositives: f.sigma.falsepositives ?? [], tags: f.sigma.tags ?? [] } : null,
    pivots: {
      dll_created_by: p.dll_created_by ?? [],
      dll_loaded_by: p.dll_loaded_by ?? [],
      timeline: p.timeline ?? [],
      tree: p.tree ?? [],
      parallel: p.parallel ?? [],
      parallel_window_seconds: p.parallel_window_seconds ?? 0,
      other_registry_values: p.other_registry_values ?? [],
      dll_file_events: p.dll_file_events ?? [],
      dll_load_events: p.dll_load_events ?? [],
    },
  };
}

/** The findings in the report's scope (all, or those requested). */
function findingsInScope<T extends { id: string }>(all: T[], findingIds: string[] | null): T[] {
  if (findingIds === null) return all;
  const idSet = new Set(findingIds);
  return all.filter((f) => idSet.has(f.id));
}

/**
 * The request with the pivots of every finding the report will not print in full left out (the
 * same selection buildReportModel makes), so that a request of many findings is copied to the
 * report worker without the timelines and trees nobody prints. The PDF is unchanged.
 */
export function withPrintedPivotsOnly(req: ReportRequest): ReportRequest {
  const reported = findingsInScope(req.scan.findings, req.findingIds).filter((f) => !f.suppressed);
  const sel = selectFindings(reported);
  if (!sel.bounded) return req;
  const full = new Set(sel.full.map((f) => f.id));
  const findings = req.scan.findings.map((f) => (full.has(f.id) ? f : { ...f, pivots: EMPTY_PIVOTS }));
  return { ...req, scan: { ...req.scan, findings } };
}

const EMPTY_PIVOTS: CaseFinding['pivots'] = {
  dll_created_by: [], dll_loaded_by: [], timeline: [], tree: [], parallel: [], parallel_window_seconds: 0,
  other_registry_values: [], dll_file_events: [], dll_load_events: [],
};


/** What the Sigma rules were: how many ran, from where, at which level, and what could not be loaded. */
function sigmaStatements(info: SigmaRunInfo | undefined): string[] {
  if (!info) return ['No Sigma rule ran on this case (built-in rules only).'];
  const origins = info.origins.map((o) => `${o.rules} from ${o.origin === 'sigmahq' ? 'the bundled SigmaHQ Windows rules' : o.origin}`).join(', ');
  return [
    `Sigma: ${info.rules_run} rules ran (${origins || 'none'}), at level ${info.min_level} and above${info.rule_status ? `, statuses ${info.rule_status.join(', ')}` : ''}; ${info.rules_skipped} were loaded but not run and ${info.rules_failed} could not be loaded (each is listed with its reason in the JSON export, ruleset.sigma). A Sigma finding is one rule on one host; each matched event counts once, however many files hold it.`,
    'SigmaHQ rules are shipped under the Detection Rule License 1.1: each Sigma finding names the rule\'s author.',
  ];
}

/** Builds the model. `generatedAt` is the ISO time printed (fixed by the caller). */
export function buildReportModel(req: ReportRequest, generatedAt: string): ReportModel {
  const scan = req.scan;
  const all = scan.findings.map(completeFinding);
  const idSet = req.findingIds === null ? null : new Set(req.findingIds);
  const inScope = findingsInScope(all, req.findingIds);
  const known = new Set(all.map((f) => f.id));
  const unknownFindingIds = req.findingIds === null ? [] : req.findingIds.filter((id) => !known.has(id));
  const reported = inScope.filter((f) => !f.suppressed);
  const suppressed = inScope.filter((f) => f.suppressed);
  const annotations = req.annotations ?? {};
  const annotation = (f: CaseFinding): FindingAnnotation | null => {
    if (!Object.prototype.hasOwnProperty.call(annotations, f.id)) return null;
    const a = annotations[f.id]!;
    return { status: a.status ?? 'new', note: a.note ?? '', by: a.by ?? '', at: a.at ?? '' };
  };
  const rules = new Map(scan.rules.map((r) => [r.id, r]));

  const scope = idSet === null
    ? `the whole case: ${all.length} finding${all.length === 1 ? '' : 's'} (${reported.length} reported, ${suppressed.length} suppressed)`
    : `${inScope.length} selected finding${inScope.length === 1 ? '' : 's'} of the ${all.length} in the case (${reported.length} reported, ${suppressed.length} suppressed)`;

  const cover: CoverSection = {
    caseName: req.caseName,
    analyst: req.analyst,
    generatedAt,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    ruleset: scan.ruleset,
    evidenceRoot: scan.root,
    fingerprint: scan.fingerprint,
    scannedAt: scan.scannedAt,
    scope,
  };

  const sound = soundness(scan, req.checks ?? null);
  const ev = scan.evidence.map((e) => ({ ...e, errorSamples: e.errorSamples ?? [], warningSamples: e.warningSamples ?? [], errors: e.errors ?? 0, warnings: e.warnings ?? 0 }));
  const evidence: EvidenceSection = {
    entries: ev,
    totals: {
      files: ev.length,
      bytes: ev.reduce((s, e) => s + e.bytes, 0),
      records: eventTotal(ev),
      failed: ev.reduce((s, e) => s + e.errors, 0),
      warnings: ev.reduce((s, e) => s + e.warnings, 0),
      unreadable: ev.filter((e) => e.error !== undefined).length,
    },
    readOnlyStatement: sound.headline,
  };

  // Malicious activity: reported findings the analyst confirmed, or of medium risk or more that the
  // analyst did not dismiss (low-risk findings are usually benign software, and say so in their reasons).
  const malicious = reported.filter((f) => {
    const st = annotation(f)?.status;
    if (st === 'confirmed') return true;
    return st !== 'false_positive' && st !== 'suppressed' && f.risk_score >= MALICIOUS_MIN_RISK;
  });
  const ruleRows = new Map<string, SummarySection['byRule'][number]>();
  for (const f of reported) {
    const row = ruleRows.get(f.rule_id) ?? { rule_id: f.rule_id, rule_name: f.rule_name, mitre: f.mitre, count: 0, maxRisk: 0 };
    row.count++;
    row.maxRisk = Math.max(row.maxRisk, f.risk_score);
    ruleRows.set(f.rule_id, row);
  }
  const statusCounts = new Map<string, number>();
  for (const f of reported) {
    const st = annotation(f)?.status ?? 'new';
    statusCounts.set(st, (statusCounts.get(st) ?? 0) + 1);
  }
  const summary: SummarySection = {
    scope,
    reported: reported.length,
    suppressed: suppressed.length,
    byRisk: RISK_BANDS.map((b) => ({ band: b.band, label: b.label, count: reported.filter((f) => riskBand(f.risk_score) === b.band).length })),
    byRule: [...ruleRows.values()].sort((a, b) => b.maxRisk - a.maxRisk || b.count - a.count || byTime(a.rule_name, b.rule_name)),
    hosts: countBy(reported, (f) => f.dest),
    users: countBy(reported, (f) => f.user),
    firstActivity: malicious.length ? malicious.map((f) => f.firstTime).sort(byTime)[0]! : null,
    lastActivity: malicious.length ? malicious.map((f) => f.lastTime).sort(byTime).at(-1)! : null,
    activityNote: `First and last malicious activity span the reported findings the analyst confirmed or of risk ${MALICIOUS_MIN_RISK} or more, leaving out suppressed findings and those the analyst marked as false positive or suppressed. Times are the findings' first and last registry writes.`,
    byStatus: [...statusCounts].map(([status, count]) => ({ status, count })),
  };

  const selection = selectFindings(reported);
  const findings: FindingSection[] = selection.full.map((f, i) => {
    const tl = f.pivots.timeline;
    const par = f.pivots.parallel;
    return {
      number: i + 1,
      finding: f,
      rule: rules.get(f.rule_id) ?? null,
      band: riskBand(f.risk_score),
      annotation: annotation(f),
      timelineRows: tl.slice(0, MAX_TIMELINE_ROWS),
      timelineMore: Math.max(0, tl.length - MAX_TIMELINE_ROWS),
      parallelRows: par.slice(0, MAX_PARALLEL_ROWS),
      parallelMore: Math.max(0, par.length - MAX_PARALLEL_ROWS),
      matchedRows: (f.events ?? []).slice(0, MAX_MATCHED_ROWS),
    };
  });

  const method: MethodSection = {
    rules: scan.rules,
    parserIssues: ev
      .filter((e) => e.errors > 0 || e.warnings > 0 || e.error !== undefined)
      .map((e) => ({
        path: e.path,
        errors: e.errors,
        warnings: e.warnings,
        samples: [...e.errorSamples, ...e.warningSamples].slice(0, MAX_ISSUE_SAMPLES),
        ...(e.error !== undefined ? { error: e.error } : {}),
      })),
    statements: [
      'All times are UTC (ISO-8601, shown as YYYY-MM-DD HH:MM:SS.mmm). Event times are the source\'s own (Sysmon UtcTime, or the record\'s TimeCreated); nothing is converted to local time.',
      ...sound.statements,
      `Evidence totals: ${evidence.totals.files} files, ${evidence.totals.records} records parsed, ${evidence.totals.failed} records or parts that could not be read (skipped), ${evidence.totals.warnings} warnings, ${evidence.totals.unreadable} files unreadable.`,
      'Suppressed findings matched a suppression (who, why and when are listed); they are counted and listed but not detailed, and they do not count toward first and last activity.',
      'Risk scores are the rule\'s score adjusted by risk modifiers; the reasons are listed with each finding. Bands: critical 90–100, high 70–89, medium 40–69, low 0–39. A Sigma rule\'s level gives its score: informational 10, low 25, medium 50, high 73, critical 90.',
      ...sigmaStatements(scan.ruleset.sigma),
      'Characters that are invisible or reorder text (bidirectional overrides such as U+202E, zero-width characters, control characters), and characters the report font (DejaVu Sans) cannot draw, such as CJK ideographs, are printed as ⟨U+XXXX⟩ with their code point, so nothing is hidden or silently dropped. Long paths and command lines are wrapped at path separators and every 40 characters; no character is added or removed.',
      `Generated by ${TOOL_NAME} ${TOOL_VERSION}, offline: no network access is used to make this report.`,
    ],
    unknownFindingIds,
  };

  return { cover, evidence, summary, findings, brief: selection, suppressed: suppressed.map((f) => ({ finding: f, annotation: annotation(f) })), method };
}
