/**
 * A rule's gate: a cheap necessary condition read from its detection, so the index can skip most
 * rules of a busy (channel, EventID) without running them. When the condition requires a search
 * identifier that needs a field to end with `\name` (`Image|endswith: '\cmd.exe'`) or to equal a
 * plain value (`OriginalFileName: 'Cmd.Exe'`), in a map or in every map of a list, the rule can
 * only match an event whose field gives one of those keys (`\`-basename or whole value,
 * lower-cased). Anything else (wildcards, other modifiers, `cased`, derived fields) gives no gate.
 */
import type { ConditionNode } from './condition.ts';
import type { EventView } from './event-view.ts';
import type { FieldResolver } from './field-access.ts';
import { parseSigmaString } from './sigma-string.ts';

export type GateKind = 'base' | 'eq' | 'sub';

export interface GateProbe {
  source: string;
  kind: GateKind;
}

export interface RuleGate {
  probes: GateProbe[];
  /** `probeKey(probe) + '\0' + literal`, lower-cased. */
  keys: string[];
}

const SKIP = new Set(['EventID', 'Channel', 'Provider_Name', 'Computer']);

export const probeKey = (p: GateProbe): string => `${p.kind}\0${p.source}`;

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The gate of one map (AND of its entries: any gate-able entry will do). */
function mapGate(m: Record<string, unknown>, fields: FieldResolver): RuleGate | null {
  for (const [key, raw] of Object.entries(m)) {
    const [name, ...mods] = key.split('|');
    if (!name || SKIP.has(name)) continue;
    const kind: GateKind | null = mods.length === 0 ? 'eq' : mods.length === 1 && mods[0] === 'endswith' ? 'base' : null;
    if (!kind) continue;
    const source = fields(name).source;
    if (!source) continue;
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length === 0) continue;
    const lits: string[] = [];
    for (const v of list) {
      if (typeof v !== 'string' || v === '') break;
      if (kind === 'eq' && !/[*?\\]/.test(v)) lits.push(v.toLowerCase());
      else if (kind === 'base' && /^\\[^\\*?]+$/.test(v)) lits.push(v.slice(1).toLowerCase());
      else break;
    }
    if (lits.length !== list.length) continue;
    const probe = { source, kind };
    return { probes: [probe], keys: lits.map((l) => `${probeKey(probe)}\0${l}`) };
  }
  return subGate(m, fields);
}

const SUB_MODIFIERS = new Set(['contains', 'startswith', 'endswith', 'all', 'cased']);
const MIN_SUB_LITERAL = 3;

/** The longest literal run of a value (a necessary substring of any match), lower-cased. */
function longestLiteral(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  let best = '';
  for (const p of parseSigmaString(v)) if (typeof p === 'string' && p.length > best.length) best = p;
  return best.length >= MIN_SUB_LITERAL ? best.toLowerCase() : null;
}

/**
 * Otherwise a substring gate: an item with only contains/startswith/endswith/all/cased needs its
 * value's longest literal run somewhere in the field (with `all`, any one of the values will do).
 * The entry whose shortest literal is longest is chosen.
 */
function subGate(m: Record<string, unknown>, fields: FieldResolver): RuleGate | null {
  let best: { source: string; lits: string[]; score: number } | null = null;
  for (const [key, raw] of Object.entries(m)) {
    const [name, ...mods] = key.split('|');
    if (!name || SKIP.has(name) || !mods.every((x) => SUB_MODIFIERS.has(x))) continue;
    const source = fields(name).source;
    if (!source) continue;
    const list = Array.isArray(raw) ? raw : [raw];
    const lits = list.map(longestLiteral);
    if (lits.length === 0) continue;
    let chosen: string[];
    if (mods.includes('all')) {
      const ok = lits.filter((l): l is string => l !== null).sort((a, b) => b.length - a.length);
      if (ok.length === 0) continue;
      chosen = [ok[0]!];
    } else {
      if (lits.some((l) => l === null)) continue;
      chosen = lits as string[];
    }
    const score = Math.min(...chosen.map((l) => l.length));
    if (!best || score > best.score) best = { source, lits: chosen, score };
  }
  if (!best) return null;
  const probe: GateProbe = { source: best.source, kind: 'sub' };
  return { probes: [probe], keys: [...new Set(best.lits)].map((l) => `${probeKey(probe)}\0${l}`) };
}

function searchGate(def: unknown, fields: FieldResolver): RuleGate | null {
  if (isMap(def)) return mapGate(def, fields);
  if (Array.isArray(def) && def.length && def.every(isMap)) {
    const gates = def.map((m) => mapGate(m, fields));
    if (gates.some((g) => !g)) return null;
    const probes = new Map<string, GateProbe>();
    for (const g of gates) for (const p of g!.probes) probes.set(probeKey(p), p);
    return { probes: [...probes.values()], keys: [...new Set(gates.flatMap((g) => g!.keys))] };
  }
  return null;
}

/** Search identifiers every match needs (`and`, `all of`, a bare reference). */
function requiredSearches(node: ConditionNode): string[] {
  switch (node.kind) {
    case 'ref':
      return [node.name];
    case 'and':
      return node.items.flatMap(requiredSearches);
    case 'of':
      return node.count === 'all' ? node.names : node.names.length === 1 ? node.names : [];
    default:
      return [];
  }
}

/** The gate of a detection whose conditions are `trees` (several conditions: none). */
export function ruleGate(trees: ConditionNode[], detection: Record<string, unknown>, fields: FieldResolver): RuleGate | null {
  if (trees.length !== 1) return null;
  for (const name of requiredSearches(trees[0]!)) {
    const g = searchGate(detection[name], fields);
    if (g) return g;
  }
  return null;
}

/** The event's keys for the probes (lower-cased values, `\`-basenames, substrings the finder knows). */
export function eventGateKeys(view: EventView, probes: Iterable<GateProbe>, finders: ReadonlyMap<string, SubstringFinder>, out: string[]): void {
  for (const p of probes) {
    const vals = view.lowerValues(p.source);
    if (!vals) continue;
    const pk = probeKey(p);
    if (p.kind === 'sub') {
      const f = finders.get(pk);
      if (f) for (const v of vals) f.find(v, (lit) => out.push(`${pk}\0${lit}`));
      continue;
    }
    for (const v of vals) out.push(`${pk}\0${p.kind === 'base' ? v.slice(v.lastIndexOf('\\') + 1) : v}`);
  }
}

/** Finds every one of a set of literals (length ≥ 2) occurring in a value, filed by their first two units. */
export class SubstringFinder {
  private readonly byPair = new Map<number, string[]>();

  constructor(literals: Iterable<string>) {
    for (const l of new Set(literals)) {
      const k = (l.charCodeAt(0) << 16) | l.charCodeAt(1);
      let list = this.byPair.get(k);
      if (!list) this.byPair.set(k, (list = []));
      list.push(l);
    }
  }

  find(v: string, found: (literal: string) => void): void {
    let seen: Set<string> | null = null;
    for (let i = 0; i + 1 < v.length; i++) {
      const list = this.byPair.get((v.charCodeAt(i) << 16) | v.charCodeAt(i + 1));
      if (list === undefined) continue;
      for (let j = 0; j < list.length; j++) {
        const l = list[j]!;
        if (v.startsWith(l, i) && !(seen ??= new Set()).has(l)) {
          seen.add(l);
          found(l);
        }
      }
    }
  }
}
