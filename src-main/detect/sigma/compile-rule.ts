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
import { EventView } from './event-view';
import { fieldSlot } from './field-slots';
import { directFields } from './field-access';
import type { FieldResolver } from './field-access';
import type { EventTest } from './field-check';
import { variantResolver } from './field-mapping';
import { REGISTRY_PREFIXES, resolveLogsource } from './logsource';
import type { LogsourceVariant } from './logsource';
import type { Placeholders } from './placeholders';
import { restoreGate } from './precheck';
import type { PrecheckedRule, StoredGate } from './precheck';
import type { RuleGate } from './rule-gate';
import { lazyRuleMeta, parseRuleMeta } from './rule-meta';
import { storedTreesFit } from './stored-conditions';
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

/** A logsource variant's conditions test (conditionsTest), one shared by all its rules' variants. */
const conditionTests = new WeakMap<LogsourceVariant, EventTest | null>();
function conditionsOf(ls: LogsourceVariant): EventTest | null {
  let t = conditionTests.get(ls);
  if (t === undefined) conditionTests.set(ls, (t = conditionsTest(ls.conditions)));
  return t;
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
      const cond = conditionsOf(ls);
      variant.test = cond ? (v) => cond(v) && t(v) : t;
      return variant.test(view);
    },
    gate: gate((name) => fieldsOf()(name)),
  };
  return variant;
}

/** What a rule the load cache knows reads of its bundle document (bundle-source.ts PrecheckedDocument). */
export interface CachedRuleSource {
  /** The whole document (throws when it cannot be read). */
  doc(): Record<string, unknown>;
  /** The document as parseRuleMeta reads it: its detection may be left empty (throws when it cannot be read). */
  metaDoc(): Record<string, unknown>;
  /** Its detection section (throws when it cannot be read). */
  detection(): Record<string, unknown>;
  /** Its variants' stored gates, `count` of them; null when the cache's are not of the right shape. */
  gates(count: number): StoredGate[] | null;
  /** Its conditions as the cache keeps them, parsed JSON not checked yet (null: none). */
  conditions?(): unknown;
}

/**
 * Per logsource variant, the EventID sets of its cached rules' variants by the EventIDs their
 * conditions require (`*`: any): one set per distinct pair, shared (never changed, as channelsOf's).
 * Only the bundle's rules are cached, so the pairs are as many as the bundle has; bounded all the same.
 */
const eventIdSets = new WeakMap<LogsourceVariant, Map<string, Set<number> | null>>();
const MAX_SHARED_EVENT_ID_SETS = 10_000;
function sharedEventIds(ls: LogsourceVariant, required: number[] | null): Set<number> | null {
  let byRequired = eventIdSets.get(ls);
  if (byRequired === undefined) eventIdSets.set(ls, (byRequired = new Map()));
  const key = required === null ? '*' : required.join(',');
  let set = byRequired.get(key);
  if (set === undefined) {
    set = narrowed(ls.eventIds, required && new Set(required));
    if (byRequired.size < MAX_SHARED_EVENT_ID_SETS) byRequired.set(key, set);
  }
  return set;
}

/** A rule the load cache knows, as its variants share it: its source, and its detection's conditions parsed once, when a variant first runs. */
class CachedRule {
  private checked: Pick<CheckedDetection, 'detection' | 'trees' | 'where'> | undefined;
  private stored: StoredGate[] | null | undefined;
  /** Variants that have not taken their stored gate yet (storedGate). */
  private gatesLeft: number;

  constructor(
    private readonly source: CachedRuleSource,
    readonly placeholders: Placeholders,
    private readonly variantCount: number,
  ) {
    this.gatesLeft = variantCount;
  }

  /**
   * The entry gave the EventIDs and gates: only the conditions are read, from the cache when its
   * trees fit the detection (stored-conditions.ts), else parsed (detection.ts assumeCheckedTrees).
   */
  detection(): Pick<CheckedDetection, 'detection' | 'trees' | 'where'> {
    if (this.checked !== undefined) return this.checked;
    const detection = this.source.detection();
    const trees = this.source.conditions === undefined ? null : storedTreesFit(this.source.conditions(), detection);
    return (this.checked = trees === null ? assumeCheckedTrees(detection) : { detection, trees, where: 'detection' });
  }

