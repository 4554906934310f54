/**
 * Field conditions: the small matching language of rules, risk modifiers and suppressions.
 * Rules are data (JSON); this is the code that evaluates them. Conditions only ever name CIM
 * fields (and the derived fields documented in registry-facts.ts / detection-session.ts), never a
 * source format's field names. String comparisons are case-insensitive unless `case_sensitive`.
 *
 *   { "field": "process_name", "op": "equals", "value": ["reg.exe", "regsvr32.exe"] }   any-of
 *   { "all": [ … ] }   { "any": [ … ] }   { "not": { … } }
 */
export type Scalar = string | number | boolean | null;
export type FieldBag = Readonly<Record<string, Scalar | undefined>>;

const OPS = ['equals', 'wildcard', 'contains', 'startswith', 'endswith', 'regex', 'exists', 'lt', 'lte', 'gt', 'gte', 'in_intel'] as const;
type Op = (typeof OPS)[number];

export interface FieldCondition {
  field: string;
  op: Op;
  /** One value or a list (any-of). `in_intel`: the name of an intel list. `exists`: true/false. */
  value?: Scalar | Scalar[];
  case_sensitive?: boolean;
}
interface AllCondition { all: Condition[] }
interface AnyCondition { any: Condition[] }
interface NotCondition { not: Condition }
export type Condition = FieldCondition | AllCondition | AnyCondition | NotCondition;

/** Lookup of intel lists by name (`in_intel`): returns true when the value is in the list. */
export type IntelLookup = (list: string, value: string) => boolean;

export class ConditionError extends Error {
  constructor(message: string, readonly where: string) {
    super(`${where}: ${message}`);
    this.name = 'ConditionError';
  }
}

const wildcardCache = new Map<string, RegExp>();
const regexCache = new Map<string, RegExp>();

/** `*` any run of characters, `?` one character; anchored. */
export function wildcardToRegExp(pattern: string, caseSensitive = false): RegExp {
  const key = `${caseSensitive ? 's' : 'i'}:${pattern}`;
  let re = wildcardCache.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
    re = new RegExp(`^${body}$`, caseSensitive ? '' : 'i');
    if (wildcardCache.size > 10_000) wildcardCache.clear();
    wildcardCache.set(key, re);
  }
  return re;
}

