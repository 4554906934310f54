/**
 * The bundled set's load cache (`assets/sigma/precheck.json`): what loading the SigmaHQ bundle
 * works out the same way every time, kept as data. Per bundle file, the byte range of each of its
 * documents in `rules.json` (bundle-source.ts reads a document from its range when first needed,
 * so a load never parses the whole bundle); per bundled rule document that compiles
 * (compile-rule.ts: its check, detection.ts checkDetection, passes), beside its range: the range
 * of its `detection` section, the logsource variants it keeps, the EventIDs its condition
 * requires, its head (the metadata a load reads: rule-meta.ts RuleHead) and where the gates
 * (rule-gate.ts) of its kept variants lie in the cache: all the index needs (rule-index.ts).
 * With it, a load neither parses, checks nor compiles those rules (the other documents are read
 * and checked as before, so their errors read the same), and a triage skips working out their
 * gates; a rule's detection is parsed from its own range, its condition parsed and its matcher
 * built the first time one of its variants runs (compile-rule.ts), its full metadata from its
 * document the first time it is read (a finding).
 *
 * The file is two parts: a first line, the JSON of the file list and entries (PrecheckHeader:
 * all a load parses), then the gates, each rule's list as JSON one after the other, read by their
 * ranges when the index first offers the rule an event (most rules never: a gate is ~40% of the
 * cache, parsed and kept on the heap for nothing when it was inline). Both parts are ASCII
 * (precheckText), so a range is the same in bytes and characters.
 *
 * Nothing in it is trusted blindly: the file is read only below a size bound; an entry of the
 * wrong shape is not used (that rule's document is parsed and checked instead); ranges that do
 * not fit the bundle's bytes make the load parse the bundle whole (bundle-source.ts) and say so;
 * a detection range that does not hold the document's `detection` member is not used (the
 * document is parsed); gates of the wrong shape are worked out from the detection. Issue 18
 * allows such a cache when the rules' content invalidates it: `key` hashes the bundle's bytes,
 * the placeholders, the logsource mapping and this format; any difference and the cache is not
 * used (the load is then what it was without one). A test rebuilds it and compares
 * (test/detect/sigma/precheck.test.ts); regenerate with `npx tsx test/tools/sigma/write-precheck.ts`
 * (refresh-rules.ts runs it).
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import logsourcesJson from '../../../assets/sigma/logsources.json';
import fieldMappingsJson from '../../../assets/sigma/field-mappings.json';
import type { ConditionNode } from './condition';
import type { Placeholders } from './placeholders';
import type { GateKind, RuleGate } from './rule-gate';
import type { RuleHead } from './rule-meta';
import { SIGMA_LEVELS } from './types';

/** Changes when the cache's shape or the meaning of its entries changes. */
export const PRECHECK_FORMAT = 'sigma-precheck-6';
const FORMAT = PRECHECK_FORMAT;
/** The cache is read only below this size (it is a file like any other). */
const MAX_PRECHECK_BYTES = 64 << 20;
const NEWLINE = 0x0a;

/**
 * A gate as stored, flat: its score, then its keys in order as runs of one probe (kind and source)
 * each followed by the run's literals: `[score, kind, source, [lit, …], kind, source, [lit, …], …]`.
 * A gate's keys are mostly one probe (a rule's one field), so this writes a probe once instead of
 * once per key (the gate part is ~40% smaller, and reading a rule's gates checks and allocates
 * less: a triage's first pass asks for most of them).
 */
export type StoredGate = [score: number, ...runs: (string | string[])[]] | null;

/** A document the cache has no rule entry for: its byte range `[start, end)` in `rules.json`. */
export type StoredRange = [start: number, end: number];

/**
 * A rule document the cache knows, flat (one array per rule: the load's JSON.parse makes no
 * object per entry): its range, its detection's range, its variants (their places in
 * resolveLogsource's list), the EventIDs its condition requires (null: any), its gates' range in
 * the gate part, then its head's fields in RuleHead's order, then (format 6) its parsed conditions'
 * range in the gate part (stored-conditions.ts; an entry without it is read as before).
 */
type StoredRule = [
  start: number, end: number, detectionStart: number, detectionEnd: number,
  variants: number[], eventIds: number[] | null, gatesStart: number, gatesEnd: number,
  id: string, title: string, name: string | null, level: string, status: string, date: string | null, modified: string | null, logsource: Record<string, string>,
  conditionsStart?: number, conditionsEnd?: number,
];

export type StoredDocument = StoredRange | StoredRule;

/** A bundle file: its path and its documents, in order. */
export type StoredFile = [path: string, documents: StoredDocument[]];

/** The cache's first line. */
export interface PrecheckHeader {
  format: string;
  key: string;
  /** Every file of the bundle, in the bundle's order. */
  files: StoredFile[];
}

