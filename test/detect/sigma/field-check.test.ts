/** Value forms and modifiers, each from the specification's examples, positive and negative. */
import { describe, expect, it } from 'vitest';
import { SigmaRuleError, SigmaRuleInactive } from '../../../src-main/detect/sigma/errors';
import { detects } from './helpers';

const sel = (body: string): string => `selection:\n${body.replace(/^/gm, '  ')}\ncondition: selection`;

describe('plain values', () => {
  it('match the whole value, case-insensitively', () => {
    expect(detects(sel("Image: 'C:\\Windows\\System32\\cmd.exe'"), { Image: 'c:\\windows\\system32\\CMD.EXE' })).toBe(true);
    expect(detects(sel("Image: 'C:\\Windows\\System32\\cmd.exe'"), { Image: 'C:\\Windows\\System32\\cmd.exe2' })).toBe(false);
  });
  it('a list of values is OR', () => {
    expect(detects(sel('Image:\n  - a.exe\n  - b.exe'), { Image: 'B.exe' })).toBe(true);
    expect(detects(sel('Image:\n  - a.exe\n  - b.exe'), { Image: 'c.exe' })).toBe(false);
  });
  it('several fields are AND', () => {
    expect(detects(sel('Image: a\nUser: b'), { Image: 'a', User: 'b' })).toBe(true);
    expect(detects(sel('Image: a\nUser: b'), { Image: 'a', User: 'c' })).toBe(false);
  });
  it('numbers and booleans match their text form', () => {
    expect(detects(sel('LogonType: 3'), { LogonType: 3 })).toBe(true);
    expect(detects(sel('LogonType: 3'), { LogonType: '3' })).toBe(true);
    expect(detects(sel('LogonType: 3'), { LogonType: '10' })).toBe(false);
    expect(detects(sel('Enabled: true'), { Enabled: 'true' })).toBe(true);
    expect(detects(sel('Enabled: true'), { Enabled: 'false' })).toBe(false);
  });
  it('null matches a missing or empty field only', () => {
    expect(detects(sel('ParentImage: null'), { Image: 'x' })).toBe(true);
    expect(detects(sel('ParentImage: null'), { ParentImage: '' })).toBe(true);
    expect(detects(sel('ParentImage: null'), { ParentImage: 'x' })).toBe(false);
  });
  it('a missing field never matches a value', () => {
    expect(detects(sel('ParentImage: x'), { Image: 'x' })).toBe(false);
  });
  it('the empty string matches an empty field', () => {
    expect(detects(sel("OriginalFileName: ''"), { OriginalFileName: '' })).toBe(true);
    expect(detects(sel("OriginalFileName: ''"), { OriginalFileName: 'a' })).toBe(false);
  });
});

describe('wildcards', () => {
  it('* and ? with escapes', () => {
    expect(detects(sel("CommandLine: '* -enc *'"), { CommandLine: 'powershell -enc AAA' })).toBe(true);
    expect(detects(sel("CommandLine: '* -enc *'"), { CommandLine: 'powershell -e AAA' })).toBe(false);
    expect(detects(sel("Image: 'cm?.exe'"), { Image: 'cmd.exe' })).toBe(true);
    expect(detects(sel("Image: 'cm?.exe'"), { Image: 'cmdd.exe' })).toBe(false);
    expect(detects(sel("Name: 'a\\*b'"), { Name: 'a*b' })).toBe(true);
    expect(detects(sel("Name: 'a\\*b'"), { Name: 'axxb' })).toBe(false);
    expect(detects(sel("Name: 'a\\?'"), { Name: 'ab' })).toBe(false);
  });
});

