/**
 * Generated positive and negative fixtures for a Sigma rule: from the rule's detection section and
 * the condition as the engine parses it (src-main/detect/sigma/condition.ts), a satisfying
 * assignment of the condition (searches that must hold, searches that must not), a value for each
 * field item that meets its modifiers (test/helpers/sigma-fixture-values.ts), the logsource
 * variant's channel, EventID and conditions (the mapping data, `resolveLogsource`), checked with
 * an evaluation written apart from the engine. The negative is the positive with one item of a
 * search that must hold broken, kept only when that evaluation says the condition then fails.
 * What cannot be made is a reason (counted by the tests), never a guess.
 */
import type { ConditionNode } from '../../src-main/detect/sigma/condition';
import { parseCondition } from '../../src-main/detect/sigma/condition';
import type { LogsourceVariant } from '../../src-main/detect/sigma/logsource';
import type { Choices, FieldItem, FieldMap, Scalar, Tri, Want } from './sigma-fixture-values';
import { evaluateItem, wantOf } from './sigma-fixture-values';

/** A search identifier: any of its maps, each all of its items. */
type Search = FieldItem[][];
interface Plan {
  pos: string[];
  neg: string[];
}

export interface RuleFixture {
  variant: LogsourceVariant;
  positive: FieldMap;
  /** The detection items the positive meets (its chosen maps, and the logsource's conditions). */
  items: FieldItem[];
  /** The broken copy, or why there is none. */
  negative: FieldMap | { skipped: string };
}

export const SYSTEM_FIELDS = ['EventID', 'Channel', 'Computer', 'Provider_Name'];
const MAX_PLANS = 32;
const KEYWORD_FIELD = 'FixtureKeyword';
const BARE_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function itemsOf(map: Record<string, unknown>, where: string): FieldItem[] {
  return Object.entries(map).map(([key, raw]) => {
    const [name, ...mods] = key.split('|');
    return { field: name || null, mods, values: (Array.isArray(raw) ? raw : [raw]) as Scalar[], where: `${where}.${key}` };
  });
}

function searchesOf(detection: Record<string, unknown>): Map<string, Search> {
  const out = new Map<string, Search>();
  for (const [name, def] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe') continue;
    if (isMap(def)) out.set(name, [itemsOf(def, name)]);
    else if (Array.isArray(def) && def.every(isMap)) out.set(name, def.map((m, i) => itemsOf(m, `${name}[${i}]`)));
    else out.set(name, [[{ field: null, mods: [], values: (Array.isArray(def) ? def : [def]) as Scalar[], where: name }]]);
  }
  return out;
}

function cross(a: Plan[], b: Plan[]): Plan[] {
  const out: Plan[] = [];
  for (const x of a) for (const y of b) if (out.length < MAX_PLANS) out.push({ pos: [...x.pos, ...y.pos], neg: [...x.neg, ...y.neg] });
  return out;
}

/** Satisfying assignments of `node` being `want` (negation pushed to the searches), bounded. */
function plans(node: ConditionNode, want: boolean): Plan[] {
  const anyOf = (ps: Plan[][]): Plan[] => ps.flat().slice(0, MAX_PLANS);
  const allOf = (ps: Plan[][]): Plan[] => ps.reduce((acc, p) => cross(acc, p), [{ pos: [], neg: [] }]);
  switch (node.kind) {
    case 'ref':
      return [want ? { pos: [node.name], neg: [] } : { pos: [], neg: [node.name] }];
    case 'not':
      return plans(node.item, !want);
    case 'and':
    case 'or': {
      const kids = node.items.map((n) => plans(n, want));
      return (node.kind === 'and') === want ? allOf(kids) : anyOf(kids);
    }
    case 'of': {
      const refs = node.names.map((name): ConditionNode => ({ kind: 'ref', name }));
      const need = node.count === 'all' ? refs.length : Math.min(node.count, refs.length);
      // `need` of them hold: each window of `need` consecutive names; fail: enough of them fail.
      if (want) return anyOf(refs.map((_, i) => allOf(refs.slice(i, i + need).map((r) => plans(r, true)))).filter((_, i) => i + need <= refs.length));
      return allOf(refs.slice(0, refs.length - need + 1).map((r) => plans(r, false)));
    }
  }
}

function and3(xs: Tri[]): Tri {
  return xs.includes(false) ? false : xs.includes(null) ? null : true;
}
function or3(xs: Tri[]): Tri {
  return xs.includes(true) ? true : xs.includes(null) ? null : false;
}

function evalSearch(s: Search, fields: FieldMap): Tri {
  return or3(s.map((items) => and3(items.map((it) => evaluateItem(it, fields)))));
}

