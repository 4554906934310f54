/**
 * Field mappings as data (`assets/sigma/field-mappings.json`, plus thor.yml's own
 * `fieldmappings`): how a Sysmon field name reads a Security event's field. A mapping is a
 * rename (`Image` → `NewProcessName`), a registry path built from a key and a value name with
 * the kernel's `\REGISTRY\MACHINE` spelled as Sysmon writes it (`HKLM`), or a value map
 * (`OperationType` `%%1905` → `SetValue`).
 */
import type { EventView } from './event-view';
import { derivedField, namedField } from './field-access';
import type { FieldAccess, FieldResolver } from './field-access';

export type FieldMappingSpec = string | { registry_path: [string, string] } | { from: string; values: Record<string, string> };

export interface VariantSpec {
  fields: Record<string, FieldMappingSpec>;
  /** Sigma fields a rule may read for this variant to run (null: any). */
  available: string[] | null;
}

function rewritePrefix(path: string, prefixes: readonly [string, string][]): string {
  const low = path.toLowerCase();
  for (const [from, to] of prefixes) {
    const f = from.toLowerCase();
    if (low === f || low.startsWith(f + '\\')) return to + path.slice(from.length);
  }
  return path;
}

function mappedAccess(name: string, spec: FieldMappingSpec, prefixes: readonly [string, string][], variant: string): FieldAccess {
  if (typeof spec === 'string') return namedField(name, spec);
  if ('registry_path' in spec) {
    const [keyField, valueField] = spec.registry_path;
    return derivedField(name, `${variant}:${name}`, (view: EventView) => {
      const key = view.values(keyField);
      if (key === null || key.length === 0) return null;
      const value = view.values(valueField);
      const k = rewritePrefix(key[0]!, prefixes);
      return [value && value[0] ? `${k}\\${value[0]}` : k];
    });
  }
  const { from, values } = spec;
  const lowered = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return derivedField(name, `${variant}:${name}`, (view: EventView) => {
    const v = view.values(from);
    return v === null ? null : v.map((x) => lowered.get(x.toLowerCase()) ?? x);
  });
}

/** A resolver for one variant: mapped names read their source, others read themselves. */
export function variantResolver(variant: string, fields: Record<string, FieldMappingSpec>, prefixes: readonly [string, string][]): FieldResolver {
  const cache = new Map<string, FieldAccess>();
  return (name) => {
    let a = cache.get(name);
    if (!a) {
      a = Object.hasOwn(fields, name) ? mappedAccess(name, fields[name]!, prefixes, variant) : namedField(name);
      cache.set(name, a);
    }
    return a;
  };
}
