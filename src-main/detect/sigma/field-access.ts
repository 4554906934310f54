/**
 * How a compiled rule reads a field: by name from the event view, or (for a field mapping that
 * builds a Sysmon field from other fields, e.g. Security 4657's `ObjectName` + `ObjectValueName`
 * → `TargetObject`) computed once per event and cached in the view.
 */
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
  return { name, source: sourceName, values: (v) => v.values(sourceName), lowerValues: (v) => v.lowerValues(sourceName) };
}

export function derivedField(name: string, key: string, compute: (view: EventView) => readonly string[] | null): FieldAccess {
  return {
    name,
    values: (v) => v.derived(key, compute),
    lowerValues: (v) => {
      v.derived(key, compute);
      return v.lowerValues(`\0${key}`);
    },
  };
}

/** Resolves a rule's field name to an access (identity unless a field mapping says otherwise). */
export type FieldResolver = (name: string) => FieldAccess;

export const directFields: FieldResolver = (name) => namedField(name);
