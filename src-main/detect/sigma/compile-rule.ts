/**
 * A rule document compiled into a CompiledSigmaRule: its metadata, and one compiled detection per
 * logsource variant (a Sysmon category rule also runs on Security 4688/4657 when the field
 * mapping covers every field it reads). The rule matches an event when any variant's channel,
 * EventID and conditions hold and its detection matches; filters (Sigma filter documents) that
 * name the rule are applied on top.
 */
import type { NormalisedEvent } from '../../model/event';
import { assumeCheckedTrees, buildDetectionTest, checkDetection, detectionFields, lazyGate } from './detection';
import type { CheckedDetection } from './detection';
import { SigmaRuleError } from './errors';
import { EventView, fieldSlot } from './event-view';
import { directFields } from './field-access';
import type { FieldResolver } from './field-access';
import type { EventTest } from './field-check';
import { variantResolver } from './field-mapping';
import { REGISTRY_PREFIXES, resolveLogsource } from './logsource';
import type { LogsourceVariant } from './logsource';
import type { Placeholders } from './placeholders';
import { restoreGate } from './precheck';
import type { PrecheckedRule } from './precheck';
import type { RuleGate } from './rule-gate';
import { lazyRuleMeta, parseRuleMeta } from './rule-meta';
import type { CompiledSigmaRule, SigmaRuleMeta } from './types';

const SYSTEM_NAMES = new Set(['EventID', 'Channel', 'Computer', 'Provider_Name']);

export interface RuleVariant {
  logsource: LogsourceVariant;
  /** Lower-cased channels, null: any. */
  channels: Set<string> | null;
  eventIds: Set<number> | null;
  /** The variant's conditions and detection (its matcher is built on the first call, then replaces this). */
  test: EventTest;
  /** A necessary condition the index checks first (filters only ever remove matches), worked out on first use. */
  gate: () => RuleGate | null;
}

export class SigmaRule implements CompiledSigmaRule {
  /** Tests of filter documents naming this rule: the rule matches only when every one passes. */
  readonly filters: EventTest[] = [];

  constructor(
    readonly meta: SigmaRuleMeta,
    readonly variants: RuleVariant[],
  ) {}

  match(event: NormalisedEvent): boolean {
    return this.matchView(new EventView(event));
  }

  matchView(view: EventView): boolean {
    const eid = view.event.event_id;
    const channel = view.channel;
    const variants = this.variants;
    for (let i = 0; i < variants.length; i++) {
      const v = variants[i]!;
      if (v.channels !== null && (channel === null || !v.channels.has(channel))) continue;
      if (v.eventIds !== null && (eid === null || !v.eventIds.has(eid))) continue;
      if (!v.test(view)) continue;
      for (let j = 0; j < this.filters.length; j++) if (!this.filters[j]!(view)) return false;
      return true;
    }
    return false;
  }
}

/** The logsource's field conditions (every field gives one of its values, in any case), or null. */
function conditionsTest(conditions: Record<string, string[]>): EventTest | null {
  const entries = Object.entries(conditions).map(([field, vals]) => ({ field, slot: fieldSlot(field), vals: new Set(vals.map((x) => x.toLowerCase())) }));
  if (entries.length === 0) return null;
  return (view) => {
    for (const { field, slot, vals } of entries) {
      const have = view.lowerValuesAt(slot, field);
      if (have === null) return false;
      let ok = false;
      for (let i = 0; i < have.length && !ok; i++) ok = vals.has(have[i]!);
      if (!ok) return false;
    }
    return true;
  };
}

/** The variant's EventIDs, narrowed to those the condition requires (the index offers fewer events). */
function narrowed(variant: number[] | null, required: Set<number> | null): Set<number> | null {
  if (!required) return variant ? new Set(variant) : null;
  return variant ? new Set(variant.filter((i) => required.has(i))) : new Set(required);
}

export interface CompileContext {
  placeholders: Placeholders;
}

/** A logsource variant's channels lower-cased, one set shared by all its rules (never changed); null: any. */
const channelSets = new WeakMap<LogsourceVariant, Set<string> | null>();
function channelsOf(ls: LogsourceVariant): Set<string> | null {
  let set = channelSets.get(ls);
  if (set === undefined) channelSets.set(ls, (set = ls.channels ? new Set(ls.channels.map((c) => c.toLowerCase())) : null));
  return set;
}

/** A logsource variant's field resolver, one shared by all its rules (so they share entry tests: detection.ts). */
const resolvers = new WeakMap<LogsourceVariant, FieldResolver>();
function resolverOf(ls: LogsourceVariant): FieldResolver {
  let r = resolvers.get(ls);
  if (r === undefined) resolvers.set(ls, (r = ls.mapping ? variantResolver(ls.name, ls.mapping.fields, REGISTRY_PREFIXES) : directFields));
  return r;
}