function evalNode(node: ConditionNode, searches: Map<string, Search>, fields: FieldMap): Tri {
  switch (node.kind) {
    case 'ref': return evalSearch(searches.get(node.name)!, fields);
    case 'not': {
      const r = evalNode(node.item, searches, fields);
      return r === null ? null : !r;
    }
    case 'and': return and3(node.items.map((n) => evalNode(n, searches, fields)));
    case 'or': return or3(node.items.map((n) => evalNode(n, searches, fields)));
    case 'of': {
      const rs = node.names.map((n) => evalSearch(searches.get(n)!, fields));
      const need = node.count === 'all' ? rs.length : node.count;
      const yes = rs.filter((r) => r === true).length;
      const maybe = rs.filter((r) => r === null).length;
      return yes >= need ? true : yes + maybe >= need ? null : false;
    }
  }
}

/** A field's value meeting every want, or null when they conflict. */
function realise(wants: Want[], fields: FieldMap): string | null | 'absent' {
  if (wants.some((w) => w.kind === 'absent')) return wants.every((w) => w.kind === 'absent') ? 'absent' : null;
  const texts = wants.map((w) => (w.kind === 'fieldref' ? { kind: 'text' as const, anchor: w.anchor, text: fields.get(w.other.toLowerCase())?.value ?? 'fieldref-value' } : w));
  const exact = texts.find((w) => w.kind === 'text' && w.anchor === 'exact');
  if (exact && exact.kind === 'text') return exact.text;
  const get = (a: string): string[] => texts.flatMap((w) => (w.kind === 'text' && w.anchor === a ? [w.text] : []));
  const contains = get('contains');
  const prefix = get('prefix').sort((a, b) => b.length - a.length)[0];
  const suffix = get('suffix').sort((a, b) => b.length - a.length)[0];
  if (prefix === undefined && suffix === undefined && contains.length === 0) return 'present';
  return (prefix ?? (contains.length ? 'Lead ' : 'Head')) + contains.join(' ') + (suffix ?? (contains.length ? ' trail' : 'Tail'));
}

function setField(fields: FieldMap, name: string, value: string): void {
  fields.set(name.toLowerCase(), { name: fields.get(name.toLowerCase())?.name ?? name, value });
}

/** The positive for one plan and one choice of map per search, or a reason. */
function build(plan: Plan, searches: Map<string, Search>, variant: LogsourceVariant, choices: Choices, attempt: number): { fields: FieldMap; items: FieldItem[] } | { reason: string } {
  const items: FieldItem[] = [];
  for (const name of new Set(plan.pos)) {
    const maps = searches.get(name)!;
    items.push(...maps[(choices.pick(maps.length, `map:${name}`) + attempt) % maps.length]!);
  }
  for (const [field, vals] of Object.entries(variant.conditions)) items.push({ field, mods: [], values: [vals[0]!], where: `logsource.${field}` });
  const wants = new Map<string, { name: string; wants: Want[] }>();
  let keywords = 0;
  for (const it of items) {
    const chosen = it.mods.includes('all') ? it.values : [it.values[(choices.pick(it.values.length, `value:${it.where}`) + attempt) % it.values.length]!];
    for (const v of chosen) {
      const w = wantOf(it, v, choices);
      if ('reason' in w) return w;
      const name = it.field ?? `${KEYWORD_FIELD}${++keywords}`;
      const slot = wants.get(name.toLowerCase()) ?? { name, wants: [] };
      slot.wants.push(w);
      wants.set(name.toLowerCase(), slot);
    }
  }
  const fields: FieldMap = new Map();
  const refs = [...wants.values()].filter((s) => s.wants.some((w) => w.kind === 'fieldref'));
  for (const slot of [...wants.values()].filter((s) => !refs.includes(s))) {
    const v = realise(slot.wants, fields);
    if (v === null) return { reason: `conflicting items on ${slot.name}` };
    if (v !== 'absent') fields.set(slot.name.toLowerCase(), { name: slot.name, value: v });
  }
  for (const slot of refs) {
    for (const w of slot.wants) if (w.kind === 'fieldref' && !fields.has(w.other.toLowerCase())) setField(fields, w.other, 'fieldref-value');
    const v = realise(slot.wants, fields);
    if (v === null || v === 'absent') return { reason: `conflicting items on ${slot.name}` };
    setField(fields, slot.name, v);
  }
  for (const f of fields.values()) if (BARE_GUID.test(f.value)) return { reason: `a bare GUID value on ${f.name} (the model writes a GUID-valued field as {UPPER}, src-main/model/fields.ts, so no read event carries it)` };
  return { fields, items };
}

/** Fills the System fields the detection left free from the variant; null when the detection's do not fit it. */
function withSystem(fields: FieldMap, variant: LogsourceVariant): boolean {
  const eid = fields.get('eventid');
  if (eid) {
    if (!/^\d+$/.test(eid.value) || (variant.eventIds && !variant.eventIds.includes(Number(eid.value)))) return false;
  } else setField(fields, 'EventID', String(variant.eventIds?.[0] ?? 1));
  const ch = fields.get('channel');
  if (ch) {
    if (variant.channels && !variant.channels.some((c) => c.toLowerCase() === ch.value.toLowerCase())) return false;
  } else setField(fields, 'Channel', variant.channels?.[0] ?? 'Application');
  if (!fields.has('computer')) setField(fields, 'Computer', 'wks-fixture.corp.local');
  if (!fields.has('provider_name')) setField(fields, 'Provider_Name', 'Fixture-Provider');
  return true;
}

