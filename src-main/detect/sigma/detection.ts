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
import { compileFieldCheck } from './field-check';
import type { CheckContext, EventTest } from './field-check';

const MAX_ITEMS = 10_000;

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function compileMap(map: Record<string, unknown>, ctx: CheckContext, where: string, fieldsUsed: Set<string>): EventTest {
  const tests: EventTest[] = [];
  for (const [key, raw] of Object.entries(map)) {
    const [name, ...mods] = key.split('|');
    const field = name ? ctx.fields(name) : null;
    if (name) fieldsUsed.add(name);
    tests.push(compileFieldCheck(field, mods, raw, ctx, `${where}.${key}`));
  }
  if (tests.length === 0) throw new SigmaRuleError('schema', `${where}: empty selection`);
  if (tests.length === 1) return tests[0]!;
  return (v) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(v)) return false;
    return true;
  };
}

/** One search identifier's definition. */
function compileSearch(def: unknown, ctx: CheckContext, where: string, fieldsUsed: Set<string>): EventTest {
  if (isMap(def)) return compileMap(def, ctx, where, fieldsUsed);
  if (Array.isArray(def)) {
    if (def.length === 0) throw new SigmaRuleError('schema', `${where}: empty list`);
    if (def.length > MAX_ITEMS) throw new SigmaRuleError('too-complex', `${where}: more than ${MAX_ITEMS} items`);
    if (def.every(isMap)) {
      const tests = def.map((m, i) => compileMap(m, ctx, `${where}[${i}]`, fieldsUsed));
      return (v) => tests.some((t) => t(v));
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
    case 'and': {
      const ts = node.items.map((n) => compileNode(n, searches));
      return (v) => {
        for (let i = 0; i < ts.length; i++) if (!ts[i]!(v)) return false;
        return true;
      };
    }
    case 'or': {
      const ts = node.items.map((n) => compileNode(n, searches));
      return (v) => {
        for (let i = 0; i < ts.length; i++) if (ts[i]!(v)) return true;
        return false;
      };
    }
    case 'of': {
      const ts = node.names.map((n) => searches.get(n)!);
      if (node.count === 'all') return (v) => ts.every((t) => t(v));
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

/** Compiles a detection section: its search identifiers and its condition. */
export function compileDetection(detection: unknown, ctx: CheckContext, where = 'detection'): CompiledDetection {
  if (!isMap(detection)) throw new SigmaRuleError('schema', `${where} must be a map`);
  const cond = detection['condition'];
  if (cond === undefined) throw new SigmaRuleError('schema', `${where}.condition is missing`);
  const conds = Array.isArray(cond) ? cond : [cond];
  if (conds.length === 0 || !conds.every((c) => typeof c === 'string')) throw new SigmaRuleError('condition', `${where}.condition must be a string`);
  const fields = new Set<string>();
  const searches = new Map<string, EventTest>();
  for (const [name, def] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe') continue;
    searches.set(name, compileSearch(def, ctx, `${where}.${name}`, fields));
  }
  const ids = [...searches.keys()];
  const trees = (conds as string[]).map((c) => parseCondition(c, ids));
  const tests = trees.map((t) => compileNode(t, searches));
  const test: EventTest = tests.length === 1 ? tests[0]! : (v) => tests.some((t) => t(v));
  let eventIds: Set<number> | null = new Set();
  for (const t of trees) {
    const r = requiredEventIds(t, detection);
    if (!r) eventIds = null;
    else if (eventIds) for (const i of r) eventIds.add(i);
  }
  // Only the rules of a bucket that evidence reaches need their gate (rule-index.ts): most of a
  // load's gate work is never needed, so it is not done at load.
  let gate: RuleGate | null | undefined;
  let source: Record<string, unknown> | null = detection;
  const lazyGate = (): RuleGate | null => {
    if (gate === undefined) {
      gate = ruleGate(trees, source!, ctx.fields);
      source = null;
    }
    return gate;
  };
  return { test, fields, eventIds, gate: lazyGate };
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
