/** The string matcher's fast paths agree with a plain wildcard regex, on generated patterns. */
import { describe, expect, it } from 'vitest';
import { parseSigmaString } from '../../../src-main/detect/sigma/sigma-string';
import type { SigmaString } from '../../../src-main/detect/sigma/sigma-string';
import { compileStringTest } from '../../../src-main/detect/sigma/string-matcher';

function reference(pattern: string, value: string): boolean {
  const src = parseSigmaString(pattern).map((p) => (typeof p === 'string' ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : 'wild' in p ? (p.wild === '*' ? '[^]*' : '[^]') : '')).join('');
  return new RegExp(`^${src}$`).test(value);
}

describe('compileStringTest', () => {
  it('agrees with a regex on 5,000 seeded random patterns and values', () => {
    let seed = 42;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    const alpha = 'ab*?\\';
    for (let i = 0; i < 5000; i++) {
      const pattern = Array.from({ length: rnd(7) }, () => alpha[rnd(alpha.length)]).join('');
      const value = Array.from({ length: rnd(8) }, () => 'ab*'[rnd(3)]).join('');
      expect(compileStringTest(parseSigmaString(pattern), true)(value), `${pattern} ~ ${value}`).toBe(reference(pattern, value));
    }
  });
  it('a pattern with alternatives or `?` and a leading or trailing star finds its middle anywhere, across line breaks', () => {
    const dash: SigmaString = [{ wild: '*' }, { oneOf: ['-', '/'] }, 'enc', { wild: '*' }];
    const t = compileStringTest(dash, true);
    expect(t('powershell -enc abc')).toBe(true);
    expect(t('powershell\n/enc')).toBe(true);
    expect(t('-enc')).toBe(true);
    expect(t('powershell enc')).toBe(false);
    const tail = compileStringTest(parseSigmaString('*/temp/?.exe'), true);
    expect(tail('c:/x\ny/temp/a.exe')).toBe(true);
    expect(tail('c:/temp/a.exe.txt')).toBe(false);
    const head = compileStringTest(parseSigmaString('c:/?/*'), true);
    expect(head('c:/a/\nb')).toBe(true);
    expect(head('d:/c:/a/')).toBe(false);
  });
  it('a star pattern is linear on a hostile value', () => {
    const t = compileStringTest(parseSigmaString('*a*a*a*a*a*a*b'), true);
    expect(t('a'.repeat(200_000))).toBe(false);
  });
  it('lower-cases the pattern unless cased', () => {
    expect(compileStringTest(parseSigmaString('ABC*'), false)('abcd')).toBe(true);
    expect(compileStringTest(parseSigmaString('ABC*'), true)('abcd')).toBe(false);
  });
  it('a whole-GUID value also equals the events\' {UPPER} form of it (the model writes GUIDs so), not other GUIDs', () => {
    const held = '{19195A5B-6DA0-11D0-AFD3-00C04FD930C9}';
    for (const rule of ['19195a5b-6da0-11d0-afd3-00c04fd930c9', '{19195a5b-6da0-11d0-afd3-00c04fd930c9}', '19195A5B-6DA0-11D0-AFD3-00C04FD930C9']) {
      expect(compileStringTest(parseSigmaString(rule), false)(held.toLowerCase()), rule).toBe(true);
      expect(compileStringTest(parseSigmaString(rule), true)(held), `${rule} cased`).toBe(true);
      expect(compileStringTest(parseSigmaString(rule), false)('{19195a5b-6da0-11d0-afd3-00c04fd930ca}'), rule).toBe(false);
    }
    // not a GUID: unchanged
    expect(compileStringTest(parseSigmaString('19195a5b-6da0-11d0-afd3'), false)('{19195a5b-6da0-11d0-afd3}')).toBe(false);
  });
});