/** A cache as the writer makes it: its first line and its gate part (ASCII: precheckText). */
export interface Precheck {
  header: PrecheckHeader;
  gates: string;
}

/** A rule entry, shape-checked (precheckedRule). */
export interface PrecheckedRule {
  /** The logsource variants the rule compiles to: their places in resolveLogsource's list, in order. */
  variants: number[];
  /** The only EventIDs the rule's condition can match (detection.ts CheckedDetection.eventIds; null: any). */
  eventIds: number[] | null;
  /** Its `detection` member's byte range in `rules.json`. */
  detectionStart: number;
  detectionEnd: number;
  /** Its variants' gates' range in the cache's gate part. */
  gatesStart: number;
  gatesEnd: number;
  /** Its parsed conditions' range in the gate part (stored-conditions.ts); -1 when the entry has none. */
  conditionsStart: number;
  conditionsEnd: number;
  /** The metadata a load reads (the rest is parsed from the document when read). */
  head: RuleHead;
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
  if (g === null) return null;
  const out: [number, ...(string | string[])[]] = [g.score];
  let lits: string[] = [];
  for (let i = 0; i < g.keys.length; i++) {
    const k = g.keys[i]!;
    const prev = i > 0 ? g.keys[i - 1]! : null;
    if (prev === null || prev.kind !== k.kind || prev.source !== k.source) out.push(k.kind, k.source, (lits = []));
    lits.push(k.lit);
  }
  return out;
}

/** The gate a stored one (checked by isStoredGate) stands for: its keys in the stored order. */
export function restoreGate(g: StoredGate): RuleGate | null {
  if (g === null) return null;
  const keys: RuleGate['keys'] = [];
  for (let r = 1; r < g.length; r += 3) {
    const kind = g[r] as GateKind;
    const source = g[r + 1] as string;
    const lits = g[r + 2] as string[];
    for (let i = 0; i < lits.length; i++) keys.push({ kind, source, lit: lits[i]! });
  }
  return { score: g[0], keys };
}

/** Indexed loops, no iterator: this runs on most rules' gates in a triage's first pass, mostly before it is optimised. */
function isStoredGate(g: unknown): g is StoredGate {
  if (g === null) return true;
  if (!Array.isArray(g) || g.length % 3 !== 1 || typeof g[0] !== 'number') return false; // a score, then whole runs
  for (let r = 1; r < g.length; r += 3) {
    const kind: unknown = g[r];
    const lits: unknown = g[r + 2];
    if ((kind !== 'base' && kind !== 'eq' && kind !== 'sub') || typeof g[r + 1] !== 'string' || !Array.isArray(lits) || lits.length === 0) return false;
    for (let i = 0; i < lits.length; i++) if (typeof lits[i] !== 'string') return false;
  }
  return true;
}

const isIndex = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

function isIndexList(x: unknown): x is number[] {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) if (!isIndex(x[i])) return false;
  return true;
}

const isText = (x: unknown): x is string => typeof x === 'string';
const isTextOrNull = (x: unknown): x is string | null => x === null || typeof x === 'string';

const LEVELS: ReadonlySet<string> = new Set(SIGMA_LEVELS);

function isLogsource(x: unknown): x is Record<string, string> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const o = x as Record<string, unknown>;
  for (const k in o) if (!isText(o[k])) return false;
  return true;
}

/**
 * A document's entry as a rule entry, or null when it is a plain range or not of the right shape
 * (the rule is then parsed and checked from its document). Checked when its file is first read,
 * not at the load's start.
 */
export function precheckedRule(d: StoredDocument): PrecheckedRule | null {
  if (d.length !== 16 && d.length !== 18) return null;
  // Indexed reads, not an array pattern (which steps the array's iterator: 16 calls per rule, ~2,900 rules a load).
  const r = d as StoredRule;
  const ds = r[2], de = r[3], variants = r[4], eventIds = r[5], gs = r[6], ge = r[7];
  const id = r[8], title = r[9], name = r[10], level = r[11], status = r[12], date = r[13], modified = r[14], logsource = r[15];
  if (!isIndex(ds) || !isIndex(de) || !isIndex(gs) || !isIndex(ge) || !isIndexList(variants) || (eventIds !== null && !isIndexList(eventIds))) return null;
  if (!isText(id) || !isText(title) || !isTextOrNull(name) || !LEVELS.has(level) || !isText(status) || !isTextOrNull(date) || !isTextOrNull(modified) || !isLogsource(logsource)) return null;
  const cs = d.length === 18 ? r[16] : -1, ce = d.length === 18 ? r[17] : -1;
  if (d.length === 18 && (!isIndex(cs) || !isIndex(ce))) return null;
  return { variants, eventIds, detectionStart: ds, detectionEnd: de, gatesStart: gs, gatesEnd: ge, conditionsStart: cs!, conditionsEnd: ce!, head: { id, title, name, level: level as RuleHead['level'], status, date, modified, logsource } };
}

