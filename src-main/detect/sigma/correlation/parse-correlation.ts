/**
 * Validates one parsed YAML document with a top-level `correlation:` key into a CorrelationRule
 * (Sigma correlation rules specification 2.1.0 and its JSON schema
 * `json-schema/sigma-correlation-rules-schema.json`). The document is untrusted: every problem is
 * a SigmaLoadError with a reason, never a throw.
 *
 * Mandatory per the spec: `title`, `correlation.type`, `correlation.rules`, `correlation.timespan`,
 * `correlation.condition` (except `temporal`/`temporal_ordered`). `group-by` is "mandatory" but
 * "optionally defines one or multiple fields" (and pySigma makes it optional): absent means one
 * group. The metric types of 2.1.0 (`value_sum`, `value_avg`, `value_percentile`) are refused as
 * `unsupported-correlation`.
 */
import type { SigmaLevel, SigmaLoadError } from '../types';
import { SIGMA_LEVELS } from '../types';
import type { CorrelationRule, CorrelationType } from './correlation-types';
import { CORRELATION_TYPES } from './correlation-types';
import { parseCondition } from './parse-condition';
import { clip, describe, parseTimespan } from './parse-timespan';

export type ParsedCorrelation = { ok: true; rule: CorrelationRule } | { ok: false; error: SigmaLoadError };

const METRIC_TYPES = ['value_sum', 'value_avg', 'value_percentile', 'value_median'];
const MAX_RULES = 64;
const MAX_GROUP_BY = 16;
const MAX_NAME = 256;
const MAX_TEXT = 65_535;
const MAX_LIST = 256;

class Invalid {
  constructor(readonly code: string, readonly reason: string) {}
}

/** `path`: the rule file relative to its set's root; `origin`: the set (`sigmahq` or the user's path). */
export function parseCorrelation(doc: unknown, path: string, origin = ''): ParsedCorrelation {
  const d = isMap(doc) ? doc : null;
  const id = d && typeof d.id === 'string' ? clip(d.id, MAX_NAME) : null;
  const title = d && typeof d.title === 'string' ? clip(d.title, MAX_NAME) : null;
  try {
    if (d === null) throw new Invalid('schema', `a correlation document must be a map, not ${describe(doc)}`);
    return { ok: true, rule: build(d, path, origin) };
  } catch (e) {
    const bad = e instanceof Invalid ? e : new Invalid('schema', `unreadable correlation document (${e instanceof Error ? e.message : String(e)})`);
    return { ok: false, error: { path, id, title, code: bad.code, reason: bad.reason } };
  }
}

function build(d: Record<string, unknown>, path: string, origin: string): CorrelationRule {
  const title = text(d, 'title', MAX_NAME, true)!;
  const c = d.correlation;
  if (!isMap(c)) throw new Invalid('schema', `correlation must be a map, not ${describe(c)}`);

  const rawType = c.type;
  if (typeof rawType !== 'string') throw new Invalid('schema', `correlation type is missing or not a string (${describe(rawType)})`);
  if (METRIC_TYPES.includes(rawType)) throw new Invalid('unsupported-correlation', `correlation type ${rawType} is not supported (event_count, value_count, temporal, temporal_ordered are)`);
  if (!(CORRELATION_TYPES as readonly string[]).includes(rawType)) throw new Invalid('schema', `unknown correlation type "${clip(rawType)}"`);
  const type = rawType as CorrelationType;

  const rules = stringList(c.rules, 'correlation rules', MAX_RULES, true);
  if (rules.length === 0) throw new Invalid('schema', 'correlation rules must name at least one rule');
  if (new Set(rules).size !== rules.length) throw new Invalid('schema', 'correlation rules name a rule twice');
  if ((type === 'temporal' || type === 'temporal_ordered') && rules.length < 2) throw new Invalid('schema', `a ${type} correlation needs at least two rules`);

  const groupBy = c['group-by'] === undefined || c['group-by'] === null ? [] : stringList(c['group-by'], 'group-by', MAX_GROUP_BY, true);
  if (new Set(groupBy).size !== groupBy.length) throw new Invalid('schema', 'group-by names a field twice');

  const ts = parseTimespan(c.timespan);
  if (!ts.ok) throw new Invalid('timespan', c.timespan === undefined ? 'correlation timespan is missing' : ts.reason);

  const cond = parseCondition(c.condition, type, rules.length);
  if (!cond.ok) throw new Invalid(cond.code, cond.reason);

  const generate = c.generate ?? d.generate ?? false;
  if (typeof generate !== 'boolean') throw new Invalid('schema', `generate must be true or false, not ${describe(generate)}`);

  const aliases = parseAliases(c.aliases, rules);

  for (const key of Object.keys(c)) {
    if (!['type', 'rules', 'group-by', 'timespan', 'condition', 'generate', 'aliases'].includes(key)) throw new Invalid('schema', `unknown correlation attribute "${clip(key)}"`);
  }

  return {
    id: text(d, 'id', MAX_NAME, false),
    name: text(d, 'name', MAX_NAME, false),
    title,
    level: level(d.level),
    status: text(d, 'status', MAX_NAME, false),
    author: text(d, 'author', MAX_TEXT, false),
    description: text(d, 'description', MAX_TEXT, false),
    date: dateText(d.date, 'date'),
    modified: dateText(d.modified, 'modified'),
    references: d.references == null ? [] : stringList(d.references, 'references', MAX_LIST, false),
    // A blank YAML list item (`- `) is null: dropped, as it says nothing.
    falsepositives: d.falsepositives == null ? [] : stringList(Array.isArray(d.falsepositives) ? d.falsepositives.filter((x) => x !== null) : d.falsepositives, 'falsepositives', MAX_LIST, false),
    tags: d.tags == null ? [] : stringList(d.tags, 'tags', MAX_LIST, false),
    path,
    origin,
    type,
    rules,
    groupBy,
    timespan: c.timespan as string,
    timespanMs: ts.ms,
    condition: cond.condition,
    generate,
    aliases,
  };
}

