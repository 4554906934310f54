/**
 * The order in which chained correlations are evaluated (spec "Related rules": a correlation may
 * refer to other correlations, by id or name): every correlation after the ones it refers to.
 * A correlation is refused (a SigmaLoadError) when its id or name repeats an earlier
 * correlation's (the spec: `name` is unique, `id` globally unique) or when it is on a reference
 * cycle (it could never be evaluated); correlations that refer to a refused one are evaluated
 * without its matches.
 */
import type { SigmaLoadError } from '../types';
import type { CorrelationRule } from './correlation-types';

export function referenceOrder(rules: readonly CorrelationRule[]): { order: number[]; errors: SigmaLoadError[] } {
  const errors: SigmaLoadError[] = [];
  const refused = new Set<number>();
  const byKey = new Map<string, number>();
  rules.forEach((r, i) => {
    for (const key of [r.id, r.name]) {
      if (key === null || key === '') continue;
      const other = byKey.get(key);
      if (other !== undefined && other !== i) {
        refused.add(i);
        errors.push(error(r, 'duplicate-id', `correlation id or name "${key}" is already used by ${rules[other]!.path}`));
        return;
      }
    }
    for (const key of [r.id, r.name]) if (key !== null && key !== '') byKey.set(key, i);
  });

  // Depth-first, iterative (a hostile rule set may chain deeply): 0 new, 1 on the stack, 2 done.
  const state = new Uint8Array(rules.length);
  const order: number[] = [];
  const deps = (i: number): number[] => rules[i]!.rules.map((ref) => byKey.get(ref)).filter((d): d is number => d !== undefined && !refused.has(d));
  for (let root = 0; root < rules.length; root++) {
    if (state[root] !== 0 || refused.has(root)) continue;
    const stack: { node: number; next: number; kids: number[] }[] = [{ node: root, next: 0, kids: deps(root) }];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.kids.length) {
        const kid = top.kids[top.next++]!;
        if (state[kid] === 1) {
          for (const f of stack.slice(stack.findIndex((s) => s.node === kid))) {
            if (!refused.has(f.node)) errors.push(error(rules[f.node]!, 'correlation-cycle', 'the correlation refers to itself through a cycle of correlations'));
            refused.add(f.node);
          }
        } else if (state[kid] === 0) {
          state[kid] = 1;
          stack.push({ node: kid, next: 0, kids: deps(kid) });
        }
        continue;
      }
      state[top.node] = 2;
      if (!refused.has(top.node)) order.push(top.node);
      stack.pop();
    }
  }
  return { order, errors };
}

function error(r: CorrelationRule, code: string, reason: string): SigmaLoadError {
  return { path: r.path, id: r.id, title: r.title, code, reason };
}
