/**
 * Argument validation for every API call: the renderer is not trusted (a compromised page could
 * send anything over IPC), so each handler checks the shape before it touches the disk.
 */
import { ApiError } from '../shared/errors';
import { FINDING_LEVELS, SIGMA_RULE_STATUSES, type ApiArg, type ApiCallName, type CaseRuleChoice, type FindingLevel } from '../shared/contract';
import { checkReportBookmarks, checkReportRequestSize } from '../shared/report-request-bounds';
import { MAX_EVENT_PAGE, PAGED_FORMATS, type PagedFormat } from '../shared/contract-events';

const MAX_PATH_CHARS = 4096;
const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

function fail(call: string, what: string): never {
  throw new ApiError('bad_argument', `${call}: ${what}`, { call });
}

function record(call: string, arg: unknown): Record<string, unknown> {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) fail(call, 'expected an object argument');
  return arg as Record<string, unknown>;
}

function pathString(call: string, field: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) fail(call, `${field} must be a non-empty string`);
  if (v.length > MAX_PATH_CHARS) fail(call, `${field} is longer than ${MAX_PATH_CHARS} characters`);
  if (v.includes('\0')) fail(call, `${field} contains a NUL character`);
  return v;
}

function jobId(call: string, v: unknown): string {
  if (typeof v !== 'string' || !JOB_ID.test(v)) fail(call, 'jobId must be 1-64 characters of [A-Za-z0-9_-]');
  return v;
}

function boundedString(call: string, field: string, v: unknown, max: number): string {
  if (typeof v !== 'string') fail(call, `${field} must be a string`);
  if (v.length > max) fail(call, `${field} is longer than ${max} characters`);
  return v;
}

const MAX_EXPORT_CHARS = 256 * 1024 * 1024;
const SAFE_FILE_NAME = /^[^\\/:*?"<>|\0]{1,200}$/;

function noArg(call: string, arg: unknown): null {
  if (arg !== null && arg !== undefined) fail(call, 'takes no argument');
  return null;
}

const MAX_RULE_FOLDERS = 32;

/** The analyst's rule choice: granted folders (checked by the handler), a level, statuses. */
function ruleChoice(call: string, v: unknown): CaseRuleChoice {
  const r = record(call, v);
  if (!Array.isArray(r.folders)) fail(call, 'rules.folders must be a list of folders');
  if (r.folders.length > MAX_RULE_FOLDERS) fail(call, `rules.folders holds more than ${MAX_RULE_FOLDERS} folders`);
  const folders = r.folders.map((f) => pathString(call, 'rules.folders[]', f));
  if (typeof r.minLevel !== 'string' || !FINDING_LEVELS.includes(r.minLevel as FindingLevel)) fail(call, `rules.minLevel must be one of ${FINDING_LEVELS.join(', ')}`);
  let ruleStatus: string[] | null = null;
  if (r.ruleStatus !== null) {
    if (!Array.isArray(r.ruleStatus) || r.ruleStatus.length === 0 || r.ruleStatus.length > SIGMA_RULE_STATUSES.length
      || !r.ruleStatus.every((s) => typeof s === 'string' && SIGMA_RULE_STATUSES.includes(s))) {
      fail(call, `rules.ruleStatus must be null or a non-empty list of ${SIGMA_RULE_STATUSES.join(', ')}`);
    }
    ruleStatus = [...new Set(r.ruleStatus as string[])];
  }
  if (r.bundledSigma !== undefined && typeof r.bundledSigma !== 'boolean') fail(call, 'rules.bundledSigma must be true or false');
  return { folders, minLevel: r.minLevel as FindingLevel, ruleStatus, ...(r.bundledSigma !== undefined ? { bundledSigma: r.bundledSigma } : {}) };
}

type Validators = { [K in ApiCallName]: (arg: unknown) => ApiArg<K> };

export const validateArgs: Validators = {
  chooseEvidenceFolder: (a) => noArg('chooseEvidenceFolder', a),
  appInfo: (a) => noArg('appInfo', a),
  listEvidenceFolder: (a) => {
    const r = record('listEvidenceFolder', a);
    return { root: pathString('listEvidenceFolder', 'root', r.root) };
  },
  scanEvidenceFolder: (a) => {
    const r = record('scanEvidenceFolder', a);
    const base = { root: pathString('scanEvidenceFolder', 'root', r.root), jobId: jobId('scanEvidenceFolder', r.jobId) };
    return r.rules === undefined ? base : { ...base, rules: ruleChoice('scanEvidenceFolder', r.rules) };
  },
  chooseRulesFolder: (a) => noArg('chooseRulesFolder', a),
  importTriageDocument: (a) => noArg('importTriageDocument', a),
  hashEvidenceFile: (a) => {
    const r = record('hashEvidenceFile', a);
    return { root: pathString('hashEvidenceFile', 'root', r.root), path: pathString('hashEvidenceFile', 'path', r.path) };
  },
  cancelJob: (a) => {
    const r = record('cancelJob', a);
    return { jobId: jobId('cancelJob', r.jobId) };
  },
  saveExport: (a) => {
    const r = record('saveExport', a);
    if (r.kind !== 'csv' && r.kind !== 'json') fail('saveExport', "kind must be 'csv' or 'json'");
    const suggestedName = boundedString('saveExport', 'suggestedName', r.suggestedName, 200);
    if (!SAFE_FILE_NAME.test(suggestedName)) fail('saveExport', 'suggestedName must be a plain file name');
    return { kind: r.kind, suggestedName, content: boundedString('saveExport', 'content', r.content, MAX_EXPORT_CHARS) };
  },
  saveReport: (a) => validateReportRequest(a),
  readEventPage: (a) => {
    const call = 'readEventPage';
    const r = record(call, a);
    const count = eventPlaceCount(call);
    return { ...eventPlace(call, r), limit: count('limit', r.limit, 1, MAX_EVENT_PAGE) };
  },
  readEventSource: (a) => {
    const call = 'readEventSource';
    const r = record(call, a);
    if (r.recordId !== null && (typeof r.recordId !== 'number' || !Number.isSafeInteger(r.recordId) || r.recordId < 0)) fail(call, 'recordId must be null or a non-negative integer');
    return { ...eventPlace(call, r), recordId: r.recordId as number | null };
  },
};

function eventPlaceCount(call: ApiCallName) {
  return (field: string, v: unknown, min: number, max: number): number => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) fail(call, `${field} must be an integer from ${min} to ${max}`);
    return v;
  };
}

