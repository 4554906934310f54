/**
 * Compiles a Sigma string (parts with wildcards) into a test on one field value. Plain forms get
 * the fast string operations (`===`, `startsWith`, `endsWith`, `includes`); anything else becomes
 * one anchored regular expression built from escaped literals, which has no nested quantifiers
 * and so runs in linear-ish time. Case-insensitive matching lower-cases the pattern here and the
 * value once per event (see event-fields.ts): the test receives the value in the right case.
 */
import { isGuid, normaliseGuid } from '../../model/guid';
import type { SigmaString } from './sigma-string';

export type StringTest = (value: string) => boolean;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function lower(s: SigmaString, cased: boolean): SigmaString {
  if (cased) return s;
  return s.map((p) => (typeof p === 'string' ? p.toLowerCase() : 'oneOf' in p ? { oneOf: p.oneOf.map((c) => c.toLowerCase()) } : p));
}

/** Merges adjacent literals (after modifiers split them). */
function merged(s: SigmaString): SigmaString {
  const out: SigmaString = [];
  for (const p of s) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else if (typeof p !== 'string' || p !== '') out.push(p);
  }
  return out;
}

const isStar = (p: SigmaString[number] | undefined): boolean => p !== undefined && typeof p !== 'string' && 'wild' in p && p.wild === '*';

export function compileStringTest(value: SigmaString, cased: boolean): StringTest {
  const s = merged(lower(value, cased));
  if (s.length === 0) return (v) => v === '';
  if (s.length === 1 && typeof s[0] === 'string') {
    const lit = s[0];
    const guid = guidForm(lit, cased);
    return guid === null ? (v) => v === lit : (v) => v === lit || v === guid;
  }
  if (s.length === 1 && isStar(s[0])) return () => true;
  if (s.length === 2 && isStar(s[0]) && typeof s[1] === 'string') {
    const lit = s[1];
    return (v) => v.endsWith(lit);
  }
  if (s.length === 2 && typeof s[0] === 'string' && isStar(s[1])) {
    const lit = s[0];
    return (v) => v.startsWith(lit);
  }
  if (s.length === 3 && isStar(s[0]) && typeof s[1] === 'string' && isStar(s[2])) {
    const lit = s[1];
    return (v) => v.includes(lit);
  }
  if (s.every((p) => typeof p === 'string' || isStar(p))) return starTest(s);
  // A leading or trailing `*` is the search's own freedom: `^[^]*X` holds where `X` occurs
  // anywhere, and V8 searches for `X` far faster than it backtracks a leading `[^]*` from the end
  // of the value (measured, Node 20: `^[^]*(?:-|/)enc[^]*$` against `(?:-|/)enc`, 8x).
  const open = isStar(s[0]);
  const end = s.length > 1 && isStar(s[s.length - 1]);
  let src = '';
  for (let i = open ? 1 : 0; i < (end ? s.length - 1 : s.length); i++) {
    const p = s[i]!;
    if (typeof p === 'string') src += escapeRegex(p);
    else if ('wild' in p) src += p.wild === '*' ? '[^]*' : '[^]';
    else src += `(?:${p.oneOf.map(escapeRegex).join('|')})`;
  }
  // Collapse runs of `*` so `**` never doubles the backtracking.
  src = src.replace(/(?:\[\^\]\*){2,}/g, '[^]*');
  const re = new RegExp(`${open ? '' : '^'}${src}${end ? '' : '$'}`);
  return (v) => re.test(v);
}

/**
 * A rule value that is a whole GUID, as the events hold it: the normalised event writes every
 * GUID value `{UPPER}` (model/fields.ts: EVTX, XML and JSON spell them differently), so a rule's
 * bare or lower-case GUID (`ObjectType: 19195a5b-6da0-11d0-afd3-00c04fd930c9`) is compared with that
 * form too. Null when `lit` is not a GUID or is already that form.
 */
function guidForm(lit: string, cased: boolean): string | null {
  if (!isGuid(lit)) return null;
  const canonical = normaliseGuid(lit)!;
  const form = cased ? canonical : canonical.toLowerCase();
  return form === lit ? null : form;
}

/**
 * Literals separated by `*` only: the first literal is a prefix, the last a suffix, the middle
 * ones are found left to right (the leftmost occurrence is always the best choice), so the test
 * is linear in the value whatever the pattern.
 */
function starTest(s: SigmaString): StringTest {
  const anchoredStart = typeof s[0] === 'string';
  const anchoredEnd = typeof s[s.length - 1] === 'string';
  const lits = s.filter((p): p is string => typeof p === 'string');
  const head = anchoredStart ? lits.shift()! : null;
  const tail = anchoredEnd && lits.length > 0 ? lits.pop()! : null;
  return (v) => {
    let from = 0;
    let end = v.length;
    if (head !== null) {
      if (!v.startsWith(head)) return false;
      from = head.length;
    }
    if (tail !== null) {
      if (!v.endsWith(tail) || v.length - tail.length < from) return false;
      end = v.length - tail.length;
    }
    for (const lit of lits) {
      const at = v.indexOf(lit, from);
      if (at < 0 || at + lit.length > end) return false;
      from = at + lit.length;
    }
    return true;
  };
}
