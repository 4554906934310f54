/**
 * One test for "the value contains any of these N literals" (`Field|contains: [long list]`, e.g.
 * hundreds of emoji or hashes): literals are filed by their first UTF-16 unit, and the value is
 * scanned once, trying only the literals that start with the unit at each position. Same result
 * as N `includes` calls, in one pass over the value. Units below 128 (most of any value's) find
 * their literals in an array by unit, the others in a map: a map look-up per position of the
 * value was this test's cost (the rules run mostly in the baseline tier, where it is a call).
 */
import type { StringTest } from './string-matcher';

export const MULTI_CONTAINS_MIN = 8;

const ASCII = 128;

export function multiContainsTest(literals: readonly string[]): StringTest {
  if (literals.some((l) => l === '')) return () => true;
  const ascii: (string[] | null)[] = [];
  for (let c = 0; c < ASCII; c++) ascii.push(null); // packed: no holes to look through
  const other = new Map<number, string[]>();
  for (const l of new Set(literals)) {
    const c = l.charCodeAt(0);
    let list = c < ASCII ? ascii[c]! : other.get(c);
    if (!list) {
      list = [];
      if (c < ASCII) ascii[c] = list;
      else other.set(c, list);
    }
    list.push(l);
  }
  return (v) => {
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      const list = c < ASCII ? ascii[c]! : other.get(c);
      if (list === null || list === undefined) continue;
      for (let j = 0; j < list.length; j++) if (v.startsWith(list[j]!, i)) return true;
    }
    return false;
  };
}