/** A paged read's place in one evidence file: root, path, format, chunk range start and events to skip. */
function eventPlace(call: ApiCallName, r: Record<string, unknown>): { root: string; path: string; format: PagedFormat; chunkFrom: number; skip: number } {
  if (typeof r.format !== 'string' || !(PAGED_FORMATS as readonly string[]).includes(r.format)) fail(call, `format must be one of ${PAGED_FORMATS.join(', ')}`);
  const count = eventPlaceCount(call);
  return {
    root: pathString(call, 'root', r.root), path: pathString(call, 'path', r.path), format: r.format as PagedFormat,
    chunkFrom: count('chunkFrom', r.chunkFrom, 0, 2 ** 32), skip: count('skip', r.skip, 0, 2 ** 40),
  };
}

/** The report request carries the case the renderer holds: check its shape before rendering. */
export function validateReportRequest(a: unknown): ApiArg<'saveReport'> {
  const call = 'saveReport';
  const r = record(call, a);
  boundedString(call, 'caseName', r.caseName, 300);
  boundedString(call, 'analyst', r.analyst, 300);
  if (r.generatedAt !== undefined && (typeof r.generatedAt !== 'string' || Number.isNaN(Date.parse(r.generatedAt)))) fail(call, 'generatedAt must be an ISO date');
  const scan = record(call, r.scan);
  if (!Array.isArray(scan.evidence) || !Array.isArray(scan.findings) || !Array.isArray(scan.rules)) fail(call, 'scan must hold evidence, findings and rules arrays');
  if (typeof scan.root !== 'string' || typeof scan.fingerprint !== 'string') fail(call, 'scan must hold root and fingerprint');
  if (r.findingIds !== null && (!Array.isArray(r.findingIds) || !r.findingIds.every((x) => typeof x === 'string'))) fail(call, 'findingIds must be null or a list of ids');
  const ann = record(call, r.annotations);
  const badBookmarks = checkReportBookmarks(r.bookmarks);
  if (badBookmarks !== null) fail(call, badBookmarks);
  const tooBig = checkReportRequestSize(r);
  if (tooBig !== null) fail(call, `${tooBig.where} ${tooBig.what}: the report cannot take it`);
  for (const v of Object.values(ann)) {
    const o = record(call, v);
    if (typeof o.status !== 'string' || typeof o.note !== 'string') fail(call, 'each annotation needs a status and a note');
  }
  // Checks are made by the handler, never taken from the page.
  const { checks: _ignored, ...rest } = r;
  return rest as unknown as ApiArg<'saveReport'>;
}
