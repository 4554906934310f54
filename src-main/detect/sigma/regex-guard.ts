/**
 * Sigma `re` values are PCRE-style; JavaScript has no regex timeout, so a rule (untrusted input)
 * could hang the engine with a catastrophic pattern. We refuse the usual shapes of exponential
 * backtracking (a quantified group that itself contains a quantifier or alternation, e.g.
 * `(a+)+`, `(a|a)*`, `(.*x)*`, and back-references), bound the pattern length, and translate the
 * PCRE spellings JavaScript lacks (leading `(?i)`-style flags, `(?P<name>`, `\A`, `\Z`).
 * Values are tested on at most MAX_REGEX_INPUT characters.
 */
import { SigmaRuleError } from './errors';

const MAX_REGEX_LENGTH = 2000;
export const MAX_REGEX_INPUT = 65536;

/** True when a quantified group holds another quantifier or an alternation (nested backtracking). */
export function hasNestedQuantifier(src: string): boolean {
  // For each group: does it contain a quantifier/alternation, and is it followed by a quantifier?
  const stack: { inner: boolean }[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // skip a character class
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(') stack.push({ inner: false });
    else if (c === ')') {
      const g = stack.pop();
      const next = src[i + 1];
      const quantified = next === '*' || next === '+' || (next === '{' && /^\{\d*,?\d*\}/.test(src.slice(i + 1)) && !/^\{\d+\}/.test(src.slice(i + 1)));
      if (g?.inner && quantified) return true;
      if (g?.inner && stack.length) stack[stack.length - 1]!.inner = true;
      if (quantified && stack.length) stack[stack.length - 1]!.inner = true;
    } else if ((c === '*' || c === '+' || c === '?' || c === '{' || c === '|') && stack.length) {
      if (c !== '?' || src[i - 1] !== '(') stack[stack.length - 1]!.inner = true;
    }
  }
  return false;
}

/**
 * PCRE spellings JavaScript lacks, read escape by escape (an escaped backslash is a backslash:
 * `\\AppData` is not the anchor `\A`): `\A` → `^`, `\Z` → `$`, `(?P<name>` → `(?<name>`; a
 * back-reference (`\1`…`\9`, `\k<name>`) is refused.
 */
function pcreSpellings(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[++i];
      if (n === undefined) return out + c; // a trailing backslash: RegExp reports it
      if ((n >= '1' && n <= '9') || (n === 'k' && src[i + 1] === '<')) throw new SigmaRuleError('unsafe-regex', 'back-references are not supported');
      out += n === 'A' ? '^' : n === 'Z' ? '$' : c + n;
    } else if (c === '(' && src.startsWith('?P<', i + 1)) {
      out += '(?<';
      i += 3;
    } else out += c;
  }
  return out;
}

/** Compiles a rule's `re` value with its sub-modifier flags (`i`, `m`, `s`), or throws a SigmaRuleError. */
export function compileSigmaRegex(pattern: string, flags: { i: boolean; m: boolean; s: boolean }): RegExp {
  if (pattern.length > MAX_REGEX_LENGTH) throw new SigmaRuleError('unsafe-regex', `regular expression longer than ${MAX_REGEX_LENGTH} characters`);
  let src = pattern;
  const f = { ...flags };
  const lead = /^\(\?([imsx]+)\)/.exec(src);
  if (lead) {
    if (lead[1]!.includes('x')) throw new SigmaRuleError('unsupported-regex', 'the (?x) flag is not supported');
    for (const c of lead[1]!) f[c as 'i' | 'm' | 's'] = true;
    src = src.slice(lead[0].length);
  }
  src = pcreSpellings(src);
  if (hasNestedQuantifier(src)) throw new SigmaRuleError('unsafe-regex', `nested quantifiers (catastrophic backtracking): ${pattern}`);
  try {
    return new RegExp(src, `${f.i ? 'i' : ''}${f.m ? 'm' : ''}${f.s ? 's' : ''}`);
  } catch (e) {
    throw new SigmaRuleError('regex', `invalid regular expression ${pattern}: ${(e as Error).message}`);
  }
}
