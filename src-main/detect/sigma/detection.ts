/**
 * A rule's `detection` section compiled into one test (specification 2.x, "Detection"): each
 * search identifier is a map (fields ANDed), a list of maps (ORed), or a list of keywords
 * (searched in every value); a map key `|mods` with no field name is a keyword with modifiers.
 * The condition (a string, or a list of them: any) is parsed once and compiled into closures.
 */
import type { ConditionNode } from './condition';
import { parseCondition } from './condition';
import { SigmaRuleError } from './errors';
import { requiredEventIds } from './required-event-ids';
import { ruleGate } from './rule-gate';
import type { RuleGate } from './rule-gate';
import { combine, compileFieldCheck } from './field-check';
import type { CheckContext, EventTest } from './field-check';
import { directFields } from './field-access';
import type { FieldResolver } from './field-access';
import type { Placeholders } from './placeholders';

const MAX_ITEMS = 10_000;

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Entry tests built for checked detections, shared by every rule with the same entry read through
 * the same field resolver and placeholders (SigmaHQ rules repeat entries: `Image|endswith:
 * '\\rundll32.exe'`, `OriginalFileName: …`): each is built once, and its matchers, regexes and
 * closures exist once. A test only reads the view it is given, so sharing changes no answer.
 * Filed by the entry's key (`Field|mods`), then its value (valueKey). Bounded (rule files are
 * untrusted input): a key and value longer than `MAX_SHARED_KEY` are not shared, and past
 * `MAX_SHARED_ENTRIES` tests nothing new is kept.
 */
const sharedEntries = new WeakMap<FieldResolver, WeakMap<Placeholders, Map<string, Map<string, EventTest>>>>();
let sharedCount = 0;
const MAX_SHARED_ENTRIES = 100_000;
const MAX_SHARED_KEY = 4096;

/**
 * An entry value's sharing key, one per value: a string as itself (the commonest value: no JSON
 * written for it), anything else (and a string starting with NUL) as NUL and its JSON (so a
 * number and its text differ; JSON never starts with NUL); null when it cannot be written.
 */
function valueKey(raw: unknown): string | null {
  if (typeof raw === 'string' && raw.charCodeAt(0) !== 0) return raw;
  let json: string | undefined;
  try {
    json = JSON.stringify(raw);
  } catch {
    return null;
  }
  return json === undefined ? null : `\0${json}`;
}

/** Builds the test of one `Field|mods: values` entry (a function, not a closure made per entry asked for). */
function buildEntry(key: string, raw: unknown, ctx: CheckContext, where: string): EventTest {
  // split and slice, not `[name, ...mods]` (a rest pattern steps the array's iterator): one per entry built
  const parts = key.split('|');
  const name = parts[0];
  return compileFieldCheck(name ? ctx.fields(name) : null, parts.slice(1), raw, ctx, `${where}.${key}`);
}

/** The test of one `Field|mods: values` entry of a map (lazy builds of checked detections: shared). */
function compileEntry(key: string, raw: unknown, ctx: CheckContext, where: string): EventTest {
  // Only a lazy build (a checked detection: nothing left to throw) is shared; a check or a full
  // compile reports its own errors with its own rule's place.
  if (!ctx.lazy || ctx.checkOnly) return buildEntry(key, raw, ctx, where);
  const v = valueKey(raw);
  if (v === null || key.length + v.length >= MAX_SHARED_KEY) return buildEntry(key, raw, ctx, where);
  let byPlaceholders = sharedEntries.get(ctx.fields);
  if (byPlaceholders === undefined) sharedEntries.set(ctx.fields, (byPlaceholders = new WeakMap()));
  let byKey = byPlaceholders.get(ctx.placeholders);
  if (byKey === undefined) byPlaceholders.set(ctx.placeholders, (byKey = new Map()));
  let byValue = byKey.get(key);
  let t = byValue?.get(v);
  if (t === undefined) {
    t = buildEntry(key, raw, ctx, where);
    if (sharedCount < MAX_SHARED_ENTRIES) {
      if (byValue === undefined) byKey.set(key, (byValue = new Map()));
      byValue.set(v, t);
      sharedCount++;
    }
  }
  return t;
}

