/**
 * Spec "Related rules": a correlation refers to Sigma rules or correlations by `id` or `name`,
 * and "the referenced rule name has to be defined in the respective rule". A correlation with a
 * reference that names neither a loaded rule nor another usable correlation can never see that
 * rule's events: it is refused with a SigmaLoadError (`unknown-rule`) rather than run half-blind.
 */
import type { SigmaLoadError } from '../types';
import type { CorrelationRule } from './correlation-types';

export function checkReferences(rules: readonly CorrelationRule[], isKnownRule: (idOrName: string) => boolean): { valid: CorrelationRule[]; errors: SigmaLoadError[] } {
  const byKey = new Map<string, number[]>();
  rules.forEach((r, i) => {
    for (const k of [r.id, r.name]) {
      if (!k) continue;
      const list = byKey.get(k);
      if (list) list.push(i);
      else byKey.set(k, [i]);
    }
  });
  // Who refers to whom, and the correlations to refuse; refusing one refuses those that refer to it.
  const referrers = rules.map((): number[] => []);
  const reasons = new Map<number, string>();
  const queue: number[] = [];
  rules.forEach((r, i) => {
    const missing: string[] = [];
    for (const ref of r.rules) {
      const targets = byKey.get(ref);
      if (targets) for (const t of targets) referrers[t]!.push(i);
      else if (!isKnownRule(ref)) missing.push(`"${ref}"`);
    }
    if (missing.length > 0) {
      reasons.set(i, `the correlation refers to ${missing.join(', ')}, which no loaded rule or correlation has as its id or name`);
      queue.push(i);
    }
  });
  while (queue.length > 0) {
    const i = queue.pop()!;
    for (const j of referrers[i]!) {
      if (reasons.has(j)) continue;
      reasons.set(j, `the correlation refers to "${rules[i]!.name ?? rules[i]!.id}", a correlation that cannot run`);
      queue.push(j);
    }
  }
  const valid: CorrelationRule[] = [];
  const errors: SigmaLoadError[] = [];
  rules.forEach((r, i) => {
    const reason = reasons.get(i);
    if (reason === undefined) valid.push(r);
    else errors.push({ path: r.path, id: r.id, title: r.title, code: 'unknown-rule', reason });
  });
  return { valid, errors };
}
