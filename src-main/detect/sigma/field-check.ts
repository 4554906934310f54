/**
 * One detection item, `Field|mod|mod: value(s)`, compiled into a test of an event view
 * (specification 2.x: a list of values is OR, `all` makes it AND; `null` matches a missing or
 * empty field; numbers and booleans match their text form; strings match case-insensitively
 * unless `cased`; `re` is case-sensitive unless `i`). Comparison (`lt`, `lte`, `gt`, `gte`),
 * `cidr`, `exists`, `fieldref`, `neq` and `expand` are the other modifiers handled here.
 */
import { cidrTest } from './cidr';
import { SigmaRuleError } from './errors';
import type { EventView } from './event-view';
import type { FieldAccess, FieldResolver } from './field-access';
import { literalEntryTest } from './literal-entry';
import { expandPlaceholders } from './placeholders';
import type { Placeholders } from './placeholders';
import { compileSigmaRegex, MAX_REGEX_INPUT } from './regex-guard';
import { isAnyWild, literalString, parseSigmaString } from './sigma-string';
import type { SigmaString } from './sigma-string';
import { MULTI_CONTAINS_MIN, multiContainsTest } from './multi-contains';
import { compileStringTest } from './string-matcher';
import type { StringTest } from './string-matcher';
import { applyTransform, TRANSFORM_MODIFIERS } from './value-transforms';
import type { ValueAlternatives } from './value-transforms';

export type EventTest = (view: EventView) => boolean;

const KNOWN = new Set([...TRANSFORM_MODIFIERS, 'all', 're', 'i', 'm', 's', 'cidr', 'exists', 'fieldref', 'lt', 'lte', 'gt', 'gte', 'neq', 'cased', 'expand']);
const COMPARE = new Set(['lt', 'lte', 'gt', 'gte']);

export interface CheckContext {
  fields: FieldResolver;
  placeholders: Placeholders;
  /**
   * Check only: every error the compile would throw is thrown, but the string matchers are not
   * built and the test returned never holds (detection.ts checks a rule at load and builds its
   * matcher when the rule first runs).
   */
  checkOnly?: boolean;
  /**
   * Build each map entry's test when it first runs (detection.ts buildDetectionTest: the detection
   * passed the check, so building cannot throw a rule error the load has not reported).
   */
  lazy?: boolean;
}

/** The test a check-only compile returns. */
const UNBUILT: EventTest = () => false;

type Scalar = string | number | boolean | null;

function scalarList(raw: unknown, where: string): Scalar[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw new SigmaRuleError('schema', `${where}: empty value list`);
  for (let i = 0; i < list.length; i++) {
    const v: unknown = list[i];
    if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new SigmaRuleError('schema', `${where}: values must be strings, numbers, booleans or null`);
  }
  return list as Scalar[];
}

/** Any value passing `test` (values lower-cased first unless cased). */
function anyValue(field: FieldAccess, cased: boolean, test: StringTest): EventTest {
  return (view) => {
    const vals = cased ? field.values(view) : field.lowerValues(view);
    if (vals === null) return false;
    for (let i = 0; i < vals.length; i++) if (test(vals[i]!)) return true;
    return false;
  };
}

/** Every test (`all`) or any one; loops, so a call allocates nothing. */
export function combine(tests: readonly EventTest[], all: boolean): EventTest {
  if (tests.length === 1) return tests[0]!;
  if (all) {
    return (v) => {
      for (let i = 0; i < tests.length; i++) if (!tests[i]!(v)) return false;
      return true;
    };
  }
  return (v) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(v)) return true;
    return false;
  };
}

function isEmpty(field: FieldAccess, view: EventView): boolean {
  const vals = field.values(view);
  if (vals === null) return true;
  for (let i = 0; i < vals.length; i++) if (vals[i] !== '') return false;
  return true;
}

function toNumber(s: string): number {
  const t = s.trim();
  if (/^-?0x[0-9a-f]+$/i.test(t)) return t.startsWith('-') ? -parseInt(t.slice(3), 16) : parseInt(t.slice(2), 16);
  return t === '' ? NaN : Number(t);
}

/**
 * Throws for an unknown modifier. Indexed loops here and below: a first pass builds thousands of
 * entries with this code before it is optimised, where a `for…of` allocates an iterator and a
 * result per step.
 */
