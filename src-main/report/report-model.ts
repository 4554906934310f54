/**
 * The report's document model: what the report says, section by section, built from the request.
 * Plain data with raw strings (no layout, no escaping): the PDF layer decides how it looks and
 * makes every string safe to print.
 */
import type { CaseFinding, FindingAnnotation, ReportBookmark, ReportRequest, RuleDoc } from '../shared/contract';
import { TOOL_NAME, TOOL_VERSION } from '../shared/tool-info';
import { selectFindings } from '../shared/report-selection';
import { soundness } from './soundness';
import { buildExecutiveSummary } from './executive-summary';
import { methodText } from './method-text';
import { buildIncidents } from './report-incidents';
import {
  MALICIOUS_MIN_RISK, MAX_ISSUE_SAMPLES, RISK_BANDS, riskBand,
  type CoverSection, type EvidenceSection, type MethodSection, type ReportModel, type SummarySection,
} from './report-model-types';
import { eventTotal } from '../shared/evidence-totals';
import { evidenceRowCounts } from '../shared/evidence-rows';

export * from './report-model-types';

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


/**
 * The rules the appendix describes: the case's rule documentation, and every Sigma rule of a
 * printed finding that it lacks, from the rule as the finding carries it (title, author, level,
 * description, false positives, references: DRL 1.1 asks for the author wherever matches are).
 */
function withSigmaDocs(docs: RuleDoc[], printed: CaseFinding[]): RuleDoc[] {
  const have = new Set(docs.map((r) => r.id));
  const out = [...docs];
  for (const f of printed) {
    const m = f.sigma;
    if (!m || have.has(f.rule_id)) continue;
    have.add(f.rule_id);
    out.push({
      id: f.rule_id, name: m.title || f.rule_name, description: m.description ?? 'The rule has no description.', mitre: f.mitre,
      risk_score: f.risk_score, false_positives: m.falsepositives.filter((x): x is string => typeof x === 'string' && x.trim() !== ''),
      references: m.references, source: 'sigma', level: m.level, author: m.author ?? null, status: m.status, path: m.path, origin: m.origin,
    });
  }
  return out;
}

type AnnotationOf = (f: CaseFinding) => FindingAnnotation | null;

/** The analyst's status and note of a finding from the request, completed (null: none). */
function annotationReader(annotations: ReportRequest['annotations'] | undefined): AnnotationOf {
  const all = annotations ?? {};
  return (f) => {
    if (!Object.prototype.hasOwnProperty.call(all, f.id)) return null;
    const a = all[f.id]!;
    return { status: a.status ?? 'new', note: a.note ?? '', by: a.by ?? '', at: a.at ?? '' };
  };
}

/** The sentence that says what the report covers: the whole case or a selection of it. */
function scopeText(selected: boolean, total: number, inScope: number, reported: number, suppressed: number): string {
  const counts = `(${reported} reported, ${suppressed} suppressed)`;
  return selected
    ? `${inScope} selected finding${inScope === 1 ? '' : 's'} of the ${total} in the case ${counts}`
    : `the whole case: ${total} finding${total === 1 ? '' : 's'} ${counts}`;
}

/** The evidence table with its totals (entries completed: the request is checked for shape only). */
function evidenceSection(scan: ReportRequest['scan'], readOnlyStatement: string): EvidenceSection {
  const ev = scan.evidence.map((e) => ({ ...e, errorSamples: e.errorSamples ?? [], warningSamples: e.warningSamples ?? [], errors: e.errors ?? 0, warnings: e.warnings ?? 0 }));
  return {
    entries: ev,
    totals: {
      files: ev.length,
      // The folder's files on disk, as the CLI and the app total them: a member's bytes are inside its archive's.
      bytes: ev.reduce((s, e) => s + (e.archive === undefined ? e.bytes : 0), 0),
      records: eventTotal(ev),
      failed: ev.reduce((s, e) => s + e.errors, 0),
      warnings: ev.reduce((s, e) => s + e.warnings, 0),
      unreadable: ev.filter((e) => e.error !== undefined).length,
      kinds: evidenceRowCounts(ev),
    },
    readOnlyStatement,
  };
}

/**
 * Malicious activity: reported findings the analyst confirmed, or of medium risk or more that the
 * analyst did not dismiss (low-risk findings are usually benign software, and say so in their reasons).
 */
function maliciousFindings(reported: CaseFinding[], annotation: AnnotationOf): CaseFinding[] {
  return reported.filter((f) => {
    const st = annotation(f)?.status;
    if (st === 'confirmed') return true;
    return st !== 'false_positive' && st !== 'suppressed' && f.risk_score >= MALICIOUS_MIN_RISK;
  });
}

