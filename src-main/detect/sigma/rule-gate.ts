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

export type GateKind = 'base' | 'eq';

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
  return null;
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

/** The event's keys for the probes (lower-cased values, `\`-basenames). */
export function eventGateKeys(view: EventView, probes: Iterable<GateProbe>, out: string[]): void {
  for (const p of probes) {
    const vals = view.lowerValues(p.source);
    if (!vals) continue;
    const pk = probeKey(p);
    for (const v of vals) out.push(`${pk}\0${p.kind === 'base' ? v.slice(v.lastIndexOf('\\') + 1) : v}`);
  }
}