function checkModifiers(modifiers: readonly string[], where: string): void {
  for (let i = 0; i < modifiers.length; i++) {
    const m = modifiers[i]!;
    if (!KNOWN.has(m)) throw new SigmaRuleError('unsupported-modifier', `${where}: unsupported modifier '${m}'`);
  }
}

/** Compiles `key: raw` where key is `Field|mods` (the field part may be empty for keyword modifiers). */
export function compileFieldCheck(field: FieldAccess | null, modifiers: string[], raw: unknown, ctx: CheckContext, where: string): EventTest {
  checkModifiers(modifiers, where);
  // Plain literals with contains/startswith/endswith/all/cased (most entries): one test, built directly.
  if (field && !ctx.checkOnly) {
    const t = literalEntryTest(field, modifiers, raw);
    if (t !== null) return t;
  }
  return compileGeneralFieldCheck(field, modifiers, raw, ctx, where);
}

/** compileFieldCheck without the plain-literal build (literal-entry.ts): every form, every error. */
export function compileGeneralFieldCheck(field: FieldAccess | null, modifiers: string[], raw: unknown, ctx: CheckContext, where: string): EventTest {
  checkModifiers(modifiers, where);
  const mods = new Set(modifiers);
  const all = mods.has('all');
  const cased = mods.has('cased');
  const values = scalarList(raw, where);
  const need = (): FieldAccess => {
    if (!field) throw new SigmaRuleError('unsupported-modifier', `${where}: ${modifiers.join('|')} needs a field`);
    return field;
  };

  if (mods.has('exists')) {
    const f = need();
    const want = values[0] === true || values[0] === 'true';
    if (values.length !== 1 || (values[0] !== true && values[0] !== false && values[0] !== 'true' && values[0] !== 'false')) throw new SigmaRuleError('schema', `${where}: exists takes true or false`);
    return (view) => (f.values(view) !== null) === want;
  }
  if (mods.has('re')) {
    const flags = { i: mods.has('i'), m: mods.has('m'), s: mods.has('s') };
    const res = values.map((v) => compileSigmaRegex(String(v), flags));
    const test = (re: RegExp): StringTest => (s) => re.test(s.length > MAX_REGEX_INPUT ? s.slice(0, MAX_REGEX_INPUT) : s);
    if (!field) return combine(res.map((re) => keywordTest(test(re), true)), all);
    return combine(res.map((re) => anyValue(field, true, test(re))), all);
  }
  if (mods.has('i') || mods.has('m') || mods.has('s')) throw new SigmaRuleError('unsupported-modifier', `${where}: i, m and s go with re`);
  if (mods.has('cidr')) {
    const f = need();
    return combine(values.map((v) => anyValue(f, true, cidrTest(String(v), where))), all);
  }
  const cmp = modifiers.filter((m) => COMPARE.has(m));
  if (cmp.length) {
    const f = need();
    const op = cmp[0]!;
    const tests = values.map((v) => {
      const n = typeof v === 'number' ? v : toNumber(String(v));
      if (!Number.isFinite(n)) throw new SigmaRuleError('schema', `${where}: ${op} needs a number`);
      const t: StringTest = (s) => {
        const x = toNumber(s);
        if (Number.isNaN(x)) return false;
        return op === 'lt' ? x < n : op === 'lte' ? x <= n : op === 'gt' ? x > n : x >= n;
      };
      return anyValue(f, true, t);
    });
    return combine(tests, all);
  }
  if (mods.has('fieldref')) {
    const f = need();
    const shape = mods.has('contains') ? 'contains' : mods.has('startswith') ? 'startswith' : mods.has('endswith') ? 'endswith' : 'equals';
    const tests = values.map((v): EventTest => {
      const other = ctx.fields(String(v));
      return (view) => {
        const mine = cased ? f.values(view) : f.lowerValues(view);
        const theirs = cased ? other.values(view) : other.lowerValues(view);
        if (mine === null || theirs === null) return false;
        return mine.some((a) => theirs.some((b) => (shape === 'contains' ? a.includes(b) : shape === 'startswith' ? a.startsWith(b) : shape === 'endswith' ? a.endsWith(b) : a === b)));
      };
    });
    return combine(tests, all);
  }

  // A long list of plain `contains` literals (hash lists: thousands): straight to the one-pass
  // test the general path below ends with, without compiling a test per value first.
  if (field && mods.has('contains') && modifiers.every((m) => m === 'contains' || m === 'cased') && values.length >= MULTI_CONTAINS_MIN && values.every(plainContainsValue)) {
    if (ctx.checkOnly) return UNBUILT;
    const lits = values as string[];
    return anyValue(field, cased, multiContainsTest(cased ? lits : lits.map((l) => l.toLowerCase())));
  }
  // String matching with the transforming modifiers, in the order written.
  const transforms = modifiers.filter((m) => TRANSFORM_MODIFIERS.has(m));
  // A keyword is searched anywhere in a value (full-text search), unless it says where.
  const keywordContains = !field && !transforms.some((m) => m === 'contains' || m === 'startswith' || m === 'endswith');
  const tests: EventTest[] = [];
  /** Each value's alternatives (null: a null value), in order: built below, once every value has passed its checks. */
  const valueAlts: (SigmaString[] | null)[] = [];
  let pureCount = 0;
  for (let vi = 0; vi < values.length; vi++) {
    const v = values[vi] as Scalar; // may be null (a null value)
    if (v === null) {
      if (!field) throw new SigmaRuleError('schema', `${where}: null keyword`);
      valueAlts.push(null);
      continue;
    }
    const texts = mods.has('expand') ? expandPlaceholders(String(v), ctx.placeholders, where) : [String(v)];
    let alts: ValueAlternatives = { alts: texts.map((t) => (typeof v === 'string' ? parseSigmaString(t) : literalString(t))), bytes: false };
    for (let i = 0; i < transforms.length; i++) alts = applyTransform(alts, transforms[i]!);
    if (keywordContains) alts = applyTransform(alts, 'contains');
    if (ctx.checkOnly) continue;
    if (!all) for (let i = 0; i < alts.alts.length; i++) if (pureContains(alts.alts[i]!) !== null) pureCount++;
    valueAlts.push(alts.alts);
  }
  if (ctx.checkOnly) {
    if (mods.has('neq')) need();
    return UNBUILT;
  }
  const anyOf = (t: StringTest): EventTest => (field ? anyValue(field, cased, t) : keywordTest(t, cased));
  const empty = (f: FieldAccess): EventTest => (view) => isEmpty(f, view);
  if (!all && pureCount >= MULTI_CONTAINS_MIN) {
    // Values ORed (no `all`), many of them plain `contains` literals: one scan of the value for
    // those (multi-contains.ts) instead of one test per literal, and the other alternatives
    // (wildcards, …) tested as usual: the same OR, built and run without a closure per literal.
    const lits: string[] = [];
    const others: StringTest[] = [];
    for (const list of valueAlts) {
      if (list === null) {
        tests.push(empty(field!));
        continue;
      }
      for (let i = 0; i < list.length; i++) {
        const lit = pureContains(list[i]!);
        if (lit !== null) lits.push(cased ? lit : lit.toLowerCase());
        else others.push(compileStringTest(list[i]!, cased));
      }
    }
    tests.push(anyOf(multiContainsTest(lits)));
    if (others.length > 0) tests.push(anyOf(anyString(others)));
  } else {
    for (const list of valueAlts) tests.push(list === null ? empty(field!) : anyOf(anyString(list.map((s) => compileStringTest(s, cased)))));
  }
  const t = combine(tests, all);
  if (mods.has('neq')) {
    const f = need();
    return (view) => f.values(view) !== null && !t(view);
  }
  return t;
}

/** Any of the string tests. */
function anyString(tests: StringTest[]): StringTest {
  if (tests.length === 1) return tests[0]!;
  return (s) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(s)) return true;
    return false;
  };
}

/** A value that reads as itself (no wildcard, no escape) and is not empty. */
function plainContainsValue(v: Scalar): boolean {
  return typeof v === 'string' && v !== '' && !/[*?]/.test(v) && !v.includes('\\\\');
}

/** The literal of a `*literal*` value (nothing else), or null. */
function pureContains(s: SigmaString): string | null {
  return s.length === 3 && typeof s[1] === 'string' && isAnyWild(s[0]) && isAnyWild(s[2]) ? s[1] : null;
}

/** A keyword: any value of the event passes. */
function keywordTest(test: StringTest, cased: boolean): EventTest {
  return (view) => {
    const vals = view.allValues(!cased);
    for (let i = 0; i < vals.length; i++) if (test(vals[i]!)) return true;
    return false;
  };
}
