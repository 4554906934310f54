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
