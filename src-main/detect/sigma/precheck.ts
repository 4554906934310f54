/**
 * The bundled set's load cache (`assets/sigma/precheck.json`): what loading the SigmaHQ bundle
 * works out the same way every time, kept as data. Per bundle file, the byte range of each of its
 * documents in `rules.json` (bundle-source.ts reads a document from its range when first needed,
 * so a load never parses the whole bundle); per bundled rule document that compiles
 * (compile-rule.ts: its check, detection.ts checkDetection, passes): its key, its head (the
 * metadata a load reads: rule-meta.ts RuleHead), the logsource variants it keeps, the EventIDs its
 * condition requires, and the gate (rule-gate.ts) of each kept variant: all the index needs
 * (rule-index.ts). With it, a load neither parses, checks nor compiles those rules (the other
 * documents are read and checked as before, so their errors read the same), and a triage skips
 * working out their gates; a rule's body is parsed, its condition parsed and its matcher built
 * the first time one of its variants runs (compile-rule.ts), its full metadata the first time it
 * is read (a finding). Issue 18 allows such a cache when the
 * rules' content invalidates it: `key` hashes the bundle's bytes, the placeholders, the logsource
 * mapping and this format; any difference and the cache is not used (the load is then what it was
 * without one). A test rebuilds it and compares (test/detect/sigma/precheck.test.ts); regenerate
 * with `npx tsx test/tools/sigma/write-precheck.ts` (refresh-rules.ts runs it).
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import logsourcesJson from '../../../assets/sigma/logsources.json';
import fieldMappingsJson from '../../../assets/sigma/field-mappings.json';
import type { Placeholders } from './placeholders';
import type { GateKind, RuleGate } from './rule-gate';
import type { RuleHead } from './rule-meta';
import { SIGMA_LEVELS } from './types';

/** Changes when the cache's shape or the meaning of its entries changes. */
export const PRECHECK_FORMAT = 'sigma-precheck-3';
const FORMAT = PRECHECK_FORMAT;
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
  /** The metadata a load reads (the rest is parsed from the document when read). */
  head: RuleHead;
}

/** A bundle file and the byte ranges (`[start, end)`) of its documents in `rules.json`, in order. */
export interface PrecheckFile {
  path: string;
  documents: [number, number][];
}

export interface Precheck {
  format: string;
  key: string;
  /** Every file of the bundle, in the bundle's order. */
  files: PrecheckFile[];
  /** By `precheckRuleKey`. */
  rules: Record<string, PrecheckedRule>;
}

/** A bundled rule document's key in the cache: its file and its place in the file. */
export function precheckRuleKey(path: string, documentIndex: number): string {
  return `${path}\u0000${documentIndex}`;
}

/** The key of a bundle's bytes (or its text: the same key when it is UTF-8) with these placeholders (and this build's logsource mapping). */
export function precheckKey(bundleText: string | Uint8Array, placeholders: Placeholders): string {
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

const isText = (x: unknown): x is string => typeof x === 'string';
const isTextOrNull = (x: unknown): boolean => x === null || typeof x === 'string';

const LEVELS: ReadonlySet<string> = new Set(SIGMA_LEVELS);

function isHead(h: unknown): h is RuleHead {
  const o = h as Partial<RuleHead> | null;
  if (typeof o !== 'object' || o === null || !isText(o.id) || !isText(o.title) || !isTextOrNull(o.name) || !isText(o.status)) return false;
  if (!LEVELS.has(o.level!) || !isTextOrNull(o.date) || !isTextOrNull(o.modified)) return false;
  const ls = o.logsource as Record<string, unknown> | undefined;
  if (typeof ls !== 'object' || ls === null || Array.isArray(ls)) return false;
  for (const k in ls) if (!isText(ls[k])) return false;
  return true;
}

function isPrecheckedRule(r: unknown): r is PrecheckedRule {
  const o = r as Partial<PrecheckedRule> | null;
  return typeof o === 'object' && o !== null && isIndexList(o.variants) && (o.eventIds === null || isIndexList(o.eventIds))
    && Array.isArray(o.gates) && o.gates.length === o.variants.length && o.gates.every(isStoredGate) && isHead(o.head);
}

function isPrecheckFile(f: unknown): f is PrecheckFile {
  const o = f as Partial<PrecheckFile> | null;
  return typeof o === 'object' && o !== null && isText(o.path) && Array.isArray(o.documents)
    && o.documents.every((r) => Array.isArray(r) && r.length === 2 && isIndexList(r));
}

/** A rule's entries, or undefined when the cache has none for it or it is malformed (the rule is then checked). */
type PrecheckLookup = (ruleKey: string) => PrecheckedRule | undefined;

/** A cache read for a bundle: its files' document ranges and its rules' entries. */
export interface PrecheckRead {
  files: PrecheckFile[];
  rule: PrecheckLookup;
}

/**
 * The cache as the writer stores it: its JSON with every character outside ASCII written as a
 * `\uXXXX` escape (RFC 8259 section 7; the same value once parsed), so the file is ASCII and a
 * load takes its bytes as the text (Latin-1, one copy) instead of decoding UTF-8: ~20 ms of the
 * load's main-thread time for the 2.6 MB of the bundled set (titles in other scripts, typographic
 * quotes).
 */
export function precheckText(p: Precheck): string {
  return JSON.stringify(p).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

/** A cache file's text: its bytes as they are when ASCII (precheckText), else decoded as UTF-8. */
function cacheText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/**
 * The cache's entries when `file` holds a cache for `key`; null when it is missing, for other
 * content, or malformed (never thrown: the load then checks every rule itself). An entry's shape
 * is checked when it is looked up; the ranges are checked against the bundle by bundle-source.ts.
 */
export function readPrecheck(file: string, key: string): PrecheckRead | null {
  let p: Precheck;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_PRECHECK_BYTES) return null;
    p = JSON.parse(cacheText(bytes)) as Precheck;
  } catch {
    return null;
  }
  if (!p || p.format !== FORMAT || p.key !== key || typeof p.rules !== 'object' || p.rules === null) return null;
  if (!Array.isArray(p.files) || !p.files.every(isPrecheckFile)) return null;
  const rules = p.rules;
  return {
    files: p.files,
    rule: (ruleKey) => {
      if (!Object.hasOwn(rules, ruleKey)) return undefined;
      const r = rules[ruleKey];
      return isPrecheckedRule(r) ? r : undefined;
    },
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
  head: RuleHead;
}

/** A cache for `key` from the bundle's document ranges and the rule documents that compiled without one (the writer script and the test). */
export function buildPrecheck(key: string, files: PrecheckFile[], compiled: Iterable<CompiledDocument>): Precheck {
  const out: Record<string, PrecheckedRule> = {};
  for (const r of compiled) {
    out[precheckRuleKey(r.path, r.documentIndex)] = { variants: r.variants, eventIds: r.eventIds && [...r.eventIds], gates: r.gates.map(storeGate), head: r.head };
  }
  return { format: FORMAT, key, files, rules: out };
}