/**
 * A variant of `ls` whose matcher is built from `checked()` the first time it runs (its field
 * resolver and conditions are made then too); `gate` makes its gate from the variant's fields.
 */
function lazyVariant(ls: LogsourceVariant, eventIds: Set<number> | null, checked: () => Pick<CheckedDetection, 'detection' | 'trees' | 'where'>, placeholders: Placeholders, gate: (fields: FieldResolver) => () => RuleGate | null): RuleVariant {
  const fieldsOf = () => resolverOf(ls);
  const variant: RuleVariant = {
    logsource: ls,
    channels: channelsOf(ls),
    eventIds,
    test: (view) => {
      const t = buildDetectionTest(checked(), { fields: fieldsOf(), placeholders });
      const cond = conditionsTest(ls.conditions);
      variant.test = cond ? (v) => cond(v) && t(v) : t;
      return variant.test(view);
    },
    gate: gate((name) => fieldsOf()(name)),
  };
  return variant;
}

/** The variants of a rule the load cache knows (null when the entry does not fit this logsource's variants). */
function precheckedVariants(detection: () => Record<string, unknown>, logsources: readonly LogsourceVariant[], p: PrecheckedRule, placeholders: Placeholders): RuleVariant[] | null {
  if (p.variants.length === 0 || p.variants.some((i) => i >= logsources.length)) return null;
  // The entry gave the EventIDs and gates: only the conditions are parsed when a variant first runs.
  let checked: Pick<CheckedDetection, 'detection' | 'trees' | 'where'> | undefined;
  const lazyChecked = () => (checked ??= assumeCheckedTrees(detection()));
  const required = p.eventIds && new Set(p.eventIds);
  return p.variants.map((i, k) => {
    const ls = logsources[i]!;
    const stored = p.gates[k]!;
    let gate: RuleGate | null | undefined;
    return lazyVariant(ls, narrowed(ls.eventIds, required), lazyChecked, placeholders, () => () => (gate === undefined ? (gate = restoreGate(stored)) : gate));
  });
}

/** The variants of a rule checked here (its check throws what a compile would). */
function checkedVariants(doc: Record<string, unknown>, logsources: readonly LogsourceVariant[], placeholders: Placeholders): RuleVariant[] {
  const variants: RuleVariant[] = [];
  let used: Set<string> | undefined;
  // Checked once, at the first variant that can serve the rule (as a compile there would throw);
  // each variant's matcher is built the first time it runs.
  let det: CheckedDetection | undefined;
  for (const ls of logsources) {
    if (ls.mapping?.available) {
      const ok = new Set([...ls.mapping.available, ...SYSTEM_NAMES]);
      if ([...(used ??= detectionFields(doc['detection']))].some((f) => !ok.has(f))) continue; // the rule reads a field this event does not have
    }
    const checked = (det ??= checkDetection(doc['detection'], placeholders));
    variants.push(lazyVariant(ls, narrowed(ls.eventIds, checked.eventIds), () => checked, placeholders, (fields) => lazyGate(checked.trees, checked.detection, fields)));
  }
  return variants;
}

/** Compiles one rule document (throws SigmaRuleError / SigmaRuleInactive). */
export function compileRule(doc: Record<string, unknown>, path: string, origin: string, ctx: CompileContext): SigmaRule {
  const meta = parseRuleMeta(doc, path, origin);
  const logsources = resolveLogsource(meta.logsource);
  const variants = checkedVariants(doc, logsources, ctx.placeholders);
  if (variants.length === 0) throw new SigmaRuleError('unsupported-logsource', 'no logsource variant can serve the fields this rule reads');
  return new SigmaRule(meta, variants);
}

/**
 * A bundled rule the load cache knows (precheck.ts: its detection passed the check; its variants,
 * the EventIDs its condition requires and its variants' gates are known, so none of them is worked
 * out again), without its document: metadata from the entry's head (the
 * rest read from `doc()` when first read: rule-meta.ts lazyRuleMeta), variants from the entry,
 * the detection read from `doc()` when a variant first runs. Null when the entry does not fit
 * (the caller compiles the document instead).
 */
export function compilePrechecked(p: PrecheckedRule, doc: () => Record<string, unknown>, path: string, origin: string, placeholders: Placeholders): SigmaRule | null {
  const variants = precheckedVariants(() => doc()['detection'] as Record<string, unknown>, resolveLogsource(p.head.logsource), p, placeholders);
  return variants && new SigmaRule(lazyRuleMeta(p.head, path, origin, () => parseRuleMeta(doc(), path, origin)), variants);
}
