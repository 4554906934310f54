/**
 * Intel lists (assets/intel/*.json): known-bad CLSIDs (malware family + public sources), built-in
 * Windows CLSIDs (for the Sigma 790317c0 logic), known-benign writers (risk lowering with the
 * reason). Each file is one list:
 *   { "list": "known_bad_clsids", "match": "guid" | "wildcard" | "exact", "description": "…",
 *     "entries": [ { "value": "…" | ["…"], "name": "…", "family": "…", "reason": "…", "sources": ["https://…"] } ] }
 */
import { normaliseGuid } from '../model/guid';
import { wildcardToRegExp } from './conditions';

export interface IntelEntry {
  values: string[];
  name: string;
  family: string | null;
  reason: string | null;
  note: string | null;
  sources: string[];
}

export interface IntelList {
  list: string;
  match: 'guid' | 'wildcard' | 'exact';
  description: string;
  entries: IntelEntry[];
}

export class IntelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntelError';
  }
}

/** Distinct values whose verdict a list remembers (writers and paths repeat across events); past it, it starts over. */
const MAX_REMEMBERED = 4096;

/** A non-GUID list made ready to match: exact values lower-cased, wildcards compiled, each to its entry (first entry wins). */
interface ListMatcher {
  exact: Map<string, IntelEntry> | null;
  wildcards: [RegExp, IntelEntry][];
  /** Verdicts already given, by value as asked. */
  remembered: Map<string, IntelEntry | null>;
}

export class Intel {
  private readonly lists = new Map<string, IntelList>();
  private readonly guidIndex = new Map<string, Map<string, IntelEntry>>();
  private readonly matchers = new Map<string, ListMatcher>();

  constructor(lists: IntelList[] = []) {
    for (const l of lists) this.add(l);
  }

  add(l: IntelList): void {
    if (this.lists.has(l.list)) {
      const cur = this.lists.get(l.list)!;
      if (cur.match !== l.match) throw new IntelError(`intel list "${l.list}" defined twice with different match kinds`);
      cur.entries.push(...l.entries);
    } else {
      this.lists.set(l.list, { ...l, entries: [...l.entries] });
    }
    this.matchers.delete(l.list);
    if (l.match === 'guid') {
      let idx = this.guidIndex.get(l.list);
      if (!idx) { idx = new Map(); this.guidIndex.set(l.list, idx); }
      for (const e of l.entries) for (const v of e.values) idx.set(normaliseGuid(v)!, e);
    }
  }

  names(): Set<string> {
    return new Set(this.lists.keys());
  }

  list(name: string): IntelList | undefined {
    return this.lists.get(name);
  }

  /** The entry of `list` that `value` matches, or null. */
  find(list: string, value: string | null | undefined): IntelEntry | null {
    if (value === null || value === undefined || value === '') return null;
    const l = this.lists.get(list);
    if (!l) return null;
    if (l.match === 'guid') {
      const g = normaliseGuid(value);
      return g ? this.guidIndex.get(list)?.get(g) ?? null : null;
    }
    const m = this.matcherOf(l);
    const known = m.remembered.get(value);
    if (known !== undefined) return known;
    let found: IntelEntry | null = null;
    if (m.exact) found = m.exact.get(value.toLowerCase()) ?? null;
    else {
      const w = m.wildcards;
      for (let i = 0; i < w.length; i++) if (w[i]![0].test(value)) { found = w[i]![1]; break; }
    }
    if (m.remembered.size >= MAX_REMEMBERED) m.remembered.clear();
    m.remembered.set(value, found);
    return found;
  }

  private matcherOf(l: IntelList): ListMatcher {
    let m = this.matchers.get(l.list);
    if (m) return m;
    m = { exact: l.match === 'exact' ? new Map() : null, wildcards: [], remembered: new Map() };
    for (const e of l.entries) {
      for (const p of e.values) {
        if (m.exact) { if (!m.exact.has(p.toLowerCase())) m.exact.set(p.toLowerCase(), e); } else m.wildcards.push([wildcardToRegExp(p), e]);
      }
    }
    this.matchers.set(l.list, m);
    return m;
  }

  has(list: string, value: string): boolean {
    return this.find(list, value) !== null;
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates one intel file's JSON. Every entry needs a value and at least one public source URL. */
export function parseIntelList(json: unknown, where: string): IntelList {
  if (!isObj(json)) throw new IntelError(`${where}: an intel file is a JSON object`);
  const list = json['list'];
  const match = json['match'];
  if (typeof list !== 'string' || !/^[a-z][a-z0-9_]*$/.test(list)) throw new IntelError(`${where}: "list" must be a snake_case name`);
  if (match !== 'guid' && match !== 'wildcard' && match !== 'exact') throw new IntelError(`${where}: "match" must be guid, wildcard or exact`);
  const entries = json['entries'];
  if (!Array.isArray(entries)) throw new IntelError(`${where}: "entries" must be an array`);
  const out: IntelEntry[] = entries.map((e, i) => {
    const w = `${where}: entries[${i}]`;
    if (!isObj(e)) throw new IntelError(`${w} must be an object`);
    const raw = e['value'];
    const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.every((x) => typeof x === 'string') ? (raw as string[]) : null;
    if (!values || values.length === 0) throw new IntelError(`${w}: "value" must be a string or a non-empty array of strings`);
    if (match === 'guid') for (const v of values) if (normaliseGuid(v) === null) throw new IntelError(`${w}: "${v}" is not a GUID`);
    const sources = e['sources'];
    if (!Array.isArray(sources) || sources.length === 0 || !sources.every((s) => typeof s === 'string' && /^https:\/\//.test(s))) {
      throw new IntelError(`${w}: "sources" must list at least one public https:// URL`);
    }
    const name = e['name'] ?? e['family'];
    if (typeof name !== 'string' || name === '') throw new IntelError(`${w}: "name" (or "family") is required`);
    const str = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : null);
    return { values, name, family: str('family'), reason: str('reason'), note: str('note'), sources: sources as string[] };
  });
  return { list, match, description: typeof json['description'] === 'string' ? json['description'] : '', entries: out };
}