function regexOf(pattern: string, caseSensitive: boolean): RegExp {
  const key = `${caseSensitive ? 's' : 'i'}:${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    re = new RegExp(pattern, caseSensitive ? '' : 'i');
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

function asText(v: Scalar | undefined): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : String(v);
}

function matchOne(op: Op, actual: Scalar | undefined, expected: Scalar, cs: boolean, intel: IntelLookup | undefined): boolean {
  if (op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte') {
    if (typeof actual !== 'number' || typeof expected !== 'number') return false;
    return op === 'lt' ? actual < expected : op === 'lte' ? actual <= expected : op === 'gt' ? actual > expected : actual >= expected;
  }
  if (op === 'equals' && (typeof expected === 'boolean' || typeof expected === 'number' || expected === null)) {
    if (expected === null) return actual === null || actual === undefined;
    return actual === expected;
  }
  const a = asText(actual);
  const e = asText(expected);
  if (a === null || e === null) return false;
  if (op === 'in_intel') return intel ? intel(e, a) : false;
  if (op === 'regex') return regexOf(e, cs).test(a);
  if (op === 'wildcard') return wildcardToRegExp(e, cs).test(a);
  const x = cs ? a : a.toLowerCase();
  const y = cs ? e : e.toLowerCase();
  switch (op) {
    case 'equals': return x === y;
    case 'contains': return x.includes(y);
    case 'startswith': return x.startsWith(y);
    case 'endswith': return x.endsWith(y);
    default: return false;
  }
}

export function evaluate(c: Condition, fields: FieldBag, intel?: IntelLookup): boolean {
  if ('all' in c) return c.all.every((x) => evaluate(x, fields, intel));
  if ('any' in c) return c.any.some((x) => evaluate(x, fields, intel));
  if ('not' in c) return !evaluate(c.not, fields, intel);
  const actual = fields[c.field];
  if (c.op === 'exists') {
    const present = actual !== null && actual !== undefined && actual !== '';
    return c.value === false ? !present : present;
  }
  const cs = c.case_sensitive === true;
  const values = Array.isArray(c.value) ? c.value : [c.value ?? null];
  return values.some((v) => matchOne(c.op, actual, v, cs, intel));
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * Validates untrusted JSON as a Condition (shape, ops, regex syntax, known fields when given,
 * known intel lists when given). Throws ConditionError naming where.
 */
export function parseCondition(v: unknown, where: string, knownFields?: ReadonlySet<string>, intelLists?: ReadonlySet<string>, depth = 0): Condition {
  if (depth > 16) throw new ConditionError('conditions nested too deeply', where);
  if (!isObj(v)) throw new ConditionError('a condition must be an object', where);
  const keys = Object.keys(v);
  if ('all' in v || 'any' in v) {
    const k = 'all' in v ? 'all' : 'any';
    if (keys.length !== 1) throw new ConditionError(`"${k}" must be the only key`, where);
    const list = v[k];
    if (!Array.isArray(list) || list.length === 0) throw new ConditionError(`"${k}" must be a non-empty array`, where);
    const parsed = list.map((x, i) => parseCondition(x, `${where}.${k}[${i}]`, knownFields, intelLists, depth + 1));
    return k === 'all' ? { all: parsed } : { any: parsed };
  }
  if ('not' in v) {
    if (keys.length !== 1) throw new ConditionError('"not" must be the only key', where);
    return { not: parseCondition(v['not'], `${where}.not`, knownFields, intelLists, depth + 1) };
  }
  for (const k of keys) if (!['field', 'op', 'value', 'case_sensitive'].includes(k)) throw new ConditionError(`unknown key "${k}"`, where);
  const field = v['field'];
  const op = v['op'];
  if (typeof field !== 'string' || field === '') throw new ConditionError('"field" must be a non-empty string', where);
  if (knownFields && !knownFields.has(field)) throw new ConditionError(`unknown field "${field}" (conditions use CIM and derived field names only)`, where);
  if (typeof op !== 'string' || !(OPS as readonly string[]).includes(op)) throw new ConditionError(`"op" must be one of ${OPS.join(', ')}`, where);
  const value = v['value'];
  if (op !== 'exists' && value === undefined) throw new ConditionError('"value" is required', where);
  if (value !== undefined && !isScalar(value) && !(Array.isArray(value) && value.length > 0 && value.every(isScalar))) {
    throw new ConditionError('"value" must be a scalar or a non-empty array of scalars', where);
  }
  const list = Array.isArray(value) ? value : [value];
  if (op === 'regex') {
    for (const r of list) {
      if (typeof r !== 'string') throw new ConditionError('regex values must be strings', where);
      try { new RegExp(r); } catch (e) { throw new ConditionError(`bad regex: ${(e as Error).message}`, where); }
    }
  }
  if (op === 'in_intel') {
    for (const r of list) {
      if (typeof r !== 'string') throw new ConditionError('in_intel values must name intel lists', where);
      if (intelLists && !intelLists.has(r)) throw new ConditionError(`unknown intel list "${r}"`, where);
    }
  }
  if (['lt', 'lte', 'gt', 'gte'].includes(op) && !list.every((x) => typeof x === 'number')) throw new ConditionError(`"${op}" needs numbers`, where);
  const cs = v['case_sensitive'];
  if (cs !== undefined && typeof cs !== 'boolean') throw new ConditionError('"case_sensitive" must be a boolean', where);
  const out: FieldCondition = { field, op: op as Op };
  if (value !== undefined) out.value = value as Scalar | Scalar[];
  if (cs !== undefined) out.case_sensitive = cs;
  return out;
}

/** Fills `$field$` placeholders (Splunk style) from a field bag; unknown or null fields become `unknown`. */
export function fillTemplate(template: string, fields: FieldBag): string {
  return template.replace(/\$([A-Za-z_][A-Za-z0-9_.]*)\$/g, (_m, name: string) => {
    const v = fields[name];
    return v === null || v === undefined || v === '' ? 'unknown' : String(v);
  });
}
