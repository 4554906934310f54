/**
 * A cached rule's conditions as the load cache keeps them (precheck.ts): the trees condition.ts
 * parses from the rule's `condition` (detection.ts assumeCheckedTrees), written as JSON, so a rule's
 * first run reads them instead of tokenizing and parsing its text (153 texts in a triage of the
 * shared corpus: 19–29 ms cold through the parser, 0.6–1.1 ms as JSON). Nothing in them is
 * trusted: a tree is used only when it is of the parser's shape and refers only to the rule's own
 * search identifiers (`storedTreesFit`); else the text is parsed as before.
 */
import type { ConditionNode } from './condition';

/** Deeper trees are not read from the cache (the parser's own bound is 64 levels of nesting). */
const MAX_STORED_DEPTH = 256;

/** Is `x` a condition tree of the parser's shape whose every name is in `names`? */
function fits(x: unknown, names: ReadonlySet<string>, depth: number): x is ConditionNode {
  if (depth > MAX_STORED_DEPTH || typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const n = x as Record<string, unknown>;
  switch (n['kind']) {
    case 'ref':
      return typeof n['name'] === 'string' && names.has(n['name']);
    case 'not':
      return fits(n['item'], names, depth + 1);
    case 'and':
    case 'or': {
      const items = n['items'];
      if (!Array.isArray(items) || items.length === 0) return false;
      for (let i = 0; i < items.length; i++) if (!fits(items[i], names, depth + 1)) return false;
      return true;
    }
    case 'of': {
      const count = n['count'];
      const of = n['names'];
      if (count !== 'all' && !(Number.isSafeInteger(count) && (count as number) > 0)) return false;
      if (!Array.isArray(of) || of.length === 0) return false;
      for (let i = 0; i < of.length; i++) if (typeof of[i] !== 'string' || !names.has(of[i] as string)) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * The stored trees when they can stand for the detection's conditions: one per condition text, each
 * of the parser's shape, naming only the detection's search identifiers; else null (the caller
 * parses the conditions).
 */
export function storedTreesFit(stored: unknown, detection: Record<string, unknown>): ConditionNode[] | null {
  if (!Array.isArray(stored)) return null;
  const cond = detection['condition'];
  if (stored.length !== (Array.isArray(cond) ? cond.length : 1)) return null;
  const names = new Set<string>();
  const keys = Object.keys(detection);
  for (let i = 0; i < keys.length; i++) if (keys[i] !== 'condition' && keys[i] !== 'timeframe') names.add(keys[i]!);
  for (let i = 0; i < stored.length; i++) if (!fits(stored[i], names, 0)) return null;
  return stored as ConditionNode[];
}