describe('modifiers', () => {
  it('contains, startswith, endswith', () => {
    expect(detects(sel("CommandLine|contains: 'mimikatz'"), { CommandLine: 'x MimiKatz y' })).toBe(true);
    expect(detects(sel("CommandLine|contains: 'mimikatz'"), { CommandLine: 'x mimi katz' })).toBe(false);
    expect(detects(sel("Image|startswith: 'C:\\Users\\'"), { Image: 'c:\\users\\bob\\a.exe' })).toBe(true);
    expect(detects(sel("Image|startswith: 'C:\\Users\\'"), { Image: 'D:\\c:\\users\\' })).toBe(false);
    expect(detects(sel("Image|endswith: '\\cmd.exe'"), { Image: 'C:\\x\\CMD.exe' })).toBe(true);
    expect(detects(sel("Image|endswith: '\\cmd.exe'"), { Image: 'C:\\x\\cmd.exe.bak' })).toBe(false);
  });
  it('a long contains list mixing plain literals with wildcard values and null: any value (one scan for the literals)', () => {
    const list = (extra: string): string => sel(`CommandLine|contains:\n${[...Array.from({ length: 12 }, (_, i) => `lit${i}x`), extra].map((v) => `  - ${v}`).join('\n')}`);
    const wild = list("'a*b?c'");
    expect(detects(wild, { CommandLine: 'run LIT7X now' })).toBe(true);
    expect(detects(wild, { CommandLine: 'xx A123bZc yy' })).toBe(true);
    expect(detects(wild, { CommandLine: 'a123bc' })).toBe(false);
    expect(detects(wild, { CommandLine: 'lit12x' })).toBe(false);
    const withNull = list('null');
    expect(detects(withNull, { Image: 'x' })).toBe(true);
    expect(detects(withNull, { CommandLine: 'lit3x' })).toBe(true);
    expect(detects(withNull, { CommandLine: 'lit' })).toBe(false);
    const cased = sel(`CommandLine|contains|cased:\n${[...Array.from({ length: 12 }, (_, i) => `Lit${i}`), "'Q*'"].map((v) => `  - ${v}`).join('\n')}`);
    expect(detects(cased, { CommandLine: 'a Lit5 b' })).toBe(true);
    expect(detects(cased, { CommandLine: 'a lit5 b' })).toBe(false);
    expect(detects(cased, { CommandLine: 'aQ' })).toBe(true);
    expect(detects(cased, { CommandLine: 'aq' })).toBe(false);
  });
  it('all makes a list AND', () => {
    const s = sel('CommandLine|contains|all:\n  - -nop\n  - -w hidden');
    expect(detects(s, { CommandLine: 'powershell -nop -w hidden' })).toBe(true);
    expect(detects(s, { CommandLine: 'powershell -nop' })).toBe(false);
    expect(detects(sel('CommandLine|contains:\n  - -nop\n  - -w hidden'), { CommandLine: 'powershell -nop' })).toBe(true);
  });
  it('cased matches case-sensitively', () => {
    expect(detects(sel("CommandLine|cased|contains: 'Invoke'"), { CommandLine: 'x Invoke y' })).toBe(true);
    expect(detects(sel("CommandLine|cased|contains: 'Invoke'"), { CommandLine: 'x invoke y' })).toBe(false);
  });
  it('re is case-sensitive, with i, m and s', () => {
    expect(detects(sel("CommandLine|re: '\\-enc\\s+[A-Z]+'"), { CommandLine: 'ps -enc ABC' })).toBe(true);
    expect(detects(sel("CommandLine|re: '\\-enc\\s+[A-Z]+'"), { CommandLine: 'ps -ENC abc' })).toBe(false);
    expect(detects(sel("CommandLine|re|i: '\\-enc\\s+[A-Z]+'"), { CommandLine: 'ps -ENC abc' })).toBe(true);
    expect(detects(sel("CommandLine|re: '^b$'"), { CommandLine: 'a\nb' })).toBe(false);
    expect(detects(sel("CommandLine|re|m: '^b$'"), { CommandLine: 'a\nb' })).toBe(true);
    expect(detects(sel("CommandLine|re: 'a.b'"), { CommandLine: 'a\nb' })).toBe(false);
    expect(detects(sel("CommandLine|re|s: 'a.b'"), { CommandLine: 'a\nb' })).toBe(true);
  });
  it('re refuses catastrophic patterns as a rule error', () => {
    expect(() => detects(sel("CommandLine|re: '(a+)+$'"), { CommandLine: 'a' })).toThrow(SigmaRuleError);
    expect(() => detects(sel("CommandLine|re: '(unclosed'"), { CommandLine: 'a' })).toThrow(SigmaRuleError);
  });
  it('base64 and base64offset', () => {
    expect(detects(sel("CommandLine|base64: 'http://'"), { CommandLine: 'aHR0cDovLw==' })).toBe(true);
    expect(detects(sel("CommandLine|base64|contains: 'http://'"), { CommandLine: 'x aHR0cDovLw== y' })).toBe(true);
    expect(detects(sel("CommandLine|base64|contains: 'http://'"), { CommandLine: 'x http:// y' })).toBe(false);
    const off = sel("CommandLine|base64offset|contains: 'http://'");
    for (const prefix of ['', 'a', 'ab']) {
      const enc = Buffer.from(`${prefix}http://x`).toString('base64');
      expect(detects(off, { CommandLine: `-e ${enc}` }), prefix).toBe(true);
    }
    expect(detects(off, { CommandLine: Buffer.from('https://x').toString('base64') })).toBe(false);
  });
  it('utf16le/wide, utf16be and utf16 with base64offset', () => {
    const wide = sel("CommandLine|wide|base64offset|contains: 'ping'");
    expect(detects(wide, { CommandLine: Buffer.from('x ping y', 'utf16le').toString('base64') })).toBe(true);
    expect(detects(wide, { CommandLine: Buffer.from('x ping y').toString('base64') })).toBe(false);
    expect(detects(sel("CommandLine|utf16le|base64: 'ab'"), { CommandLine: Buffer.from('ab', 'utf16le').toString('base64') })).toBe(true);
    expect(detects(sel("CommandLine|utf16be|base64: 'ab'"), { CommandLine: Buffer.from([0, 0x61, 0, 0x62]).toString('base64') })).toBe(true);
    expect(detects(sel("CommandLine|utf16be|base64: 'ab'"), { CommandLine: Buffer.from('ab', 'utf16le').toString('base64') })).toBe(false);
    expect(detects(sel("CommandLine|utf16|base64: 'ab'"), { CommandLine: Buffer.from([0xff, 0xfe, 0x61, 0, 0x62, 0]).toString('base64') })).toBe(true);
  });
  it('windash: -, /, en dash, em dash, horizontal bar for an option dash', () => {
    const s = sel("CommandLine|windash|contains: ' -exec bypass'");
    for (const d of ['-', '/', '\u2013', '\u2014', '\u2015']) expect(detects(s, { CommandLine: `ps ${d}exec bypass` }), d).toBe(true);
    expect(detects(s, { CommandLine: 'ps +exec bypass' })).toBe(false);
    // a dash inside a word is not an option dash
    expect(detects(sel("CommandLine|windash|contains: 'a-b'"), { CommandLine: 'a/b' })).toBe(false);
    expect(detects(sel("CommandLine|contains|windash: ' -f '"), { CommandLine: 'x /f y' })).toBe(true);
  });
  it('cidr for IPv4 and IPv6', () => {
    expect(detects(sel("DestinationIp|cidr: '10.0.0.0/8'"), { DestinationIp: '10.20.30.40' })).toBe(true);
    expect(detects(sel("DestinationIp|cidr: '10.0.0.0/8'"), { DestinationIp: '11.0.0.1' })).toBe(false);
    expect(detects(sel("DestinationIp|cidr: 'fe80::/10'"), { DestinationIp: 'fe80::1%12' })).toBe(true);
    expect(detects(sel("DestinationIp|cidr: 'fe80::/10'"), { DestinationIp: 'fec0::1' })).toBe(false);
    expect(detects(sel("DestinationIp|cidr: '192.168.0.0/16'"), { DestinationIp: '::ffff:192.168.1.1' })).toBe(true);
    expect(() => detects(sel("DestinationIp|cidr: '10.0.0.0/33'"), {})).toThrow(SigmaRuleError);
  });
  it('exists', () => {
    expect(detects(sel('Hashes|exists: true'), { Hashes: 'x' })).toBe(true);
    expect(detects(sel('Hashes|exists: true'), { Image: 'x' })).toBe(false);
    expect(detects(sel('Hashes|exists: false'), { Image: 'x' })).toBe(true);
    expect(detects(sel('Hashes|exists: false'), { Hashes: 'x' })).toBe(false);
  });
  it('fieldref compares with another field', () => {
    expect(detects(sel('TargetUserName|fieldref: SubjectUserName'), { TargetUserName: 'Bob', SubjectUserName: 'bob' })).toBe(true);
    expect(detects(sel('TargetUserName|fieldref: SubjectUserName'), { TargetUserName: 'Bob', SubjectUserName: 'alice' })).toBe(false);
    expect(detects(sel('TargetUserName|fieldref: SubjectUserName'), { TargetUserName: 'Bob' })).toBe(false);
    expect(detects(sel('CommandLine|fieldref|contains: Image'), { CommandLine: '"C:\\a.exe" x', Image: 'c:\\a.exe' })).toBe(true);
  });
  it('lt, lte, gt, gte compare numbers', () => {
    expect(detects(sel('Size|gt: 100'), { Size: '101' })).toBe(true);
    expect(detects(sel('Size|gt: 100'), { Size: '100' })).toBe(false);
    expect(detects(sel('Size|gte: 100'), { Size: '100' })).toBe(true);
    expect(detects(sel('Size|lt: 100'), { Size: '99' })).toBe(true);
    expect(detects(sel('Size|lt: 100'), { Size: '100' })).toBe(false);
    expect(detects(sel('Size|lte: 100'), { Size: '100' })).toBe(true);
    expect(detects(sel('Size|lt: 100'), { Size: 'abc' })).toBe(false);
    expect(detects(sel('Size|gt: 10'), { Size: '0x20' })).toBe(true);
  });
  it('neq: present and not equal', () => {
    expect(detects(sel('LogonType|neq: 3'), { LogonType: '10' })).toBe(true);
    expect(detects(sel('LogonType|neq: 3'), { LogonType: '3' })).toBe(false);
    expect(detects(sel('LogonType|neq: 3'), {})).toBe(false);
  });
  it('expand takes placeholder values; without values the rule is inactive', () => {
    const ph = new Map([['Admins', ['CORP\\admin*', 'CORP\\root']]]);
    expect(detects(sel("User|expand: '%Admins%'"), { User: 'corp\\administrator' }, ph)).toBe(true);
    expect(detects(sel("User|expand: '%Admins%'"), { User: 'corp\\bob' }, ph)).toBe(false);
    expect(() => detects(sel("User|expand: '%Admins%'"), { User: 'x' })).toThrow(SigmaRuleInactive);
  });
  it('an unknown modifier is a rule error, never a silent drop', () => {
    expect(() => detects(sel("Image|sounds_like: 'x'"), {})).toThrow(/unsupported modifier 'sounds_like'/);
  });
});

describe('keywords', () => {
  it('a keyword list searches every value', () => {
    const k = 'keywords:\n  - mimikatz\n  - sekurlsa\ncondition: keywords';
    expect(detects(k, { CommandLine: 'run SEKURLSA::logonpasswords' })).toBe(true);
    expect(detects(k, { CommandLine: 'notepad' })).toBe(false);
  });
  it('a keyword map with modifiers (|all)', () => {
    const k = "keywords:\n  '|all':\n    - foo\n    - bar\ncondition: keywords";
    expect(detects(k, { A: 'foo', B: 'bar' })).toBe(true);
    expect(detects(k, { A: 'foo' })).toBe(false);
  });
});
