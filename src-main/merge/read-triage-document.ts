/**
 * One input of `npm run merge`: a triage document (the headless triage's `--json`, contract
 * shared/contracts/triage-output.schema.json, or an earlier merge's output). Documents come from
 * other laptops and are attacker-controlled: each is read whole only under a size cap, parsed,
 * and its shape checked field by field; anything else is refused with a reason naming the first
 * bad place (`findings[12].count must be a whole number ≥ 1`), and the merge goes on without it.
 *
 * Refused: not a regular file, more than MAX_DOCUMENT_BYTES, not JSON, not an evtx-triage document
 * (the app's findings export `kind: evtx-triage-findings` included: it carries no evidence), a
 * document written by a newer major version than this tool's, more than MAX_ITEMS evidence
 * entries or findings, and any required contract field missing or of the wrong type, including
 * `finding_id` (the merge key).
 */
import { lstat, readFile } from 'node:fs/promises';
import { FINDING_STATUSES, type FindingAnnotation } from '../shared/contract';
import { TOOL_NAME, TOOL_VERSION } from '../shared/tool-info';
import { evidenceViolation, findingViolation } from './contract-checks';

export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
const MAX_ITEMS = 1_000_000;
/** Matched events read per finding (the triage writes at most 1,000). */
const MAX_EVENTS_PER_FINDING = 10_000;
const FORMATS = new Set(['evtx', 'xml', 'json', 'jsonl', 'zip', 'unknown']);
const SHA256 = /^[0-9a-f]{64}$/;

