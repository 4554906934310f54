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
  it('reads an escaped backslash before A, Z, a digit, k or (?P< as a backslash, not as \\A, \\Z, a back-reference or a named group', () => {
    // SigmaHQ image_load_malware_csharp_streamer_dotnet_load: `\\AppData\\Local\\Temp\\dat[0-9A-Z]{4}\.tmp`
    const appData = compileSigmaRegex('\\\\AppData\\\\Local\\\\Temp\\\\dat[0-9A-Z]{4}\\.tmp', noFlags);
    expect(appData.test('C:\\Users\\x\\AppData\\Local\\Temp\\datA1B2.tmp')).toBe(true);
    expect(compileSigmaRegex('\\\\Zoom\\\\', noFlags).test('C:\\Zoom\\bin')).toBe(true);
    expect(compileSigmaRegex('C:\\\\1\\\\k<', noFlags).test('C:\\1\\k<')).toBe(true);
    expect(compileSigmaRegex('x\\(?P<', noFlags).test('x(P<')).toBe(true);
    // the anchors themselves still translate, also after an escaped backslash
    expect(compileSigmaRegex('\\Aabc\\Z', noFlags).test('abc')).toBe(true);
    expect(compileSigmaRegex('\\Aabc\\Z', noFlags).test('xabc')).toBe(false);
    expect(compileSigmaRegex('\\\\\\Aabc', noFlags).test('\\Aabc')).toBe(false);
    expect(() => compileSigmaRegex('\\\\(a)\\1', noFlags)).toThrow(/back-references/);
  });
  it('refuses back-references and over-long patterns', () => {
    expect(() => compileSigmaRegex('(a)\\1', noFlags)).toThrow(/back-references/);
    expect(() => compileSigmaRegex('a'.repeat(5000), noFlags)).toThrow(/longer/);
  });
});
