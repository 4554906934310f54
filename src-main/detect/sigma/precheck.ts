/**
 * The bundled set's load cache (`assets/sigma/precheck.json`): what loading the SigmaHQ bundle
 * works out the same way every time, kept as data. Per bundled rule document that compiles
 * (compile-rule.ts: its check, detection.ts checkDetection, passes): its key, the logsource
 * variants it keeps, the EventIDs its condition requires, and the gate (rule-gate.ts) of each
 * kept variant: all the index needs (rule-index.ts). With it, a load neither checks those rules
 * nor parses their conditions (the rules that fail are checked as before, so their errors read
 * the same), and a triage skips working out their gates; a rule's condition is parsed and its
 * matcher built from the rule itself the first time one of its variants runs (compile-rule.ts). Issue 18 allows such a cache when the
 * rules' content invalidates it: `key` hashes the bundle's text, the placeholders, the logsource
 * mapping and this format; any difference and the cache is not used (the load is then what it was
 * without one). A test rebuilds it and compares (test/detect/sigma/precheck.test.ts); regenerate
 * with `npx tsx test/tools/sigma/write-precheck.ts` (refresh-rules.ts runs it).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import logsourcesJson from '../../../assets/sigma/logsources.json';
import fieldMappingsJson from '../../../assets/sigma/field-mappings.json';
import type { Placeholders } from './placeholders';
import type { GateKind, RuleGate } from './rule-gate';

/** Changes when the cache's shape or the meaning of its entries changes. */
const FORMAT = 'sigma-precheck-2';
/** The cache is read only below this size (it is a file like any other). */
const MAX_PRECHECK_BYTES = 64 << 20;

/** A gate as stored: its score and keys as `[kind, source, literal]`. */
export type StoredGate = { score: number; keys: [GateKind, string, string][] } | null;

export interface PrecheckedRule {
  /** The logsource variants the rule compiles to: their places in resolveLogsource's list, in order. */
  variants: number[];
  /** The only EventIDs the rule's condition can match (detection.ts CheckedDetection.eventIds; null: any). */
  eventIds: number[] | null;
  /** The gate of each of those variants, in the same order. */
  gates: StoredGate[];
}

export interface Precheck {
  format: string;
  key: string;
  /** By `precheckRuleKey`. */
  rules: Record<string, PrecheckedRule>;
}

/** A bundled rule document's key in the cache: its file and its place in the file. */
export function precheckRuleKey(path: string, documentIndex: number): string {
  return `${path}\u0000${documentIndex}`;
}

/** The key of a bundle's text with these placeholders (and this build's logsource mapping). */
export function precheckKey(bundleText: string, placeholders: Placeholders): string {
  const h = createHash('sha256');
  h.update(FORMAT).update('\u0000').update(bundleText).update('\u0000');
  h.update(JSON.stringify([...placeholders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  h.update('\u0000').update(JSON.stringify(logsourcesJson)).update('\u0000').update(JSON.stringify(fieldMappingsJson));
  return h.digest('hex');
}

export function storeGate(g: RuleGate | null): StoredGate {
  return g === null ? null : { score: g.score, keys: g.keys.map((k) => [k.kind, k.source, k.lit]) };
}

export function restoreGate(g: StoredGate): RuleGate | null {
  return g === null ? null : { score: g.score, keys: g.keys.map(([kind, source, lit]) => ({ kind, source, lit })) };
}

function isStoredGate(g: unknown): g is StoredGate {
  if (g === null) return true;
  const o = g as { score?: unknown; keys?: unknown };
  return typeof o === 'object' && typeof o.score === 'number' && Array.isArray(o.keys)
    && o.keys.every((k) => Array.isArray(k) && k.length === 3 && (k[0] === 'base' || k[0] === 'eq' || k[0] === 'sub') && typeof k[1] === 'string' && typeof k[2] === 'string');
}

const isIndexList = (x: unknown): x is number[] => Array.isArray(x) && x.every((i) => Number.isSafeInteger(i) && i >= 0);

function isPrecheckedRule(r: unknown): r is PrecheckedRule {
  const o = r as Partial<PrecheckedRule> | null;
  return typeof o === 'object' && o !== null && isIndexList(o.variants) && (o.eventIds === null || isIndexList(o.eventIds))
    && Array.isArray(o.gates) && o.gates.length === o.variants.length && o.gates.every(isStoredGate);
}

/** A rule's entries, or undefined when the cache has none for it or it is malformed (the rule is then checked). */
export type PrecheckLookup = (ruleKey: string) => PrecheckedRule | undefined;

/**
 * The cache's entries when `file` holds a cache for `key`; null when it is missing, for other
 * content, or malformed (never thrown: the load then checks every rule itself). An entry's shape
 * is checked when it is looked up.
 */
export function readPrecheck(file: string, key: string): PrecheckLookup | null {
  let p: Precheck;
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length > MAX_PRECHECK_BYTES) return null;
    p = JSON.parse(text) as Precheck;
  } catch {
    return null;
  }
  if (!p || p.format !== FORMAT || p.key !== key || typeof p.rules !== 'object' || p.rules === null) return null;
  const rules = p.rules;
  return (ruleKey) => {
    if (!Object.hasOwn(rules, ruleKey)) return undefined;
    const r = rules[ruleKey];
    return isPrecheckedRule(r) ? r : undefined;
  };
}

/** What the cache keeps of a rule document that compiled without one. */
export interface CompiledDocument {
  path: string;
  documentIndex: number;
  /** Its kept variants' places in resolveLogsource's list. */
  variants: number[];
  eventIds: ReadonlySet<number> | null;
  gates: readonly (RuleGate | null)[];
}

/** A cache for `key` from the rule documents that compiled without one (the writer script and the test). */
export function buildPrecheck(key: string, compiled: Iterable<CompiledDocument>): Precheck {
  const out: Record<string, PrecheckedRule> = {};
  for (const r of compiled) {
    out[precheckRuleKey(r.path, r.documentIndex)] = { variants: r.variants, eventIds: r.eventIds && [...r.eventIds], gates: r.gates.map(storeGate) };
  }
  return { format: FORMAT, key, rules: out };
}
