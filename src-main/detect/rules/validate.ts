/** Validation of rule files: shape, ids, ATT&CK ids, risk arithmetic, conditions over known fields. */
import { ConditionError, parseCondition } from '../conditions';
import { EVENT_FIELDS, FINDING_FIELDS } from '../fields';
import type { Rule, RuleReference, RiskModifier } from './types';

export class RuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleError';
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const MITRE_RE = /^T[0-9]{4}(\.[0-9]{3})?$/;
const KNOWN_KEYS = new Set(['$schema', 'id', 'name', 'description', 'mitre', 'risk', 'risk_floor', 'message', 'false_positives', 'references',
  'default_value_spellings', 'event', 'match', 'group_by', 'risk_modifiers', 'based_on', 'notes', 'author', 'date', 'status']);

function strList(v: unknown, where: string, nonEmpty = false): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string') || (nonEmpty && v.length === 0)) {
    throw new RuleError(`${where} must be ${nonEmpty ? 'a non-empty' : 'an'} array of strings`);
  }
  return v as string[];
}

function refs(v: unknown, where: string): RuleReference[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new RuleError(`${where} must be an array`);
  return v.map((r, i) => {
    if (typeof r === 'string') return { url: r };
    if (isObj(r) && typeof r['url'] === 'string') return typeof r['title'] === 'string' ? { title: r['title'], url: r['url'] } : { url: r['url'] };
    throw new RuleError(`${where}[${i}] must be a URL or {title, url}`);
  });
}

/** Validates one rule's JSON. `intelLists`: names the rule may use with `in_intel`. */
export function parseRule(json: unknown, where: string, intelLists?: ReadonlySet<string>): Rule {
  try {
    return parseRuleInner(json, where, intelLists);
  } catch (e) {
    if (e instanceof ConditionError) throw new RuleError(e.message);
    throw e;
  }
}

function parseRuleInner(json: unknown, where: string, intelLists?: ReadonlySet<string>): Rule {
  if (!isObj(json)) throw new RuleError(`${where}: a rule is a JSON object`);
  for (const k of Object.keys(json)) if (!KNOWN_KEYS.has(k)) throw new RuleError(`${where}: unknown key "${k}"`);
  const s = (k: string): string => {
    const v = json[k];
    if (typeof v !== 'string' || v.trim() === '') throw new RuleError(`${where}: "${k}" must be a non-empty string`);
    return v;
  };
  const id = s('id');
  const name = s('name');
  const description = s('description');
  const message = s('message');
  const mitre = strList(json['mitre'], `${where}: "mitre"`, true);
  for (const t of mitre) if (!MITRE_RE.test(t)) throw new RuleError(`${where}: "${t}" is not an ATT&CK technique id`);
  const risk = json['risk'];
  if (!isObj(risk)) throw new RuleError(`${where}: "risk" must be {impact, confidence, score}`);
  const num = (k: string) => {
    const v = risk[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) throw new RuleError(`${where}: risk.${k} must be a number in 0..100`);
    return v;
  };
  const impact = num('impact');
  const confidence = num('confidence');
  const score = num('score');
  if (Math.round((impact * confidence) / 100) !== score) throw new RuleError(`${where}: risk.score must be round(impact × confidence / 100) = ${Math.round((impact * confidence) / 100)}`);
  const floor = json['risk_floor'] === undefined ? 1 : json['risk_floor'];
  if (typeof floor !== 'number' || floor < 0 || floor > 100) throw new RuleError(`${where}: "risk_floor" must be a number in 0..100`);
  const fps = strList(json['false_positives'], `${where}: "false_positives"`, true);
  const spellings = json['default_value_spellings'] === undefined ? [] : strList(json['default_value_spellings'], `${where}: "default_value_spellings"`);
  if (json['event'] !== 'registry') throw new RuleError(`${where}: "event" must be "registry"`);
  const match = parseCondition(json['match'], `${where}: match`, EVENT_FIELDS, intelLists);
  const groupBy = strList(json['group_by'], `${where}: "group_by"`, true);
  for (const g of groupBy) if (!FINDING_FIELDS.has(g)) throw new RuleError(`${where}: group_by field "${g}" is unknown`);
  const mods = json['risk_modifiers'] === undefined ? [] : json['risk_modifiers'];
  if (!Array.isArray(mods)) throw new RuleError(`${where}: "risk_modifiers" must be an array`);
  const modifiers: RiskModifier[] = mods.map((m, i) => {
    const w = `${where}: risk_modifiers[${i}]`;
    if (!isObj(m)) throw new RuleError(`${w} must be an object`);
    if (typeof m['id'] !== 'string' || typeof m['reason'] !== 'string' || typeof m['delta'] !== 'number') {
      throw new RuleError(`${w} needs id (string), delta (number) and reason (string)`);
    }
    return { id: m['id'], delta: m['delta'], reason: m['reason'], when: parseCondition(m['when'], `${w}.when`, FINDING_FIELDS, intelLists) };
  });
  const notes = json['notes'] === undefined ? [] : strList(json['notes'], `${where}: "notes"`);
  return {
    id, name, description, mitre, risk: { impact, confidence, score }, risk_floor: floor, message,
    false_positives: fps, references: refs(json['references'], `${where}: references`),
    default_value_spellings: spellings, event: 'registry', match, group_by: groupBy, risk_modifiers: modifiers,
    based_on: refs(json['based_on'], `${where}: based_on`), notes,
  };
}