/** `fieldsUsed`: where to add the field names read (null: a lazy build, which needs none). */
function compileMap(map: Record<string, unknown>, ctx: CheckContext, where: string, fieldsUsed: Set<string> | null): EventTest {
  const keys = Object.keys(map);
  if (keys.length === 0) throw new SigmaRuleError('schema', `${where}: empty selection`);
  if (fieldsUsed !== null) {
    for (const key of keys) {
      const name = key.split('|', 1)[0];
      if (name) fieldsUsed.add(name);
    }
  }
  if (!ctx.lazy) return combine(keys.map((key) => compileEntry(key, map[key], ctx, where)), true);
  // Each entry's test is built the first time the map reaches it (an entry after one that fails
  // on every event so far is never built), then takes its place.
  if (keys.length === 1) {
    let t: EventTest | null = null;
    return (v) => (t ??= compileEntry(keys[0]!, map[keys[0]!], ctx, where))(v);
  }
  const tests: EventTest[] = keys.map((key, i) => (v) => (tests[i] = compileEntry(key, map[key], ctx, where))(v));
  return combine(tests, true);
}

/** One search identifier's definition. */
function compileSearch(def: unknown, ctx: CheckContext, where: string, fieldsUsed: Set<string> | null): EventTest {
  if (isMap(def)) return compileMap(def, ctx, where, fieldsUsed);
  if (Array.isArray(def)) {
    if (def.length === 0) throw new SigmaRuleError('schema', `${where}: empty list`);
    if (def.length > MAX_ITEMS) throw new SigmaRuleError('too-complex', `${where}: more than ${MAX_ITEMS} items`);
    if (def.every(isMap)) {
      return combine(def.map((m, i) => compileMap(m, ctx, `${where}[${i}]`, fieldsUsed)), false);
    }
    if (def.some(isMap) || def.some(Array.isArray)) throw new SigmaRuleError('schema', `${where}: a list mixes maps and keywords`);
    return compileFieldCheck(null, [], def, ctx, where);
  }
  if (typeof def === 'string' || typeof def === 'number') return compileFieldCheck(null, [], def, ctx, where);
  throw new SigmaRuleError('schema', `${where}: a search identifier must be a map, a list or a keyword`);
}

function compileNode(node: ConditionNode, searches: Map<string, EventTest>): EventTest {
  switch (node.kind) {
    case 'ref':
      return searches.get(node.name)!;
    case 'not': {
      const t = compileNode(node.item, searches);
      return (v) => !t(v);
    }
    case 'and':
      return combine(node.items.map((n) => compileNode(n, searches)), true);
    case 'or':
      return combine(node.items.map((n) => compileNode(n, searches)), false);
    case 'of': {
      const ts = node.names.map((n) => searches.get(n)!);
      if (node.count === 'all') return combine(ts, true);
      const need = node.count;
      return (v) => {
        let n = 0;
        for (let i = 0; i < ts.length; i++) if (ts[i]!(v) && ++n >= need) return true;
        return false;
      };
    }
  }
}

export interface CompiledDetection {
  test: EventTest;
  /** Field names the rule reads (to decide whether a field mapping can serve it). */
  fields: Set<string>;
  /** The only EventIDs the condition can match (null: any). */
  eventIds: Set<number> | null;
  /** A cheap necessary condition for the index (null: none found), worked out on first use and kept. */
  gate: () => RuleGate | null;
}

/** A detection section checked (every compile error thrown) but whose matcher is not built yet. */
export interface CheckedDetection {
  /** The section (a map: the check says so). */
  detection: Record<string, unknown>;
  /** Its conditions, parsed. */
  trees: ConditionNode[];
  /** Field names the rule reads (to decide whether a field mapping can serve it). */
  fields: Set<string>;
  /** The only EventIDs the condition can match (null: any). */
  eventIds: Set<number> | null;
  where: string;
}

/** What a lazy build's compileSearches gives as its fields (it reads none: never added to). */
const NO_FIELDS = new Set<string>();

/** The section's search identifiers compiled (check-only: placeholder tests), and the field names they read (a lazy build: none, empty). */
function compileSearches(detection: Record<string, unknown>, ctx: CheckContext, where: string): { searches: Map<string, EventTest>; fields: Set<string> } {
  const used = ctx.lazy ? null : new Set<string>();
  const fields = used ?? NO_FIELDS;
  const searches = new Map<string, EventTest>();
  const names = Object.keys(detection);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (name === 'condition' || name === 'timeframe') continue;
    searches.set(name, compileSearch(detection[name], ctx, `${where}.${name}`, used));
  }
  return { searches, fields };
}

/** The section compiled (or checked), its conditions parsed. */
function searchesOf(detection: unknown, ctx: CheckContext, where: string): { detection: Record<string, unknown>; searches: Map<string, EventTest>; trees: ConditionNode[]; fields: Set<string> } {
  if (!isMap(detection)) throw new SigmaRuleError('schema', `${where} must be a map`);
  const cond = detection['condition'];
  if (cond === undefined) throw new SigmaRuleError('schema', `${where}.condition is missing`);
  const conds = Array.isArray(cond) ? cond : [cond];
  if (conds.length === 0 || !conds.every((c) => typeof c === 'string')) throw new SigmaRuleError('condition', `${where}.condition must be a string`);
  const { searches, fields } = compileSearches(detection, ctx, where);
  const ids = [...searches.keys()];
  const trees = (conds as string[]).map((c) => parseCondition(c, ids));
  return { detection, searches, trees, fields };
}

