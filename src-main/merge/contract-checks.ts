/**
 * The triage contract's constraints on a finding and an evidence entry
 * (shared/contracts/triage-output.schema.json), checked on each input so that the merged document,
 * which carries the inputs' fields on, validates too. A field the contract names must have its
 * type when present; required fields are checked by read-triage-document.ts.
 */
const TEXT = ['rule_id', 'rule_name', 'dest', 'process_guid', 'process_name', 'registry_path', 'registry_key_name', 'registry_value_name', 'registry_value_data', 'finding_id'];
const TEXT_OR_NULL = ['user', 'process_path', 'process', 'parent_process_name', 'clsid'];
const FLAGS = ['process_start_in_evidence', 'suppressed', 'events_truncated'];
const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];
const TECHNIQUE = /^T[0-9]{4}(\.[0-9]{3})?$/;
/** RFC 3339 date-time (JSON Schema `format: date-time`). */
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function isDateTime(v: unknown): v is string {
  return typeof v === 'string' && DATE_TIME.test(v) && !Number.isNaN(Date.parse(v));
}

/** The first contract violation of a finding (`where.field what`), or null. */
export function findingViolation(f: Obj): string | null {
  for (const k of TEXT) if (k in f && typeof f[k] !== 'string') return `${k} must be text`;
  for (const k of TEXT_OR_NULL) if (k in f && f[k] !== null && typeof f[k] !== 'string') return `${k} must be text or null`;
  for (const k of FLAGS) if (k in f && typeof f[k] !== 'boolean') return `${k} must be true or false`;
  if ('source' in f && f.source !== 'builtin' && f.source !== 'sigma') return 'source must be builtin or sigma';
  if ('level' in f && !LEVELS.includes(f.level as string)) return `level must be one of ${LEVELS.join(', ')}`;
  if (!Array.isArray(f.mitre) || !f.mitre.every((m) => typeof m === 'string' && TECHNIQUE.test(m))) return 'mitre must be a list of ATT&CK technique ids (T1234, T1234.001)';
  for (const k of ['firstTime', 'lastTime']) if (!isDateTime(f[k])) return `${k} must be an RFC 3339 date-time`;
  const pivots = f.pivots;
  if (!isObj(pivots)) return 'pivots must be an object';
  for (const k of ['dll_created_by', 'dll_loaded_by']) {
    const list = pivots[k];
    if (!Array.isArray(list)) return `pivots.${k} must be a list`;
    const i = list.findIndex((r) => !isObj(r) || typeof r.process_name !== 'string' || typeof r.process_guid !== 'string' || !isDateTime(r.time));
    if (i >= 0) return `pivots.${k}[${i}] must have process_name, process_guid and an RFC 3339 time`;
  }
  if ('events' in f) {
    if (!Array.isArray(f.events)) return 'events must be a list';
    const i = f.events.findIndex((e) => !isObj(e) || typeof e.evidence !== 'string' || !(typeof e.record_id === 'string' || Number.isSafeInteger(e.record_id))
      || ('event_id' in e && e.event_id !== null && !Number.isSafeInteger(e.event_id)) || ('time' in e && e.time !== null && typeof e.time !== 'string')
      || ('process_guid' in e && e.process_guid !== null && typeof e.process_guid !== 'string'));
    if (i >= 0) return `events[${i}] must have evidence, a whole-number or text record_id, and event_id, time, process_guid of their types`;
  }
  if ('sigma' in f) {
    const s = f.sigma;
    if (!isObj(s) || !['id', 'title', 'level', 'status'].every((k) => typeof s[k] === 'string')) return 'sigma must have id, title, level and status';
    for (const k of ['tags', 'references']) if (k in s && (!Array.isArray(s[k]) || !(s[k] as unknown[]).every((x) => typeof x === 'string'))) return `sigma.${k} must be a list of text`;
    if ('falsepositives' in s && (!Array.isArray(s.falsepositives) || !s.falsepositives.every((x) => x === null || typeof x === 'string'))) return 'sigma.falsepositives must be a list of text';
    if ('logsource' in s && !isObj(s.logsource)) return 'sigma.logsource must be an object';
    if ('author' in s && s.author !== null && typeof s.author !== 'string') return 'sigma.author must be text or null';
    if ('path' in s && typeof s.path !== 'string') return 'sigma.path must be text';
  }
  return null;
}

/** The first contract violation of an evidence entry beyond its required fields, or null. */
export function evidenceViolation(e: Obj): string | null {
  for (const k of ['records', 'errors']) if (k in e && (!Number.isSafeInteger(e[k]) || (e[k] as number) < 0)) return `${k} must be a whole number ≥ 0`;
  if ('warnings' in e && !Array.isArray(e.warnings)) return 'warnings must be a list';
  if ('error' in e && typeof e.error !== 'string') return 'error must be text';
  return null;
}
