/**
 * What every rule's variant of one logsource variant shares (logsource.ts), made once per variant
 * and never changed: its lower-cased channels, its field resolver (so the rules share entry tests:
 * detection.ts), its field conditions' test; and the narrowing of its EventIDs to a condition's.
 */
import type { FieldResolver } from './field-access';
import { directFields } from './field-access';
import type { EventTest } from './field-check';
import { variantResolver } from './field-mapping';
import { fieldSlot } from './field-slots';
import { REGISTRY_PREFIXES } from './logsource';
import type { LogsourceVariant } from './logsource';

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
export function narrowed(variant: number[] | null, required: Set<number> | null): Set<number> | null {
  if (!required) return variant ? new Set(variant) : null;
  return variant ? new Set(variant.filter((i) => required.has(i))) : new Set(required);
}

/** A logsource variant's channels lower-cased, one set shared by all its rules (never changed); null: any. */
const channelSets = new WeakMap<LogsourceVariant, Set<string> | null>();
export function channelsOf(ls: LogsourceVariant): Set<string> | null {
  let set = channelSets.get(ls);
  if (set === undefined) channelSets.set(ls, (set = ls.channels ? new Set(ls.channels.map((c) => c.toLowerCase())) : null));
  return set;
}

/** A logsource variant's field resolver, one shared by all its rules (so they share entry tests: detection.ts). */
const resolvers = new WeakMap<LogsourceVariant, FieldResolver>();
export function resolverOf(ls: LogsourceVariant): FieldResolver {
  let r = resolvers.get(ls);
  if (r === undefined) resolvers.set(ls, (r = ls.mapping ? variantResolver(ls.name, ls.mapping.fields, REGISTRY_PREFIXES) : directFields));
  return r;
}

/** A logsource variant's conditions test (conditionsTest), one shared by all its rules' variants. */
const conditionTests = new WeakMap<LogsourceVariant, EventTest | null>();
export function conditionsOf(ls: LogsourceVariant): EventTest | null {
  let t = conditionTests.get(ls);
  if (t === undefined) conditionTests.set(ls, (t = conditionsTest(ls.conditions)));
  return t;
}
