/**
 * Sigma filter documents (specification 2.x, "Sigma Filters"): a `filter` section with `rules`
 * (ids or names of the rules it applies to) and a detection whose condition must also hold for
 * those rules to match (typically `not selection`, to exclude known-good events).
 */
import { compileDetection } from './detection';
import { SigmaRuleError } from './errors';
import { directFields } from './field-access';
import type { EventTest } from './field-check';
import type { Placeholders } from './placeholders';

export interface SigmaFilter {
  id: string | null;
  title: string;
  /** Rule ids or names the filter applies to. */
  rules: string[];
  test: EventTest;
}

export function compileFilter(doc: Record<string, unknown>, placeholders: Placeholders): SigmaFilter {
  const f = doc['filter'];
  if (typeof f !== 'object' || f === null || Array.isArray(f)) throw new SigmaRuleError('schema', 'filter must be a map');
  const { rules, ...detection } = f as Record<string, unknown>;
  const names = Array.isArray(rules) ? rules : typeof rules === 'string' ? [rules] : null;
  if (!names || names.length === 0 || !names.every((r) => typeof r === 'string')) throw new SigmaRuleError('schema', 'filter.rules must list rule ids or names');
  const title = typeof doc['title'] === 'string' ? doc['title'] : null;
  if (!title) throw new SigmaRuleError('schema', 'the filter has no title');
  const det = compileDetection(detection, { fields: directFields, placeholders }, 'filter');
  return { id: typeof doc['id'] === 'string' ? doc['id'] : null, title, rules: names as string[], test: det.test };
}
