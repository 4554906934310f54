/**
 * A rule document compiled into a CompiledSigmaRule: its metadata, and one compiled detection per
 * logsource variant (a Sysmon category rule also runs on Security 4688/4657 when the field
 * mapping covers every field it reads). The rule matches an event when any variant's channel,
 * EventID and conditions hold and its detection matches; filters (Sigma filter documents) that
 * name the rule are applied on top. (Bundled rules the load cache knows: compile-cached-rule.ts.)
 */
import type { NormalisedEvent } from '../../model/event';
import { buildDetectionTest, checkDetection, detectionFields, lazyGate } from './detection';
import type { CheckedDetection } from './detection';
import { SigmaRuleError } from './errors';
import { EventView } from './event-view';
import type { FieldResolver } from './field-access';
import type { EventTest } from './field-check';
import { resolveLogsource } from './logsource';
import type { LogsourceVariant } from './logsource';
import type { Placeholders } from './placeholders';
import type { RuleGate } from './rule-gate';
import { parseRuleMeta } from './rule-meta';
import type { CompiledSigmaRule, SigmaRuleMeta } from './types';
import { channelsOf, conditionsOf, narrowed, resolverOf } from './variant-shared';

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

export interface CompileContext {
  placeholders: Placeholders;
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