/** A cache read for a bundle: its files (shape-checked by bundle-source.ts as it reads their ranges) and its gates. */
export interface PrecheckRead {
  files: unknown[];
  /** A rule's stored gates, `count` of them, or null when they are not of the right shape (the caller works them out); needs no `this`. */
  gates: (p: PrecheckedRule, count: number) => StoredGate[] | null;
  /** A rule's stored conditions as parsed JSON, unchecked (stored-conditions.ts checks them), or null when it has none or they do not parse; needs no `this`. */
  conditions: (p: PrecheckedRule) => unknown;
}

/**
 * JSON with every character outside ASCII written as a `\uXXXX` escape (RFC 8259 section 7; the
 * same value once parsed), so the file is ASCII: a load takes its bytes as the text (Latin-1,
 * one copy) instead of decoding UTF-8, and a range is the same in bytes and characters.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The cache file's text: the header's line, then the gate part. */
export function precheckText(p: Precheck): string {
  return `${asciiJson(p.header)}\n${p.gates}\n`;
}

/** A part of the cache as text: its bytes as they are when ASCII (precheckText), else decoded as UTF-8. */
function cacheText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/**
 * The cache's header and gate part when `file` holds a cache for `key`; null when it is missing,
 * for other content, or malformed (never thrown: the load then checks every rule itself). Only
 * the header is parsed here.
 */
export function readPrecheck(file: string, key: string): PrecheckRead | null {
  let p: PrecheckHeader;
  let gatePart: Buffer;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_PRECHECK_BYTES) return null;
    const nl = bytes.indexOf(NEWLINE);
    if (nl < 0) return null;
    p = JSON.parse(cacheText(bytes.subarray(0, nl))) as PrecheckHeader;
    gatePart = bytes.subarray(nl + 1);
  } catch {
    return null;
  }
  if (!p || p.format !== FORMAT || p.key !== key || !Array.isArray(p.files)) return null;
  // The gate part as one string when it is ASCII (as written: a range is then the same in
  // characters), made when a gate is first asked for: a rule's gates are a slice of it, not a
  // decode of its bytes each (a triage asks for most rules'); else each range decoded as UTF-8.
  let gateText: string | null | undefined;
  /** The JSON in `[start, end)` of the gate part, or null when the range is not in it or the text does not parse. */
  const parsed = (start: number, end: number): unknown => {
    if (end > gatePart.length || start >= end) return null;
    if (gateText === undefined) gateText = isAscii(gatePart) ? gatePart.toString('latin1') : null;
    try {
      return JSON.parse(gateText !== null ? gateText.slice(start, end) : gatePart.toString('utf8', start, end));
    } catch {
      return null;
    }
  };
  return {
    files: p.files,
    conditions: (r) => (r.conditionsStart < 0 ? null : parsed(r.conditionsStart, r.conditionsEnd)),
    gates: (r, count) => {
      const g = parsed(r.gatesStart, r.gatesEnd);
      if (!Array.isArray(g) || g.length !== count) return null;
      for (let i = 0; i < g.length; i++) if (!isStoredGate(g[i])) return null;
      return g as StoredGate[];
    },
  };
}

/** What the cache keeps of a rule document that compiled without one. */
export interface CompiledDocument {
  path: string;
  documentIndex: number;
  /** Its `detection` member's byte range in the bundle. */
  detection: StoredRange;
  /** Its kept variants' places in resolveLogsource's list. */
  variants: number[];
  eventIds: ReadonlySet<number> | null;
  gates: readonly (RuleGate | null)[];
  head: RuleHead;
  /** Its conditions as the parser reads them (detection.ts assumeCheckedTrees). */
  trees: readonly ConditionNode[];
}

/** A cache for `key` from the bundle's files and document ranges and the rule documents that compiled without one (the writer script and the test). */
export function buildPrecheck(key: string, files: { path: string; documents: StoredRange[] }[], compiled: Iterable<CompiledDocument>): Precheck {
  const byDocument = new Map<string, CompiledDocument>();
  for (const r of compiled) byDocument.set(`${r.path}\u0000${r.documentIndex}`, r);
  let gates = '';
  const stored: StoredFile[] = files.map((f) => [f.path, f.documents.map(([start, end], i): StoredDocument => {
    const r = byDocument.get(`${f.path}\u0000${i}`);
    if (!r) return [start, end];
    const gs = gates.length;
    gates += asciiJson(r.gates.map(storeGate));
    const ge = gates.length;
    gates += asciiJson(r.trees);
    const h = r.head;
    return [start, end, r.detection[0], r.detection[1], r.variants, r.eventIds && [...r.eventIds], gs, ge, h.id, h.title, h.name, h.level, h.status, h.date, h.modified, h.logsource as Record<string, string>, ge, gates.length];
  })]);
  return { header: { format: FORMAT, key, files: stored }, gates };
}
