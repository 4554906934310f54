/**
 * The index (channel/EventID buckets, EventIDs required by the condition, gates) is an
 * optimisation only: on real events it must give exactly the rules that match when every rule
 * is run on every event.
 */
import { describe, expect, it } from 'vitest';
import { loadSigmaRuleSet } from '../../../src-main/detect/sigma/load';
import { RuleIndex } from '../../../src-main/detect/sigma/rule-index';
import { event, rule } from './helpers';

describe('rule gates and required EventIDs', () => {
  it('a Security rule requiring EventID 4625 is a candidate for 4625 only', () => {
    const r = rule('title: t\nid: a\nlogsource: {product: windows, service: security}\ndetection:\n  s:\n    EventID: 4625\n  condition: s');
    expect([...r.variants[0]!.eventIds!]).toEqual([4625]);
    const r2 = rule('title: t\nid: b\nlogsource: {product: windows, service: security}\ndetection:\n  s:\n    EventID: 4625\n  t:\n    X: 1\n  condition: s or t');
    expect(r2.variants[0]!.eventIds).toBeNull();
    const r3 = rule('title: t\nid: c\nlogsource: {product: windows, service: security}\ndetection:\n  s:\n    - EventID: 4624\n    - EventID: [4625, 4648]\n  f:\n    EventID: 4648\n  condition: s and not f');
    expect([...r3.variants[0]!.eventIds!].sort()).toEqual([4624, 4625, 4648]);
  });
  it('gates come from required items: endswith-basename, plain equality, else a literal run', () => {
    const g = (det: string) => {
      const gate = rule(`title: t\nid: g\nlogsource: {product: windows, category: process_creation}\ndetection:\n${det.replace(/^/gm, '  ')}`).variants[0]!.gate();
      return gate && { keys: gate.keys.map((k) => `${k.kind}\0${k.source}\0${k.lit}`) };
    };
    expect(g("s:\n  Image|endswith: ['\\a.exe', '\\B.exe']\n  CommandLine|contains: x\ncondition: s")?.keys).toEqual(['base\0Image\0a.exe', 'base\0Image\0b.exe']);
    expect(g("s:\n  - Image|endswith: '\\a.exe'\n  - OriginalFileName: 'A.EXE'\ncondition: s")?.keys.sort()).toEqual(['base\0Image\0a.exe', 'eq\0OriginalFileName\0a.exe']);
    // otherwise the longest literal run must occur somewhere in the field
    expect(g("s:\n  Image|endswith: 'a.exe'\ncondition: s")?.keys).toEqual(['sub\0Image\0a.exe']);
    expect(g("s:\n  Image|endswith: '\\a*.exe'\ncondition: s")?.keys).toEqual(['sub\0Image\0.exe']);
    expect(g("s:\n  CommandLine|contains|all: [' -x', 'Invoke-Thing']\ncondition: s")?.keys).toEqual(['sub\0CommandLine\0invoke-thing']);
    expect(g("s:\n  CommandLine|contains: ['ab', 'long enough']\ncondition: s")?.keys).toEqual(['sub\0CommandLine\0ab', 'sub\0CommandLine\0long enough']);
    expect(g("s:\n  CommandLine|contains: ['a', 'long enough']\ncondition: s")).toBeNull(); // one unit: too short to file
    // the literal runs of the alternatives the modifiers make (a windash dash is no literal)
    expect(g("s:\n  CommandLine|windash|contains: ' -enc '\ncondition: s")?.keys).toEqual(['sub\0CommandLine\0enc ']);
    expect(g("s:\n  CommandLine|base64offset|contains: 'IEX'\ncondition: s")?.keys.sort()).toEqual(['sub\0CommandLine\0jrv', 'sub\0CommandLine\0lfw', 'sub\0CommandLine\0suvy']);
    expect(g("s:\n  CommandLine|cased|contains: 'AbΣ'\ncondition: s")).toBeNull(); // a cased non-ASCII literal: its lower case depends on context
    // a `re` gives its necessary literal (regex-literal.ts), a top-level alternation none
    expect(g("s:\n  CommandLine|re: 'abc.*'\ncondition: s")?.keys).toEqual(['sub\0CommandLine\0abc']);
    expect(g("s:\n  CommandLine|re: 'ab|cd'\ncondition: s")).toBeNull();
    // or / 1 of: every branch gated, the union of their keys
    expect(g("s:\n  Image|endswith: '\\a.exe'\nt:\n  User: x\ncondition: s or t")?.keys.sort()).toEqual(['base\0Image\0a.exe', 'eq\0User\0x']);
    expect(g("s:\n  Image|endswith: '\\a.exe'\nt:\n  User|re: x\ncondition: s or t")).toBeNull();
    expect(g("s1:\n  Image|endswith: '\\a.exe'\ns2:\n  User|re: x\nf:\n  B: y\ncondition: 1 of s* and f")?.keys).toEqual(['eq\0B\0y']);
    // and: the most selective part (a whole value over a literal, a long literal over a short one)
    expect(g("s:\n  CommandLine|contains: 'ab'\nt:\n  Image|endswith: '\\a.exe'\ncondition: s and t")?.keys).toEqual(['base\0Image\0a.exe']);
    expect(g("s:\n  CommandLine|contains: 'ab'\n  Image|contains: 'longer'\ncondition: s")?.keys).toEqual(['sub\0Image\0longer']);
    expect(g("s:\n  Image|endswith: '\\a.exe'\ncondition: not s")).toBeNull();
  });
});

