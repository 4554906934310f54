/** The necessary literal of a `re` value: every string the pattern matches contains it (lower-cased). */
import { describe, expect, it } from 'vitest';
import { regexLiteral } from '../../../src-main/detect/sigma/regex-literal';
import { compileSigmaRegex } from '../../../src-main/detect/sigma/regex-guard';

describe('regexLiteral', () => {
  it('takes the longest top-level literal run, lower-cased', () => {
    expect(regexLiteral('ipconfig\\s+/all')).toBe('ipconfig');
    expect(regexLiteral('\\$PSHome\\[\\s*\\d{1,3}\\s*\\]\\s*\\+\\s*\\$PSHome\\[')).toBe('$pshome[');
    expect(regexLiteral('(?i)\\$\\{`?e`?n`?v')).toBe('${');
    expect(regexLiteral('Net\\.WebClient')).toBe('net.webclient');
  });
  it('drops a character a quantifier makes optional, keeps one repeated', () => {
    expect(regexLiteral('abcd?ef')).toBe('abc');
    expect(regexLiteral('abcd*ef')).toBe('abc');
    expect(regexLiteral('abcd{0,2}ef')).toBe('abc');
    expect(regexLiteral('abcd+ef')).toBe('abcd');
    expect(regexLiteral('abcdd{2}e')).toBe('abcdd');
  });
  it('skips groups and classes, gives up on alternation and unknown escapes', () => {
    expect(regexLiteral('(foo|bar)bazqux')).toBe('bazqux');
    expect(regexLiteral('[abc]+xyz')).toBe('xyz');
    expect(regexLiteral('foo|bar')).toBeNull();
    expect(regexLiteral('\\x41BCD')).toBeNull();
    expect(regexLiteral('\\u0041xyz')).toBeNull();
    expect(regexLiteral('.*')).toBeNull();
    expect(regexLiteral('abc)')).toBeNull();
    expect(regexLiteral('ab(c')).toBeNull();
    expect(regexLiteral('caf\u00e9s')).toBeNull(); // non-ASCII: lower-casing could differ
  });
  it('is necessary: every sample the pattern matches contains it', () => {
    const cases: [string, string[]][] = [
      ['ping\\s+-n.{6,64}echo EEEE\\s?>\\s?', ['ping  -n 123456 echo EEEE>', 'PING -n abcdefg echo EEEE >']],
      ['\\w+`(?:\\w+|-|.)`[\\w+|\\s]', ['IN`V`o']],
      ['"(?:\\{\\d\\})+"\\s*-f', ['"{1}{2}" -f']],
      ['colou?r\\.exe', ['color.exe', 'colour.exe']],
      ['a{0}bcd', ['bcd']],
    ];
    for (const [re, samples] of cases) {
      const lit = regexLiteral(re);
      const compiled = compileSigmaRegex(re, { i: true, m: false, s: false });
      for (const s of samples) {
        expect(compiled.test(s), `${re} on ${s}`).toBe(true);
        if (lit !== null) expect(s.toLowerCase().includes(lit), `${re} needs ${lit}`).toBe(true);
      }
    }
  });
});