/** Makes the searches that must not hold fail where only a missing field makes them hold (a `null` or `exists: false` item). */
function repairNegatives(plan: Plan, searches: Map<string, Search>, fields: FieldMap): void {
  for (const name of plan.neg) {
    for (const items of searches.get(name)!) {
      if (and3(items.map((it) => evaluateItem(it, fields))) === false) continue;
      const fix = items.find((it) => it.field && !fields.has(it.field.toLowerCase()) && (it.values.includes(null) || it.values.includes('') || it.mods.includes('exists')));
      if (fix && !(fix.mods.includes('exists') && (fix.values[0] === true || fix.values[0] === 'true'))) setField(fields, fix.field!, `set-by-fixture-${fix.field}`);
    }
  }
}

/** The positive with one required item broken, when the condition then surely fails. */
function negativeOf(positive: FieldMap, items: FieldItem[], trees: ConditionNode[], searches: Map<string, Search>, choices: Choices): FieldMap | { skipped: string } {
  const isSystem = (it: FieldItem): boolean => it.field !== null && SYSTEM_FIELDS.some((f) => f.toLowerCase() === it.field!.toLowerCase());
  const breakable = items.filter((it) => !it.where.startsWith('logsource.') && it.field?.toLowerCase() !== 'channel');
  if (breakable.length === 0) return { skipped: 'no item to break but the logsource' };
  // An event field first (from a per-rule start), the header's EventID or provider only when nothing else fails it.
  const data = breakable.filter((it) => !isSystem(it));
  const start = choices.pick(data.length, 'negative');
  const candidates = [...data.slice(start), ...data.slice(0, start), ...breakable.filter(isSystem)];
  const fails = (f: FieldMap): boolean => trees.every((t) => evalNode(t, searches, f) === false);
  for (const it of candidates) {
    const names = it.field ? [it.field.toLowerCase()] : [...positive.keys()].filter((n) => n.startsWith(KEYWORD_FIELD.toLowerCase()));
    const changed = new Map(positive);
    // An EventID stays a number (the readers need one): the next one, in the logsource's channel.
    for (const n of names) changed.set(n, { name: positive.get(n)?.name ?? it.field!, value: n === 'eventid' ? String(Number(positive.get(n)!.value) + 1) : 'fixture-broken' });
    if (fails(changed)) return changed;
    if (SYSTEM_FIELDS.some((f) => f.toLowerCase() === names[0])) continue; // the header always has them
    const removed = new Map(positive);
    for (const n of names) removed.delete(n);
    if (fails(removed)) return removed;
  }
  return { skipped: 'no single broken item makes the condition fail (not monotone)' };
}

/**
 * A rule's fixture for its first logsource variant that can carry it (variants with a field
 * mapping are the Security copies: the caller renders those from the positive), or a reason.
 */
export function synthesiseFixture(detection: Record<string, unknown>, variants: readonly LogsourceVariant[], choices: Choices): RuleFixture | { reason: string } {
  const searches = searchesOf(detection);
  const cond = detection['condition'];
  const trees = (Array.isArray(cond) ? cond : [cond]).map((c) => parseCondition(String(c), [...searches.keys()]));
  let reason = 'no satisfying assignment of the condition';
  for (const variant of variants.filter((v) => !v.mapping?.available)) {
    for (const tree of trees) {
      for (const plan of plans(tree, true)) {
        if (plan.pos.some((p) => plan.neg.includes(p))) continue;
        for (let attempt = 0; attempt < 3; attempt++) {
          const b = build(plan, searches, variant, choices, attempt);
          if ('reason' in b) {
            reason = b.reason;
            continue;
          }
          if (!withSystem(b.fields, variant)) {
            reason = 'EventID or Channel of the detection outside the logsource';
            continue;
          }
          repairNegatives(plan, searches, b.fields);
          const ok = trees.some((t) => evalNode(t, searches, b.fields) === true);
          if (!ok) {
            reason = trees.some((t) => evalNode(t, searches, b.fields) === null) ? 'the independent evaluation cannot tell (a filter it cannot evaluate)' : 'the assignment fails the condition (filters overlap the selection)';
            continue;
          }
          return { variant, positive: b.fields, items: b.items, negative: negativeOf(b.fields, b.items, trees, searches, choices) };
        }
      }
    }
  }
  return { reason };
}

/** Choices from a rule id: the same fixture every run, different choices over the set. */
export function choicesFor(ruleId: string): Choices {
  return {
    pick(n: number, salt: string): number {
      let h = 0x811c9dc5;
      for (const c of `${ruleId}\0${salt}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
      return n <= 1 ? 0 : h % n;
    },
  };
}