/** Spec "Field Name Aliases": `aliases: {<alias>: {<rule name>: <field in that rule's events>}}`. */
function parseAliases(raw: unknown, rules: string[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  if (raw === undefined || raw === null) return out;
  if (!isMap(raw)) throw new Invalid('schema', `aliases must be a map, not ${describe(raw)}`);
  for (const [alias, mapping] of Object.entries(raw)) {
    if (alias.length === 0 || alias.length > MAX_NAME) throw new Invalid('schema', 'alias names must be 1 to 256 characters');
    if (!isMap(mapping)) throw new Invalid('schema', `alias "${clip(alias)}" must map rule names to field names, not ${describe(mapping)}`);
    const m = new Map<string, string>();
    for (const [rule, field] of Object.entries(mapping)) {
      if (!rules.includes(rule)) throw new Invalid('schema', `alias "${clip(alias)}" names rule "${clip(rule)}", which the correlation does not reference`);
      if (typeof field !== 'string' || field.length === 0 || field.length > MAX_NAME) throw new Invalid('schema', `alias "${clip(alias)}" maps rule "${clip(rule)}" to ${describe(field)}, not a field name`);
      m.set(rule, field);
    }
    out.set(alias, m);
  }
  return out;
}

function text(d: Record<string, unknown>, key: string, max: number, required: boolean): string | null {
  const v = d[key];
  if (v === undefined || v === null) {
    if (required) throw new Invalid('schema', `${key} is missing`);
    return null;
  }
  if (typeof v !== 'string' || (required && v.trim() === '')) throw new Invalid('schema', `${key} must be a string, not ${describe(v)}`);
  if (v.length > max) throw new Invalid('schema', `${key} is longer than ${max} characters`);
  return v;
}

/** YAML reads an unquoted 2024-01-31 as a Date; both forms are accepted. */
function dateText(v: unknown, key: string): string | null {
  if (v === undefined || v === null) return null;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' && v.length <= 32) return v;
  throw new Invalid('schema', `${key} must be a date (YYYY-MM-DD), not ${describe(v)}`);
}

function level(v: unknown): SigmaLevel | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && (SIGMA_LEVELS as readonly string[]).includes(v)) return v as SigmaLevel;
  throw new Invalid('schema', `level must be one of ${SIGMA_LEVELS.join(', ')}, not ${describe(v)}`);
}

/** A string or a list of strings (pySigma also takes a single string for `rules` and `group-by`). */
function stringList(v: unknown, what: string, max: number, nonEmptyItems: boolean): string[] {
  const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : null;
  if (list === null) throw new Invalid('schema', `${what} must be a list of strings, not ${describe(v)}`);
  if (list.length > max) throw new Invalid('schema', `${what} lists more than ${max} items`);
  for (const item of list) {
    if (typeof item !== 'string' || (nonEmptyItems && item.length === 0) || item.length > MAX_TEXT) throw new Invalid('schema', `${what} must hold strings only, not ${describe(item)}`);
  }
  return list as string[];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