  /**
   * The stored gate of the variant at `place`, or undefined when the cache's are not of the right
   * shape. Read once for all the variants and let go once each has taken its own (a bucket asking
   * again reads them again): kept, they and the gates restored from them stayed on the heap for
   * the whole run (~3,800 gates, ~22k keys for the corpus) though the index keeps only its tables.
   */
  storedGate(place: number, first: boolean): StoredGate | undefined {
    let stored = this.stored;
    if (stored === undefined) stored = this.source.gates(this.variantCount);
    if (stored === null) {
      this.stored = null; // malformed: not read again
      return undefined;
    }
    if (first) this.gatesLeft--;
    this.stored = this.gatesLeft > 0 ? stored : undefined;
    return stored[place];
  }
}

/**
 * CachedVariant's test until its first run: builds the matcher (its resolver and conditions too),
 * then is replaced by it. A build that fails (a cache that does not fit its bundle) is not tried
 * again on every event: the variant throws the same error from then on (the caller counts it).
 */
function firstRun(this: CachedVariant, view: EventView): boolean {
  const ls = this.logsource;
  let t: EventTest;
  try {
    t = buildDetectionTest(this.rule.detection(), { fields: resolverOf(ls), placeholders: this.rule.placeholders });
  } catch (e) {
    this.test = () => {
      throw e;
    };
    throw e;
  }
  const cond = conditionsOf(ls);
  this.test = cond ? (v) => cond(v) && t(v) : t;
  return this.test(view);
}

/**
 * CachedVariant's gate: the stored one, restored each time a bucket asks (most variants are asked
 * once; the index keeps only its tables), or worked out from the detection when the stored ones
 * are malformed (then kept).
 */
function cachedGate(this: CachedVariant): RuleGate | null {
  if (this.worked !== undefined) return this.worked;
  const stored = this.rule.storedGate(this.place, !this.gateTaken);
  this.gateTaken = true;
  if (stored !== undefined) return restoreGate(stored);
  const checked = this.rule.detection();
  return (this.worked = lazyGate(checked.trees, checked.detection, resolverOf(this.logsource))());
}

/**
 * A variant of a rule the load cache knows. Its test and gate are functions shared by every such
 * variant (firstRun, cachedGate: no closure per variant at load); `v.test(view)` and `v.gate()`
 * are always called on the variant.
 */
class CachedVariant implements RuleVariant {
  test: EventTest = firstRun;
  gate: () => RuleGate | null = cachedGate;
  /** Its gate worked out from the detection (the cache's gates malformed). */
  worked: RuleGate | null | undefined = undefined;
  /** Has it taken its stored gate once (CachedRule.storedGate)? */
  gateTaken = false;

  constructor(
    readonly logsource: LogsourceVariant,
    readonly channels: Set<string> | null,
    readonly eventIds: Set<number> | null,
    readonly rule: CachedRule,
    /** Its place among the rule's variants (its stored gate's). */
    readonly place: number,
  ) {}
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
 * out again), without its document: metadata from the entry's head (the rest read from the
 * document when first read: rule-meta.ts lazyRuleMeta), variants from the entry, the detection
 * read from the source when a variant first runs, the gates when the index first asks. Null when
 * the entry does not fit (the caller compiles the document instead).
 */
export function compilePrechecked(p: PrecheckedRule, source: CachedRuleSource, path: string, origin: string, placeholders: Placeholders): SigmaRule | null {
  const logsources = resolveLogsource(p.head.logsource);
  const places = p.variants;
  if (places.length === 0) return null;
  for (let k = 0; k < places.length; k++) if (places[k]! >= logsources.length) return null;
  const rule = new CachedRule(source, placeholders, places.length);
  const variants: RuleVariant[] = [];
  for (let k = 0; k < places.length; k++) {
    const ls = logsources[places[k]!]!;
    variants.push(new CachedVariant(ls, channelsOf(ls), sharedEventIds(ls, p.eventIds), rule, k));
  }
  return new SigmaRule(lazyRuleMeta(p.head, path, origin, () => parseRuleMeta(source.metaDoc(), path, origin)), variants);
}
