/**
 * Checks an exported document against the ECS field definitions of @elastic/ecs (EcsFlat): every
 * leaf name must be an ECS field, or sit under `winlog.*` (Winlogbeat's own namespace) or
 * `labels.*` (ECS's custom keywords, which must be flat strings); fields with allowed values
 * (`event.kind`, `event.category`, `event.type`, `event.outcome`) must use them.
 */
import { EcsFlat } from '@elastic/ecs';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
interface FieldDef { type: string; allowed_values?: { name: string }[] }
const FLAT = EcsFlat as unknown as Record<string, FieldDef>;

function isObject(v: Json): v is { [k: string]: Json } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Dotted names of the document's leaves (arrays are leaves), outside winlog.* and labels.*. */
function leafNames(doc: Json, prefix = ''): string[] {
  if (!isObject(doc)) return [prefix];
  const out: string[] = [];
  for (const k of Object.keys(doc)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (name === 'winlog' || name === 'labels') { out.push(name); continue; }
    const v = doc[k]!;
    // an ECS field of type object / flattened (e.g. `labels`) is a leaf even when it holds an object
    if (isObject(v) && FLAT[name]?.type !== 'object' && FLAT[name]?.type !== 'flattened') out.push(...leafNames(v, name));
    else out.push(name);
  }
  return out;
}

/** Every problem of `doc` with ECS (empty when it conforms). */
export function ecsProblems(doc: Json): string[] {
  const problems: string[] = [];
  if (!isObject(doc)) return ['not an object'];
  for (const name of leafNames(doc)) {
    if (name === 'winlog') continue;
    if (name === 'labels') {
      const labels = doc.labels;
      if (!isObject(labels!)) problems.push('labels is not an object');
      else for (const [k, v] of Object.entries(labels)) if (typeof v !== 'string') problems.push(`labels.${k} is not a string`);
      continue;
    }
    const def = FLAT[name];
    if (!def) { problems.push(`not an ECS field: ${name}`); continue; }
    if (def.allowed_values) {
      const allowed = new Set(def.allowed_values.map((a) => a.name));
      const parts = name.split('.');
      let v: Json = doc;
      for (const p of parts) v = isObject(v) ? v[p]! : null;
      for (const x of Array.isArray(v) ? v : [v]) if (!allowed.has(String(x))) problems.push(`${name}: ${String(x)} is not an allowed value`);
    }
  }
  return problems;
}
