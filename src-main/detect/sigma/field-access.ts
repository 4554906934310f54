/**
 * How a compiled rule reads a field: by name from the event view, or (for a field mapping that
 * builds a Sysmon field from other fields, e.g. Security 4657's `ObjectName` + `ObjectValueName`
 * → `TargetObject`) computed once per event and cached in the view. Each access knows its field's
 * slot (event-view.ts `fieldSlot`), so a read is an array index, not a string look-up.
 */
import { derivedName, fieldSlot } from './event-view';
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

export const directFields: FieldResolver = (name) => namedField(name);
