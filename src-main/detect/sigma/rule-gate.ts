/**
 * A rule's gate: a cheap necessary condition read from its detection, so the index can skip most
 * rules of a busy (channel, EventID) without running them. When the condition requires a search
 * identifier whose map needs a field to end with `\name` (`Image|endswith: '\cmd.exe'`), to equal
 * a plain value (`OriginalFileName: 'Cmd.Exe'`), or to contain a literal (the longest literal run
 * of every alternative the value's modifiers make: `contains`, `windash`, `base64offset`, … ; or
 * the necessary literal of a `re`, regex-literal.ts), the rule can only match an event whose field
 * gives one of those keys (`\`-basename, whole value, or substring; lower-cased). Keywords,
 * derived fields, `cidr`, comparisons, `neq`, `exists`, `fieldref` and `expand` give no gate.
 */
import { isGuid, normaliseGuid } from '../../model/guid';
import type { ConditionNode } from './condition';
import type { FieldResolver } from './field-access';
import { regexLiteral } from './regex-literal';
import { literalString, parseSigmaString } from './sigma-string';
import type { SigmaString } from './sigma-string';
import { applyTransform, TRANSFORM_MODIFIERS } from './value-transforms';
import type { ValueAlternatives } from './value-transforms';

export type GateKind = 'base' | 'eq' | 'sub';

/** One key: the rule can match only when the field `source` gives `lit` (its whole value, `\`-basename or a substring, lower-cased). */
interface GateKey {
  kind: GateKind;
  source: string;
  lit: string;
}

export interface RuleGate {
  /** Any one of them is necessary. */
  keys: GateKey[];
  /** How selective the gate is (higher: fewer events pass): whole values beat literals, long literals short ones. */
  score: number;
}

const SKIP = new Set(['EventID', 'Channel', 'Provider_Name', 'Computer']);
/** A substring key needs two units (SubstringFinder); whole values and basenames score above any literal. */
const MIN_SUB_LITERAL = 2;
const WHOLE_VALUE_SCORE = 1000;
const SUB_MODIFIERS = new Set([...TRANSFORM_MODIFIERS, 'all', 'cased']);
const RE_MODIFIERS = new Set(['re', 'i', 'm', 's', 'all']);
const WILDCARD_ONLY = new Set(['contains', 'startswith', 'endswith']);

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function gateOf(source: string, kind: GateKind, lits: string[], score: number): RuleGate {
  return { keys: [...new Set(lits)].map((lit) => ({ kind, source, lit })), score };
}

/** The longest literal run of an alternative, lower-cased part by part as string-matcher.ts does (null: too short, or cased and not ASCII). */
function altLiteral(s: SigmaString, cased: boolean): string | null {
  let best = '';
  let cur = '';
  for (const p of s) {
    if (typeof p === 'string') cur += cased ? p : p.toLowerCase();
    else cur = '';
    if (cur.length > best.length) best = cur;
  }
  if (best.length < MIN_SUB_LITERAL) return null;
  // A cased test reads the value as written; its lower-cased form keeps an ASCII literal, lower-cased.
  if (cased) return /^[\x00-\x7f]+$/.test(best) ? best.toLowerCase() : null;
  return best;
}

/** The literals one value needs (one per alternative its modifiers make), or null. */
function valueLiterals(v: unknown, transforms: string[], cased: boolean): string[] | null {
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return null;
  let alts: ValueAlternatives = { alts: [typeof v === 'string' ? parseSigmaString(v) : literalString(String(v))], bytes: false };
  try {
    // contains/startswith/endswith only add `*` at the ends: the literal runs stay as written.
    for (const m of transforms) if (!WILDCARD_ONLY.has(m)) alts = applyTransform(alts, m);
  } catch {
    return null; // the compiler reports it
  }
  const out: string[] = [];
  for (const a of alts.alts) {
    const l = altLiteral(a, cased);
    if (l === null) return null;
    out.push(l);
  }
  return out;
}

/** Per value (any one needed, or with `all` every one), its literals; the gate takes the union, or the best value with `all`. */
function literalGate(source: string, values: unknown[], all: boolean, lits: (v: unknown) => string[] | null): RuleGate | null {
  const per = values.map(lits);
  const score = (ls: string[]) => {
    let min = Infinity;
    for (const l of ls) min = Math.min(min, l.length);
    return min;
  };
  if (all) {
    let best: string[] | null = null;
    for (const ls of per) if (ls && ls.length && (!best || score(ls) > score(best))) best = ls;
    return best ? gateOf(source, 'sub', best, score(best)) : null;
  }
  if (per.some((ls) => !ls || ls.length === 0)) return null;
  const flat = per.flat() as string[];
  return gateOf(source, 'sub', flat, score(flat));
}

