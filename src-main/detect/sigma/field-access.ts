/**
 * How a compiled rule reads a field: by name from the event view, or (for a field mapping that
 * builds a Sysmon field from other fields, e.g. Security 4657's `ObjectName` + `ObjectValueName`
 * → `TargetObject`) computed once per event and cached in the view. Each access knows its field's
 * slot (field-slots.ts `fieldSlot`), so a read is an array index, not a string look-up.
 */
import { derivedName, fieldSlot } from './field-slots';
import type { EventView } from './event-view';

export interface FieldAccess {
  /** The Sigma field name (messages, indexing). */
  readonly name: string;
  /** The event field read, when the access is a plain read (not derived). */
  readonly source?: string;
  values(view: EventView): readonly string[] | null;
  lowerValues(view: EventView): readonly string[] | null;
}

export function namedField(name: string, sourceName: string = name): FieldAccess {
  const slot = fieldSlot(sourceName);
  return { name, source: sourceName, values: (v) => v.valuesAt(slot, sourceName), lowerValues: (v) => v.lowerValuesAt(slot, sourceName) };
}

export function derivedField(name: string, key: string, compute: (view: EventView) => readonly string[] | null): FieldAccess {
  const slot = fieldSlot(derivedName(key));
  return { name, values: (v) => v.derivedAt(slot, compute), lowerValues: (v) => v.lowerDerivedAt(slot, compute) };
}

/** Resolves a rule's field name to an access (identity unless a field mapping says otherwise). */
export type FieldResolver = (name: string) => FieldAccess;

/** directFields' accesses by name, bounded: rule files name the fields (untrusted). */
const directAccesses = new Map<string, FieldAccess>();
const MAX_DIRECT_ACCESSES = 10_000;

/**
 * The resolver of rules without a field mapping: each name's plain read, made once (a first pass
 * builds thousands of entries over a few hundred names; accesses never change).
 */
export const directFields: FieldResolver = (name) => {
  let a = directAccesses.get(name);
  if (a === undefined) {
    a = namedField(name);
    if (directAccesses.size < MAX_DIRECT_ACCESSES) directAccesses.set(name, a);
  }
  return a;
};