/** The summary: counts by risk band, rule, host, user and status, and the span of malicious activity. */
function summarySection(scope: string, reported: CaseFinding[], suppressed: number, annotation: AnnotationOf): SummarySection {
  const malicious = maliciousFindings(reported, annotation);
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
  return {
    scope,
    reported: reported.length,
    suppressed,
    byRisk: RISK_BANDS.map((b) => ({ band: b.band, label: b.label, count: reported.filter((f) => riskBand(f.risk_score) === b.band).length })),
    byRule: [...ruleRows.values()].sort((a, b) => b.maxRisk - a.maxRisk || b.count - a.count || byTime(a.rule_name, b.rule_name)),
    hosts: countBy(reported, (f) => f.dest),
    users: countBy(reported, (f) => f.user),
    firstActivity: malicious.length ? malicious.map((f) => f.firstTime).sort(byTime)[0]! : null,
    lastActivity: malicious.length ? malicious.map((f) => f.lastTime).sort(byTime).at(-1)! : null,
    activityNote: `First and last malicious activity span the reported findings the analyst confirmed or of risk ${MALICIOUS_MIN_RISK} or more, leaving out suppressed findings and those the analyst marked as false positive or suppressed. Times are the findings' first and last registry writes.`,
    byStatus: [...statusCounts].map(([status, count]) => ({ status, count })),
  };
}

/** The method appendix: the rules of the printed findings, the parser issues per file, the method text. */
function methodSection(scan: ReportRequest['scan'], evidence: EvidenceSection, printed: CaseFinding[], text: ReturnType<typeof methodText>, unknownFindingIds: string[]): MethodSection {
  return {
    rules: withSigmaDocs(scan.rules, printed),
    parserIssues: evidence.entries
      .filter((e) => e.errors > 0 || e.warnings > 0 || e.error !== undefined)
      .map((e) => ({
        path: e.path,
        errors: e.errors,
        warnings: e.warnings,
        samples: [...e.errorSamples, ...e.warningSamples].slice(0, MAX_ISSUE_SAMPLES),
        ...(e.error !== undefined ? { error: e.error } : {}),
      })),
    statements: text.statements,
    technical: text.technical,
    unknownFindingIds,
  };
}

/**
 * Builds the model. `generatedAt` is the ISO time printed (fixed by the caller); `cjkFont` says
 * the fallback fonts found for CJK text (the appendix says how such text is printed).
 */
export function buildReportModel(req: ReportRequest, generatedAt: string, opts: { fallbackFonts?: string[] } = {}): ReportModel {
  const scan = req.scan;
  const all = scan.findings.map(completeFinding);
  const inScope = findingsInScope(all, req.findingIds);
  const known = new Set(all.map((f) => f.id));
  const unknownFindingIds = req.findingIds === null ? [] : req.findingIds.filter((id) => !known.has(id));
  const reported = inScope.filter((f) => !f.suppressed);
  const suppressed = inScope.filter((f) => f.suppressed);
  const annotation = annotationReader(req.annotations);
  const rules = new Map(scan.rules.map((r) => [r.id, r]));
  const scope = scopeText(req.findingIds !== null, all.length, inScope.length, reported.length, suppressed.length);

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
  const evidence = evidenceSection(scan, sound.headline);
  const summary = summarySection(scope, reported, suppressed.length, annotation);
  const selection = selectFindings(reported);
  const parts = buildIncidents(selection.full, rules, annotation);
  const executive = buildExecutiveSummary(reported, annotation, parts.incidents, evidence);
  const text = methodText(scan, req.checks ?? null, evidence, sound, opts.fallbackFonts ?? []);
  const method = methodSection(scan, evidence, parts.findings.map((x) => x.finding), text, unknownFindingIds);

  return {
    cover, evidence, summary, executive, findings: parts.findings, incidents: parts.incidents, incidentEventsCompared: parts.eventsCompared, brief: selection, suppressed: suppressed.map((f) => ({ finding: f, annotation: annotation(f) })),
    bookmarks: bookmarksInTimeOrder(req.bookmarks ?? []), method };
}

/** The bookmarked events by time (an event without a time last), then by file and record. */
function bookmarksInTimeOrder(list: readonly ReportBookmark[]): ReportBookmark[] {
  const t = (b: ReportBookmark): number => { const v = b.time === null ? NaN : Date.parse(b.time); return Number.isNaN(v) ? Infinity : v; };
  return [...list].sort((a, b) => t(a) - t(b) || a.evidence.localeCompare(b.evidence) || (a.recordId ?? 0) - (b.recordId ?? 0));
}