/** A whole value's keys, lower-cased: a GUID also as the model writes it (`{UPPER}`, string-matcher.ts `guidForm`). */
function wholeValueKeys(v: string): string[] {
  const l = v.toLowerCase();
  const g = isGuid(l) ? normaliseGuid(l)!.toLowerCase() : l;
  return g === l ? [l] : [l, g];
}

/** The gate of one `Field|mods: values` entry, or null. */
function entryGate(key: string, raw: unknown, fields: FieldResolver): RuleGate | null {
  const [name, ...mods] = key.split('|');
  if (!name || SKIP.has(name)) return null;
  const source = fields(name).source;
  if (!source) return null;
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) return null;
  if (mods.length === 0 && values.every((v) => typeof v === 'string' && v !== '' && !/[*?\\]/.test(v))) {
    return gateOf(source, 'eq', values.flatMap((v) => wholeValueKeys(v as string)), WHOLE_VALUE_SCORE);
  }
  if (mods.length === 1 && mods[0] === 'endswith' && values.every((v) => typeof v === 'string' && /^\\[^\\*?]+$/.test(v))) {
    return gateOf(source, 'base', values.map((v) => (v as string).slice(1).toLowerCase()), WHOLE_VALUE_SCORE);
  }
  const all = mods.includes('all');
  if (mods.includes('re') && mods.every((m) => RE_MODIFIERS.has(m))) {
    return literalGate(source, values, all, (v) => {
      const l = typeof v === 'string' ? regexLiteral(v) : null;
      return l !== null && l.length >= MIN_SUB_LITERAL ? [l] : null;
    });
  }
  if (!mods.every((m) => SUB_MODIFIERS.has(m))) return null;
  const transforms = mods.filter((m) => TRANSFORM_MODIFIERS.has(m));
  const cased = mods.includes('cased');
  return literalGate(source, values, all, (v) => valueLiterals(v, transforms, cased));
}

/** The best of several gates (any one is necessary), or null. */
function best(gates: (RuleGate | null)[]): RuleGate | null {
  let out: RuleGate | null = null;
  for (const g of gates) if (g && (!out || g.score > out.score)) out = g;
  return out;
}

/** The gate of one map (AND of its entries: the most selective gate-able entry). */
function mapGate(m: Record<string, unknown>, fields: FieldResolver): RuleGate | null {
  return best(Object.entries(m).map(([k, v]) => entryGate(k, v, fields)));
}

function searchGate(def: unknown, fields: FieldResolver): RuleGate | null {
  if (isMap(def)) return mapGate(def, fields);
  if (Array.isArray(def) && def.length && def.every(isMap)) {
    return union(def.map((m) => mapGate(m, fields)));
  }
  return null;
}

function union(gates: (RuleGate | null)[]): RuleGate | null {
  if (gates.length === 0 || gates.some((g) => !g)) return null;
  if (gates.length === 1) return gates[0]!;
  // Distinct keys: by probe (`kind` has no NUL, so `kind\0source` names one), then literal.
  const byProbe = new Map<string, Set<string>>();
  const keys: GateKey[] = [];
  let score = Infinity;
  for (const g of gates) {
    score = Math.min(score, g!.score);
    for (const k of g!.keys) {
      const pk = `${k.kind}\0${k.source}`;
      let lits = byProbe.get(pk);
      if (!lits) byProbe.set(pk, (lits = new Set()));
      if (lits.has(k.lit)) continue;
      lits.add(k.lit);
      keys.push(k);
    }
  }
  return { keys, score };
}

/**
 * A necessary condition of a condition node: `and` (and `all of`) needs its most selective gated
 * part; `or` (and `1 of`) needs every branch gated and takes the union; `not` gives none.
 */
function nodeGate(node: ConditionNode, detection: Record<string, unknown>, fields: FieldResolver): RuleGate | null {
  switch (node.kind) {
    case 'ref':
      return searchGate(detection[node.name], fields);
    case 'not':
      return null;
    case 'and':
      return best(node.items.map((n) => nodeGate(n, detection, fields)));
    case 'or':
      return union(node.items.map((n) => nodeGate(n, detection, fields)));
    case 'of':
      if (node.count === 'all') return best(node.names.map((n) => searchGate(detection[n], fields)));
      return union(node.names.map((n) => searchGate(detection[n], fields)));
  }
}

/** The gate of a detection whose conditions are `trees` (several conditions: the union). */
export function ruleGate(trees: ConditionNode[], detection: Record<string, unknown>, fields: FieldResolver): RuleGate | null {
  return union(trees.map((t) => nodeGate(t, detection, fields)));
}
