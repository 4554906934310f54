/**
 * One test for "the value contains any of these N literals" (`Field|contains: [long list]`, e.g.
 * hundreds of emoji or hashes): literals are filed by their first UTF-16 unit, and the value is
 * scanned once, trying only the literals that start with the unit at each position. Same result
 * as N `includes` calls, in one pass over the value.
 */
import type { StringTest } from './string-matcher';

export const MULTI_CONTAINS_MIN = 8;

export function multiContainsTest(literals: readonly string[]): StringTest {
  if (literals.some((l) => l === '')) return () => true;
  const byFirst = new Map<number, string[]>();
  for (const l of new Set(literals)) {
    const c = l.charCodeAt(0);
    let list = byFirst.get(c);
    if (!list) byFirst.set(c, (list = []));
    list.push(l);
  }
  return (v) => {
    for (let i = 0; i < v.length; i++) {
      const list = byFirst.get(v.charCodeAt(i));
      if (list === undefined) continue;
      for (let j = 0; j < list.length; j++) if (v.startsWith(list[j]!, i)) return true;
    }
    return false;
  };
}