function eventIdsOf(trees: ConditionNode[], detection: Record<string, unknown>): Set<number> | null {
  let eventIds: Set<number> | null = new Set();
  for (const t of trees) {
    const r = requiredEventIds(t, detection);
    if (!r) eventIds = null;
    else if (eventIds) for (const i of r) eventIds.add(i);
  }
  return eventIds;
}

function testOf(trees: ConditionNode[], searches: Map<string, EventTest>): EventTest {
  return combine(trees.map((t) => compileNode(t, searches)), false);
}

/**
 * The gate of a detection, worked out on first use and kept: only the rules of a bucket that
 * evidence reaches need theirs (rule-index.ts), so most of a load's gate work is never done.
 */
export function lazyGate(trees: ConditionNode[], detection: Record<string, unknown>, fields: FieldResolver): () => RuleGate | null {
  let gate: RuleGate | null | undefined;
  let source: Record<string, unknown> | null = detection;
  return (): RuleGate | null => {
    if (gate === undefined) {
      gate = ruleGate(trees, source!, fields);
      source = null;
    }
    return gate;
  };
}

/** Compiles a detection section: its search identifiers and its condition. */
export function compileDetection(detection: unknown, ctx: CheckContext, where = 'detection'): CompiledDetection {
  const s = searchesOf(detection, { ...ctx, checkOnly: false }, where);
  return { test: testOf(s.trees, s.searches), fields: s.fields, eventIds: eventIdsOf(s.trees, s.detection), gate: lazyGate(s.trees, s.detection, ctx.fields) };
}

/** The check reads no field: one access for every name (no allocation per entry). */
const CHECK_FIELD = directFields('');
const checkFields: FieldResolver = () => CHECK_FIELD;

/**
 * Checks a detection section exactly as compileDetection compiles it (the same code, so the same
 * errors), without building its matchers: a rule set's load checks every rule, and a rule's
 * matcher is built by buildDetectionTest when the rule first runs (most never do on a case).
 * Field resolvers never throw, so the check holds for every logsource variant.
 */
export function checkDetection(detection: unknown, placeholders: Placeholders, where = 'detection'): CheckedDetection {
  const s = searchesOf(detection, { fields: checkFields, placeholders, checkOnly: true }, where);
  return { detection: s.detection, trees: s.trees, fields: s.fields, eventIds: eventIdsOf(s.trees, s.detection), where };
}

/**
 * A detection section known to pass checkDetection (the bundled set's load cache, precheck.ts
 * says so for its content): the same result without compiling its searches. Only the condition
 * is parsed (its search identifiers are the section's keys, as the check reads them).
 */
export function assumeChecked(detection: Record<string, unknown>, where = 'detection'): CheckedDetection {
  const { trees } = assumeCheckedTrees(detection, where);
  return { detection, trees, fields: detectionFields(detection), eventIds: eventIdsOf(trees, detection), where };
}

/** What buildDetectionTest needs of a detection known to pass the check: its conditions parsed. */
export function assumeCheckedTrees(detection: Record<string, unknown>, where = 'detection'): Pick<CheckedDetection, 'detection' | 'trees' | 'where'> {
  const cond = detection['condition'];
  const conds = (Array.isArray(cond) ? cond : [cond]) as string[];
  const ids = Object.keys(detection).filter((k) => k !== 'condition' && k !== 'timeframe');
  return { detection, trees: conds.map((c) => parseCondition(c, ids)), where };
}

/** The matcher of a checked detection, read through `ctx.fields`. */
export function buildDetectionTest(checked: Pick<CheckedDetection, 'detection' | 'trees' | 'where'>, ctx: CheckContext): EventTest {
  return testOf(checked.trees, compileSearches(checked.detection, { ...ctx, checkOnly: false, lazy: true }, checked.where).searches);
}

/** The field names a detection section reads (its map keys), without compiling it. */
export function detectionFields(detection: unknown): Set<string> {
  const out = new Set<string>();
  const visit = (def: unknown): void => {
    if (Array.isArray(def)) def.forEach(visit);
    else if (isMap(def)) for (const k of Object.keys(def)) {
      const name = k.split('|')[0];
      if (name) out.add(name);
    }
  };
  if (isMap(detection)) for (const [k, v] of Object.entries(detection)) if (k !== 'condition' && k !== 'timeframe') visit(v);
  return out;
}
