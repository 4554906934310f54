/**
 * The EventIDs a detection can match at all, read from its condition: a search identifier that
 * requires `EventID: <ids>` (in a map, or in every map of a list) constrains it; `and` and
 * `all of` intersect, `or` and `1 of` unite (unconstrained when any branch is), `not`
 * constrains nothing. The rule index uses it so that a service rule (any EventID of a channel)
 * is only offered the events it names: an optimisation, never a change of meaning.
 */
import type { ConditionNode } from './condition';

type Ids = Set<number> | null; // null: any EventID

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function idsOfMap(m: Record<string, unknown>): Ids {
  if (!Object.hasOwn(m, 'EventID')) return null;
  const raw = m['EventID'];
  const list = Array.isArray(raw) ? raw : [raw];
  const out = new Set<number>();
  for (const v of list) {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) return null;
    out.add(n);
  }
  return out.size ? out : null;
}

function idsOfSearch(def: unknown): Ids {
  if (isMap(def)) return idsOfMap(def);
  if (Array.isArray(def) && def.length && def.every(isMap)) {
    const out = new Set<number>();
    for (const m of def) {
      const ids = idsOfMap(m);
      if (!ids) return null;
      for (const i of ids) out.add(i);
    }
    return out;
  }
  return null;
}

function intersect(list: Ids[]): Ids {
  let acc = null as Set<number> | null;
  for (const s of list) {
    if (!s) continue;
    acc = acc ? new Set([...acc].filter((x) => s.has(x))) : new Set(s);
  }
  return acc;
}

function unite(list: Ids[]): Ids {
  const out = new Set<number>();
  for (const s of list) {
    if (!s) return null;
    for (const x of s) out.add(x);
  }
  return out;
}

export function requiredEventIds(node: ConditionNode, searches: Record<string, unknown>): Ids {
  switch (node.kind) {
    case 'ref':
      return idsOfSearch(searches[node.name]);
    case 'not':
      return null;
    case 'and':
      return intersect(node.items.map((n) => requiredEventIds(n, searches)));
    case 'or':
      return unite(node.items.map((n) => requiredEventIds(n, searches)));
    case 'of': {
      const parts = node.names.map((n) => idsOfSearch(searches[n]));
      return node.count === 'all' ? intersect(parts) : unite(parts);
    }
  }
}