describe('merged buckets', () => {
  it('(channel, EventID) pairs offered the same rules share one bucket, whatever evidence names', () => {
    const set = loadSigmaRuleSet({});
    const sec = (eventId: number) => event({}, { channel: 'Security', eventId, provider: 'Microsoft-Windows-Security-Auditing' });
    const a = set.candidates(sec(60001));
    expect(a.length).toBeGreaterThan(0); // the channel-wide Security rules
    for (let id = 60002; id < 60100; id++) expect(set.candidates(sec(id))).toBe(a);
    expect(set.candidates(sec(4625))).not.toBe(a);
    expect(set.candidates(event({}, { channel: 'security', eventId: 60001 }))).toBe(a); // channels compare case-insensitively
  });
});

describe('epochs', () => {
  it('matches stay exact when the per-event epoch counter starts again', () => {
    const r = rule("title: t\nid: w\nlogsource: {product: windows, category: process_creation}\ndetection:\n  s:\n    CommandLine|contains: ['whoami', 'net user']\n  condition: s");
    const index = new RuleIndex([r]);
    const hit = event({ Image: 'C:\\x.exe', CommandLine: 'cmd /c whoami' });
    const miss = event({ Image: 'C:\\x.exe', CommandLine: 'cmd /c dir' });
    expect(index.matches(hit)).toEqual([r]);
    (index as unknown as { epoch: number }).epoch = 0xfffffffd;
    expect(index.matches(miss)).toEqual([]);
    expect(index.matches(hit)).toEqual([r]); // epoch 1 again: the marks of the first call are gone
    for (let i = 0; i < 4; i++) {
      expect(index.matches(hit)).toEqual([r]);
      expect(index.matches(miss)).toEqual([]);
    }
    expect((index as unknown as { epoch: number }).epoch).toBeLessThan(10);
  });
});

describe('a whole-GUID value', () => {
  it('passes its gate and matches the model\'s {UPPER} form, however the rule spells it', () => {
    for (const v of ['19195a5b-6da0-11d0-afd3-00c04fd930c9', '{19195A5B-6DA0-11D0-AFD3-00C04FD930C9}']) {
      const r = rule(`title: t\nid: guid\nlogsource: {product: windows, service: security}\ndetection:\n  s:\n    EventID: 4662\n    ObjectType: '${v}'\n  condition: s`);
      expect(r.variants[0]!.gate()?.keys.map((k) => k.lit)).toContain('{19195a5b-6da0-11d0-afd3-00c04fd930c9}');
      const index = new RuleIndex([r]);
      const sec = (objectType: string) => event({ ObjectType: objectType }, { channel: 'Security', eventId: 4662, provider: 'Microsoft-Windows-Security-Auditing' });
      expect(index.matches(sec('19195a5b-6da0-11d0-afd3-00c04fd930c9')), v).toEqual([r]); // normalised to {19195A5B-…}
      expect(index.matches(sec('{19195a5b-6da0-11d0-afd3-00c04fd930ca}')), v).toEqual([]);
    }
  });
});

