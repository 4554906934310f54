/** Catastrophic-pattern refusal and PCRE spellings. */
import { describe, expect, it } from 'vitest';
import { compileSigmaRegex, hasNestedQuantifier } from '../../../src-main/detect/sigma/regex-guard';

const noFlags = { i: false, m: false, s: false };

describe('regex guard', () => {
  it('flags nested quantifiers, not ordinary patterns', () => {
    for (const bad of ['(a+)+', '(a*)*', '(?:x.*y)+', '((ab)*c)*', '(a|b+){2,}']) expect(hasNestedQuantifier(bad), bad).toBe(true);
    for (const ok of ['a+b*', '(abc)+', '[a-z]+\\.(com|net)', '(?:https?://)?x', '(a)(b)+', '\\(a+\\)+']) expect(hasNestedQuantifier(ok), ok).toBe(false);
  });
  it('translates a leading (?i) and (?P<name>', () => {
    expect(compileSigmaRegex('(?i)abc', noFlags).test('ABC')).toBe(true);
    expect(compileSigmaRegex('(?P<x>a)b', noFlags).test('ab')).toBe(true);
  });
  it('refuses back-references and over-long patterns', () => {
    expect(() => compileSigmaRegex('(a)\\1', noFlags)).toThrow(/back-references/);
    expect(() => compileSigmaRegex('a'.repeat(5000), noFlags)).toThrow(/longer/);
  });
});