export class MergeInputError extends Error {
  override readonly name = 'MergeInputError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** A finding's analyst state, as the app exports it (`triage`), with the document it came from once merged. */
export type SourcedAnnotation = FindingAnnotation & { source_document?: string };

export interface InputEvent { evidence: string; record_id: number | string; event_id?: number | null; time?: string | null; process_guid?: string | null }

export type InputFinding = Record<string, unknown> & {
  finding_id: string; rule_id: string; rule_name: string; mitre: string[]; risk_score: number; dest: string;
  count: number; firstTime: string; lastTime: string; suppressed: boolean;
  events?: InputEvent[]; events_truncated?: boolean; triage?: SourcedAnnotation; triage_conflicts?: SourcedAnnotation[];
};

type InputEvidence = Record<string, unknown> & { path: string; sha256: string; bytes: number; format: string };

export interface InputDocument {
  tool: { name: string; version: string };
  generated: string | null;
  evidence_root: string;
  fingerprint: string;
  evidence: InputEvidence[];
  findings: InputFinding[];
  rules: Record<string, unknown>[];
  ruleset: Record<string, unknown> | null;
  stats: Record<string, unknown> | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(where: string, what: string): never {
  throw new MergeInputError('schema', `${where} ${what}`);
}

function str(o: Obj, k: string, where: string): string {
  if (typeof o[k] !== 'string') bad(`${where}.${k}`, 'must be text');
  return o[k] as string;
}

function time(o: Obj, k: string, where: string): string {
  const v = str(o, k, where);
  if (Number.isNaN(Date.parse(v))) bad(`${where}.${k}`, 'must be an ISO-8601 time');
  return v;
}

function annotation(v: unknown, where: string): SourcedAnnotation {
  if (!isObj(v)) bad(where, 'must be an object');
  const status = str(v, 'status', where);
  if (!(FINDING_STATUSES as readonly string[]).includes(status)) bad(`${where}.status`, `must be one of ${FINDING_STATUSES.join(', ')}`);
  const at = typeof v.at === 'string' ? v.at : '';
  return {
    status: status as FindingAnnotation['status'], note: str(v, 'note', where), by: typeof v.by === 'string' ? v.by : '', at,
    ...(typeof v.source_document === 'string' ? { source_document: v.source_document } : {}),
  };
}

function checkEvidence(v: unknown, where: string): InputEvidence {
  if (!isObj(v)) bad(where, 'must be an object');
  str(v, 'path', where);
  if (!SHA256.test(str(v, 'sha256', where))) bad(`${where}.sha256`, 'must be 64 lower-case hex digits');
  if (!Number.isSafeInteger(v.bytes) || (v.bytes as number) < 0) bad(`${where}.bytes`, 'must be a whole number ≥ 0');
  if (!FORMATS.has(str(v, 'format', where))) bad(`${where}.format`, `must be one of ${[...FORMATS].join(', ')}`);
  const violation = evidenceViolation(v);
  if (violation !== null) bad(`${where}.${violation.split(' ')[0]}`, violation.slice(violation.indexOf(' ') + 1));
  return v as InputEvidence;
}

function checkFinding(v: unknown, where: string): InputFinding {
  if (!isObj(v)) bad(where, 'must be an object');
  for (const k of ['finding_id', 'rule_id', 'rule_name', 'dest']) str(v, k, where);
  if (v.finding_id === '') bad(`${where}.finding_id`, 'must not be empty');
  if (!Array.isArray(v.mitre) || !v.mitre.every((m) => typeof m === 'string')) bad(`${where}.mitre`, 'must be a list of technique ids');
  if (typeof v.risk_score !== 'number' || !(v.risk_score >= 0 && v.risk_score <= 100)) bad(`${where}.risk_score`, 'must be a number from 0 to 100');
  if (!Number.isSafeInteger(v.count) || (v.count as number) < 1) bad(`${where}.count`, 'must be a whole number ≥ 1');
  time(v, 'firstTime', where);
  time(v, 'lastTime', where);
  if (typeof v.suppressed !== 'boolean') bad(`${where}.suppressed`, 'must be true or false');
  if (!isObj(v.pivots) || !Array.isArray(v.pivots.dll_created_by) || !Array.isArray(v.pivots.dll_loaded_by)) bad(`${where}.pivots`, 'must hold dll_created_by and dll_loaded_by lists');
  if (v.events !== undefined) {
    if (!Array.isArray(v.events)) bad(`${where}.events`, 'must be a list');
    if (v.events.length > MAX_EVENTS_PER_FINDING) bad(`${where}.events`, `holds more than ${MAX_EVENTS_PER_FINDING} events`);
    v.events.forEach((e, i) => {
      const w = `${where}.events[${i}]`;
      if (!isObj(e)) bad(w, 'must be an object');
      str(e, 'evidence', w);
      if (!(typeof e.record_id === 'string' || Number.isSafeInteger(e.record_id))) bad(`${w}.record_id`, 'must be a whole number or text');
      if (e.time !== undefined && e.time !== null && typeof e.time !== 'string') bad(`${w}.time`, 'must be text or null');
    });
  }
  const violation = findingViolation(v);
  if (violation !== null) bad(`${where}.${violation.split(' ')[0]}`, violation.slice(violation.indexOf(' ') + 1));
  if (v.triage !== undefined) v.triage = annotation(v.triage, `${where}.triage`);
  if (v.triage_conflicts !== undefined) {
    if (!Array.isArray(v.triage_conflicts) || v.triage_conflicts.length > 1000) bad(`${where}.triage_conflicts`, 'must be a list of at most 1,000 annotations');
    v.triage_conflicts = v.triage_conflicts.map((a, i) => annotation(a, `${where}.triage_conflicts[${i}]`));
  }
  return v as InputFinding;
}

function list(doc: Obj, k: string): unknown[] {
  const v = doc[k];
  if (!Array.isArray(v)) bad(k, 'must be a list');
  if (v.length > MAX_ITEMS) throw new MergeInputError('too-large', `${k} holds ${v.length} items (at most ${MAX_ITEMS.toLocaleString('en')})`);
  return v;
}

/** Checks a parsed document; throws MergeInputError naming the first problem. */
function checkTriageDocument(json: unknown): InputDocument {
  if (!isObj(json)) throw new MergeInputError('not-triage', 'not a triage document (the top level is not a JSON object)');
  if (json.kind === 'evtx-triage-findings') throw new MergeInputError('not-triage', 'an app findings export, not a triage document (it lists no evidence): merge the JSON of `npm run triage -- DIR --json FILE`');
  if (!isObj(json.tool) || json.tool.name !== TOOL_NAME) throw new MergeInputError('not-triage', `not a triage document (tool.name is not ${TOOL_NAME})`);
  const version = typeof json.tool.version === 'string' ? json.tool.version : '';
  const major = /^(\d+)\.\d+/.exec(version);
  if (!major) throw new MergeInputError('version', `tool.version "${version.slice(0, 40)}" is not a version number`);
  const ours = Number(/^(\d+)/.exec(TOOL_VERSION)![1]);
  if (Number(major[1]) > ours) throw new MergeInputError('version', `written by ${TOOL_NAME} ${version.slice(0, 40)}, a newer major version than this one (${TOOL_VERSION}): merge it with that version`);
  const evidence = list(json, 'evidence').map((e, i) => checkEvidence(e, `evidence[${i}]`));
  const findings = list(json, 'findings').map((f, i) => checkFinding(f, `findings[${i}]`));
  const rules = json.rules === undefined ? [] : list(json, 'rules').filter(isObj);
  return {
    tool: { name: TOOL_NAME, version },
    generated: typeof json.generated === 'string' ? json.generated : null,
    evidence_root: typeof json.evidence_root === 'string' ? json.evidence_root : '',
    fingerprint: typeof json.fingerprint === 'string' ? json.fingerprint : '',
    evidence, findings, rules,
    ruleset: isObj(json.ruleset) ? json.ruleset : null,
    stats: isObj(json.stats) ? json.stats : null,
  };
}

/** Reads and checks one input file. */
export async function readTriageDocument(file: string): Promise<InputDocument> {
  const st = await lstat(file).catch((e: Error) => { throw new MergeInputError('io', `cannot be read (${e.message})`); });
  if (!st.isFile()) throw new MergeInputError('io', st.isDirectory() ? 'is a folder, not a triage document' : 'is not a regular file (links are not followed)');
  if (st.size > MAX_DOCUMENT_BYTES) throw new MergeInputError('too-large', `is ${st.size} bytes, over the ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB a triage document may have`);
  const text = await readFile(file, 'utf8').catch((e: Error) => { throw new MergeInputError('io', `cannot be read (${e.message})`); });
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new MergeInputError('json', `is not valid JSON (${(e as Error).message.slice(0, 200)})`);
  }
  return checkTriageDocument(json);
}
