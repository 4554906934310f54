/**
 * Bundled rules the load cache knows (precheck.ts), compiled without their documents: the cache
 * entry gives a rule's variants, the EventIDs its condition requires and its variants' gates, so
 * none of them is worked out again; the detection is read from the bundle when a variant first
 * runs. The rules are the same SigmaRule objects compile-rule.ts makes from a document.
 */
import { assumeCheckedTrees, buildDetectionTest, lazyGate } from './detection';
import type { CheckedDetection } from './detection';
import type { EventView } from './event-view';
import type { EventTest } from './field-check';
import { resolveLogsource } from './logsource';
import type { LogsourceVariant } from './logsource';
import type { Placeholders } from './placeholders';
import { restoreGate } from './precheck';
import type { PrecheckedRule, StoredGate } from './precheck';
import type { RuleGate } from './rule-gate';
import { lazyRuleMeta, parseRuleMeta } from './rule-meta';
import { storedTreesFit } from './stored-conditions';
import { SigmaRule, type RuleVariant } from './compile-rule';
import { channelsOf, conditionsOf, narrowed, resolverOf } from './variant-shared';

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
