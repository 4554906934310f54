/**
 * A rule document's metadata (specification 2.x, "Rule format"): validated, with defaults for
 * the optional attributes, so the session and the UI never see a malformed rule.
 */
import { SigmaRuleError } from './errors';
import { SIGMA_LEVELS } from './types';
import type { SigmaLevel, SigmaLogsource, SigmaRuleMeta } from './types';

const str = (x: unknown): string | null => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : x instanceof Date ? x.toISOString().slice(0, 10) : null);

function strList(x: unknown): string[] {
  if (x === undefined || x === null) return [];
  const l = Array.isArray(x) ? x : [x];
  return l.map(str).filter((s): s is string => s !== null);
}

/** `attack.t1218.010` → `T1218.010`. */
export function mitreFromTags(tags: string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const m = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(t);
    if (m && !out.includes(m[1]!.toUpperCase())) out.push(m[1]!.toUpperCase());
  }
  return out;
}

function parseLogsource(x: unknown): SigmaLogsource {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new SigmaRuleError('schema', 'logsource must be a map');
  const o = x as Record<string, unknown>;
  const ls: SigmaLogsource = {};
  for (const k of ['product', 'category', 'service', 'definition'] as const) {
    const v = str(o[k]);
    if (v !== null) ls[k] = v;
  }
  return ls;
}

export function parseRuleMeta(doc: Record<string, unknown>, path: string, origin: string): SigmaRuleMeta {
  const id = str(doc['id']);
  const title = str(doc['title']);
  if (!title) throw new SigmaRuleError('schema', 'the rule has no title');
  if (!id) throw new SigmaRuleError('schema', 'the rule has no id');
  const level = (str(doc['level']) ?? 'medium').toLowerCase();
  if (!SIGMA_LEVELS.includes(level as SigmaLevel)) throw new SigmaRuleError('schema', `unknown level '${level}'`);
  const tags = strList(doc['tags']);
  const fps = doc['falsepositives'];
  return {
    id,
    title,
    name: str(doc['name']),
    level: level as SigmaLevel,
    status: (str(doc['status']) ?? 'experimental').toLowerCase(),
    description: str(doc['description']),
    author: str(doc['author']),
    date: str(doc['date']),
    modified: str(doc['modified']),
    references: strList(doc['references']),
    falsepositives: fps === undefined || fps === null ? [] : (Array.isArray(fps) ? fps : [fps]).map(str),
    tags,
    logsource: parseLogsource(doc['logsource']),
    mitre: mitreFromTags(tags),
    path,
    origin,
  };
}

/**
 * What a load needs of a rule's metadata before any event (ids and names for duplicates and
 * filters, title, level and status for the skip rules, dates for the set's version, logsource for
 * its variants): the bundled set's load cache keeps it per rule (precheck.ts), so the rest of the
 * document is parsed only when a rule first runs or its metadata is read in full.
 */
export interface RuleHead {
  id: string;
  title: string;
  name: string | null;
  level: SigmaLevel;
  status: string;
  date: string | null;
  modified: string | null;
  logsource: SigmaLogsource;
}

export function ruleHead(m: SigmaRuleMeta): RuleHead {
  return { id: m.id, title: m.title, name: m.name, level: m.level, status: m.status, date: m.date, modified: m.modified, logsource: m.logsource };
}

/** The fields of SigmaRuleMeta a RuleHead does not hold, in parseRuleMeta's order. */
const LAZY_FIELDS = ['description', 'author', 'references', 'falsepositives', 'tags', 'mitre'] as const;
type LazyField = (typeof LAZY_FIELDS)[number];

/** A lazy metadata object's other fields once read, by name. */
type LazyValues = Record<LazyField, unknown>;

/**
 * Where a lazy metadata object keeps its other fields: where they come from until first read,
 * then their values. A non-enumerable symbol-keyed property made with the object, so no key,
 * copy, JSON or clone shows it, and the first read only stores to it (the accessors stay:
 * replacing six accessors by data properties on each object cost ~30-40 µs per rule, in a
 * triage's tail).
 */
const LAZY = Symbol('lazy rule metadata');
interface LazyMeta {
  [LAZY]: LazyValues | (() => SigmaRuleMeta);
}

/** The lazy fields of `meta`, read from its source on first use (empty when that throws). */
function lazyValues(meta: LazyMeta): LazyValues {
  const held = meta[LAZY];
  if (typeof held !== 'function') return held;
  let m: SigmaRuleMeta | null = null;
  try {
    m = held();
  } catch {
    // the fields stay empty
  }
  const values: LazyValues = m
    ? { description: m.description, author: m.author, references: m.references, falsepositives: m.falsepositives, tags: m.tags, mitre: m.mitre }
    : { description: null, author: null, references: [], falsepositives: [], tags: [], mitre: [] };
  meta[LAZY] = values;
  return values;
}

/** The lazy fields' accessors, shared by every lazy metadata object (no closure per rule). */
const LAZY_DESCRIPTORS: PropertyDescriptorMap = Object.fromEntries(LAZY_FIELDS.map((k: LazyField) => [k, {
  get(this: LazyMeta): unknown {
    return lazyValues(this)[k];
  },
  set(this: LazyMeta, v: unknown): void {
    lazyValues(this)[k] = v;
  },
  enumerable: true,
  configurable: true,
}]));

/**
 * A rule's metadata from its head, the rest (`description`, `author`, `references`,
 * `falsepositives`, `tags`, `mitre`) read from `full()` the first time any of them is read, then
 * kept (the accessors read and write the kept values). The object has parseRuleMeta's keys in
 * its order, all enumerable, so a copy, JSON or structured clone of it reads the same as
 * parseRuleMeta's; when `full()` throws (a cache that does not fit its bundle: precheck.ts rules
 * that out) those fields are empty.
 */
export function lazyRuleMeta(head: RuleHead, path: string, origin: string, full: () => SigmaRuleMeta): SigmaRuleMeta {
  // Every property is added in order, each accessor with the shared functions: V8 then gives all
  // these objects one hidden class (fast properties). Turning data properties into accessors
  // afterwards made each one a dictionary: 3-6x the time to build the 2,800 of a load, slower reads.
  const meta = { id: head.id, title: head.title, name: head.name, level: head.level, status: head.status } as SigmaRuleMeta;
  Object.defineProperty(meta, 'description', LAZY_DESCRIPTORS['description']!);
  Object.defineProperty(meta, 'author', LAZY_DESCRIPTORS['author']!);
  meta.date = head.date;
  meta.modified = head.modified;
  Object.defineProperty(meta, 'references', LAZY_DESCRIPTORS['references']!);
  Object.defineProperty(meta, 'falsepositives', LAZY_DESCRIPTORS['falsepositives']!);
  Object.defineProperty(meta, 'tags', LAZY_DESCRIPTORS['tags']!);
  meta.logsource = head.logsource;
  Object.defineProperty(meta, 'mitre', LAZY_DESCRIPTORS['mitre']!);
  meta.path = path;
  meta.origin = origin;
  Object.defineProperty(meta, LAZY, { value: full, writable: true, enumerable: false, configurable: false });
  return meta;
}
