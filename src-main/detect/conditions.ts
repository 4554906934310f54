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

function asText(v: Scalar | undefined): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : String(v);
}

/** A condition made ready to run: its values lower-cased and its patterns compiled once, not per event. */
export type CompiledCondition = (fields: FieldBag, intel: IntelLookup | undefined) => boolean;

const compiledConditions = new WeakMap<Condition, CompiledCondition>();

/**
 * The compiled form of `c` (made on first use and kept with the condition object: conditions are
 * data, never changed once evaluated). Same results as the op-by-op reading in the file header.
 */
export function compileCondition(c: Condition): CompiledCondition {
  let f = compiledConditions.get(c);
  if (!f) {
    f = compile(c);
    compiledConditions.set(c, f);
  }
  return f;
}

function compile(c: Condition): CompiledCondition {
  if ('all' in c) {
    const parts = c.all.map(compileCondition);
    return (fields, intel) => {
      for (const p of parts) if (!p(fields, intel)) return false;
      return true;
    };
  }
  if ('any' in c) {
    const parts = c.any.map(compileCondition);
    return (fields, intel) => {
      for (const p of parts) if (p(fields, intel)) return true;
      return false;
    };
  }
  if ('not' in c) {
    const inner = compileCondition(c.not);
    return (fields, intel) => !inner(fields, intel);
  }
  return compileField(c);
}

const NUMERIC: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  lt: (a, b) => a < b, lte: (a, b) => a <= b, gt: (a, b) => a > b, gte: (a, b) => a >= b,
};

function compileField(c: FieldCondition): CompiledCondition {
  const { field, op } = c;
  const cs = c.case_sensitive === true;
  if (op === 'exists') {
    const wantPresent = c.value !== false;
    return (fields) => {
      const a = fields[field];
      return (a !== null && a !== undefined && a !== '') === wantPresent;
    };
  }
  const values = Array.isArray(c.value) ? c.value : [c.value ?? null];
  const cmp = NUMERIC[op];
  if (cmp) {
    const nums = values.filter((v): v is number => typeof v === 'number');
    return (fields) => {
      const a = fields[field];
      if (typeof a !== 'number') return false;
      for (const n of nums) if (cmp(a, n)) return true;
      return false;
    };
  }
  // Text comparisons: an expected null matches nothing (asText), except `equals null` (missing).
  const texts = values.filter((v) => v !== null && !(op === 'equals' && typeof v !== 'string')).map((v) => asText(v)!);
  if (op === 'equals') {
    const exact = values.filter((v) => typeof v === 'boolean' || typeof v === 'number');
    const wantsMissing = values.includes(null);
    const lowered = cs ? texts : texts.map((t) => t.toLowerCase());
    return (fields) => {
      const a = fields[field];
      if (a === null || a === undefined) return wantsMissing;
      for (const x of exact) if (a === x) return true;
      if (lowered.length === 0) return false;
      const t = typeof a === 'string' ? a : String(a);
      const x = cs ? t : t.toLowerCase();
      for (const y of lowered) if (x === y) return true;
      return false;
    };
  }
  if (op === 'in_intel') {
    return (fields, intel) => {
      const a = asText(fields[field]);
      if (a === null || !intel) return false;
      for (const list of texts) if (intel(list, a)) return true;
      return false;
    };
  }
  if (op === 'regex' || op === 'wildcard') {
    // Made on first use, in order, as the op-by-op reading would (a bad pattern throws when reached).
    const res: (RegExp | undefined)[] = new Array(texts.length);
    return (fields) => {
      const a = asText(fields[field]);
      if (a === null) return false;
      for (let i = 0; i < texts.length; i++) {
        const re = res[i] ??= op === 'regex' ? new RegExp(texts[i]!, cs ? '' : 'i') : wildcardToRegExp(texts[i]!, cs);
        if (re.test(a)) return true;
      }
      return false;
    };
  }
  const lowered = cs ? texts : texts.map((t) => t.toLowerCase());
  const test = op === 'contains' ? (x: string, y: string) => x.includes(y)
    : op === 'startswith' ? (x: string, y: string) => x.startsWith(y)
    : op === 'endswith' ? (x: string, y: string) => x.endsWith(y)
    : () => false;
  return (fields) => {
    const a = asText(fields[field]);
    if (a === null) return false;
    const x = cs ? a : a.toLowerCase();
    for (const y of lowered) if (test(x, y)) return true;
    return false;
  };
}

export function evaluate(c: Condition, fields: FieldBag, intel?: IntelLookup): boolean {
  return compileCondition(c)(fields, intel);
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
