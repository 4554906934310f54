/**
 * Correlation `condition` (Sigma correlation rules specification 2.1.0, "Condition"): a map of
 * `gt`, `gte`, `lt`, `lte`, `eq`, `neq` to a count; several criteria in one map are joined by AND
 * ("101 to 200": `gt: 100, lte: 200`). `value_count` also names the counted `field` (a string, or
 * a list whose values are counted together). `temporal`/`temporal_ordered` may omit it: all their
 * rules must be seen (pySigma's default `gte: <number of rules>`).
 */
import type { CorrelationBound, CorrelationCondition, CorrelationOperator, CorrelationType } from './correlation-types';
import { CORRELATION_OPERATORS } from './correlation-types';
import { clip, describe } from './parse-timespan';

export type ConditionResult = { ok: true; condition: CorrelationCondition } | { ok: false; code: string; reason: string };

const MAX_FIELDS = 16;
const MAX_FIELD_LENGTH = 256;

export function parseCondition(value: unknown, type: CorrelationType, ruleCount: number): ConditionResult {
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  if (value === undefined || value === null) {
    if (temporal) return { ok: true, condition: { bounds: [{ op: 'gte', value: ruleCount }], field: null } };
    return fail('schema', `a ${type} correlation needs a condition`);
  }
  if (typeof value === 'string') return fail('unsupported-correlation', 'extended (string) correlation conditions are not part of the specification and are not supported');
  if (typeof value !== 'object' || Array.isArray(value)) return fail('schema', `condition must be a map, not ${describe(value)}`);
  const bounds: CorrelationBound[] = [];
  let field: string[] | null = null;
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'field') {
      const f = parseField(raw);
      if (typeof f === 'string') return fail('schema', f);
      field = f;
      continue;
    }
    if (!(CORRELATION_OPERATORS as readonly string[]).includes(key)) return fail('condition', `condition has an unknown criterion "${clip(key)}" (expected gt, gte, lt, lte, eq, neq${type === 'value_count' ? ', field' : ''})`);
    const n = count(raw);
    if (n === null) return fail('condition', `condition ${key} must be a whole number ≥ 0, not ${describe(raw)}`);
    bounds.push({ op: key as CorrelationOperator, value: n });
  }
  if (bounds.length === 0) return fail('condition', 'condition has no criterion (gt, gte, lt, lte, eq or neq)');
  if (type === 'value_count' && field === null) return fail('schema', 'a value_count condition needs the field whose values are counted');
  if (type !== 'value_count' && field !== null) return fail('schema', `a ${type} condition takes no field`);
  const condition = { bounds, field };
  const max = temporal ? ruleCount : 2 ** 31;
  if (!satisfiable(condition, max)) return fail('condition', `condition ${show(bounds)} can never hold`);
  if (type === 'temporal_ordered' && !allOrNothing(condition, ruleCount)) {
    return fail('unsupported-correlation', `temporal_ordered needs all ${ruleCount} rules in order; condition ${show(bounds)} asks for a partial sequence, which the specification does not define`);
  }
  return { ok: true, condition };
}

/** Does the count satisfy every bound? */
export function conditionHolds(condition: CorrelationCondition, n: number): boolean {
  for (const b of condition.bounds) {
    const v = b.value;
    const ok = b.op === 'gt' ? n > v : b.op === 'gte' ? n >= v : b.op === 'lt' ? n < v : b.op === 'lte' ? n <= v : b.op === 'eq' ? n === v : n !== v;
    if (!ok) return false;
  }
  return true;
}

function satisfiable(condition: CorrelationCondition, max: number): boolean {
  // Counts are ≥ 1 (a window holds at least one event); the bounds are AND-ed, so it is enough to
  // test 1, max and every bound value ± 1 in between.
  const probes = new Set<number>([1, max]);
  for (const b of condition.bounds) for (const p of [b.value - 1, b.value, b.value + 1]) if (p >= 1 && p <= max) probes.add(p);
  for (const p of probes) if (conditionHolds(condition, p)) return true;
  return false;
}

function allOrNothing(condition: CorrelationCondition, ruleCount: number): boolean {
  if (!conditionHolds(condition, ruleCount)) return false;
  for (let k = 1; k < ruleCount; k++) if (conditionHolds(condition, k)) return false;
  return true;
}

function count(raw: unknown): number | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[0-9]{1,10}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  return Number.isSafeInteger(n) && n >= 0 && n <= 2 ** 31 ? n : null;
}

function parseField(raw: unknown): string[] | string {
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : null;
  if (list === null || list.length === 0 || list.length > MAX_FIELDS) return `condition field must be a field name or a list of up to ${MAX_FIELDS}, not ${describe(raw)}`;
  for (const f of list) if (typeof f !== 'string' || f.length === 0 || f.length > MAX_FIELD_LENGTH) return `condition field names must be non-empty strings (≤ ${MAX_FIELD_LENGTH} characters), not ${describe(f)}`;
  if (new Set(list).size !== list.length) return 'condition field lists a field twice';
  return list as string[];
}

function show(bounds: CorrelationBound[]): string {
  return bounds.map((b) => `${b.op} ${b.value}`).join(' and ');
}

function fail(code: string, reason: string): ConditionResult {
  return { ok: false, code, reason };
}
