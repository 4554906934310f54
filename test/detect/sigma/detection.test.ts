/** Search identifiers: maps, lists of maps, keyword lists; schema errors. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildDetectionTest, checkDetection, compileDetection, detectionFields } from '../../../src-main/detect/sigma/detection';
import { EventView } from '../../../src-main/detect/sigma/event-view';
import { directFields, namedField } from '../../../src-main/detect/sigma/field-access';
import { SigmaRuleError } from '../../../src-main/detect/sigma/errors';
import { detects, event } from './helpers';

describe('search identifiers', () => {
  it('a list of maps is OR of ANDed maps', () => {
    const d = 'sel:\n  - A: 1\n    B: 1\n  - C: 1\ncondition: sel';
    expect(detects(d, { A: '1', B: '1' })).toBe(true);
    expect(detects(d, { C: '1' })).toBe(true);
    expect(detects(d, { A: '1' })).toBe(false);
  });
  it('a keyword list matches anywhere in any field (and the header)', () => {
    const d = 'kw:\n  - evil.exe\ncondition: kw';
    expect(detects(d, { Something: 'C:\\evil.exe --x' })).toBe(true);
    expect(detects(d, { Something: 'C:\\good.exe' })).toBe(false);
    expect(detects('kw:\n  - host1.corp\ncondition: kw', {})).toBe(true); // Computer
  });
  it('schema errors are rule errors', () => {
    for (const bad of ['sel: {}\ncondition: sel', 'sel: []\ncondition: sel', 'sel:\n  - A: 1\n  - x\ncondition: sel', 'sel:\n  A: 1', 'sel:\n  A: [[1]]\ncondition: sel']) {
      expect(() => detects(bad, {}), bad).toThrow(SigmaRuleError);
    }
  });
  it('detectionFields lists the field names read', () => {
    expect([...detectionFields(parse('a:\n  Image|endswith: x\n  CommandLine: y\nb:\n  - User: z\nk:\n  - kw\ncondition: a'))].sort()).toEqual(['CommandLine', 'Image', 'User']);
  });
});

describe('a checked detection built for matching (buildDetectionTest)', () => {
  const yaml = 'sel:\n  Image|endswith: \\a.exe\n  CommandLine|contains: x\nsel2:\n  - User: bob\n  - User: ann\ncondition: sel and not sel2';
  const events: [Record<string, string>, boolean][] = [
    [{ Image: 'C:\\b.exe', CommandLine: 'x' }, false],
    [{ Image: 'C:\\A.EXE', CommandLine: 'y' }, false],
    [{ Image: 'C:\\a.exe', CommandLine: 'aXb', User: 'Bob' }, false],
    [{ Image: 'C:\\a.exe', CommandLine: 'aXb', User: 'eve' }, true],
    [{ Image: 'C:\\a.exe', CommandLine: 'x' }, true],
  ];
  it('builds each entry when the selection first reaches it, and matches as the whole compile does', () => {
    const resolved: string[] = [];
    const fields = (name: string) => { resolved.push(name); return namedField(name); };
    const det = parse(yaml) as Record<string, unknown>;
    const lazy = buildDetectionTest(checkDetection(det, new Map()), { fields, placeholders: new Map() });
    const whole = compileDetection(det, { fields: directFields, placeholders: new Map() }).test;
    expect(resolved).toEqual([]);
    const [first, ...rest] = events;
    expect(lazy(new EventView(event(first![0])))).toBe(false);
    expect(resolved).toEqual(['Image']); // CommandLine and sel2 not reached yet
    for (const [data, want] of rest) {
      const e = event(data);
      expect(lazy(new EventView(e)), JSON.stringify(data)).toBe(want);
      expect(whole(new EventView(e)), JSON.stringify(data)).toBe(want);
    }
    expect(resolved.sort()).toEqual(['CommandLine', 'Image', 'User', 'User']);
  });
});

describe('entry tests shared between lazily built detections', () => {
  const det = (yaml: string) => checkDetection(parse(yaml) as Record<string, unknown>, new Map());
  it('one resolver: a repeated entry is built once, and each detection still answers for itself', () => {
    const resolved: string[] = [];
    const fields = (name: string) => { resolved.push(name); return namedField(name); };
    const placeholders = new Map();
    const a = buildDetectionTest(det('sel:\n  Image|endswith: \\cmd.exe\n  CommandLine|contains: /c\ncondition: sel'), { fields, placeholders });
    const b = buildDetectionTest(det('sel:\n  Image|endswith: \\cmd.exe\n  CommandLine|contains: /k\ncondition: sel'), { fields, placeholders });
    const c = event({ Image: 'C:\\Windows\\cmd.exe', CommandLine: 'cmd /c dir' });
    const k = event({ Image: 'C:\\Windows\\CMD.EXE', CommandLine: 'cmd /k dir' });
    expect([a(new EventView(c)), b(new EventView(c)), a(new EventView(k)), b(new EventView(k))]).toEqual([true, false, false, true]);
    expect(resolved.sort()).toEqual(['CommandLine', 'CommandLine', 'Image']); // Image|endswith built once
  });
  it('values that read alike are not shared: null and \'null\', a list and its JSON text, a string starting with NUL', () => {
    const fields = (name: string) => namedField(name);
    const placeholders = new Map();
    const test = (yaml: string) => buildDetectionTest(det(yaml), { fields, placeholders });
    const nul = test('sel:\n  User: null\ncondition: sel');
    const text = test("sel:\n  User: 'null'\ncondition: sel");
    const list = test("sel:\n  User: ['a', 'b']\ncondition: sel");
    const json = test('sel:\n  User: \'["a","b"]\'\ncondition: sel');
    const nulText = test('sel:\n  User: "\\0null"\ncondition: sel');
    const none = new EventView(event({ Other: 'x' }));
    const named = new EventView(event({ User: 'null' }));
    const a = new EventView(event({ User: 'a' }));
    const quoted = new EventView(event({ User: '["a","b"]' }));
    const withNul = new EventView(event({ User: '\0null' }));
    expect([nul(none), text(none), nul(named), text(named)]).toEqual([true, false, false, true]);
    expect([list(a), json(a), list(quoted), json(quoted)]).toEqual([true, false, false, true]);
    expect([nulText(withNul), nul(withNul), nulText(none)]).toEqual([true, false, false]);
  });

  it('other resolvers or other placeholders: not shared', () => {
    const placeholders = new Map();
    const d = det('sel:\n  Image|endswith: \\cmd.exe\ncondition: sel');
    const direct = buildDetectionTest(d, { fields: directFields, placeholders });
    const mapped = buildDetectionTest(d, { fields: (name) => namedField(name, name === 'Image' ? 'NewProcessName' : name), placeholders });
    const sysmon = event({ Image: 'C:\\Windows\\cmd.exe' });
    const security = event({ NewProcessName: 'C:\\Windows\\cmd.exe' });
    expect([direct(new EventView(sysmon)), direct(new EventView(security)), mapped(new EventView(sysmon)), mapped(new EventView(security))]).toEqual([true, false, false, true]);
    const e = checkDetection(parse("sel:\n  User|expand: '%admins%'\ncondition: sel") as Record<string, unknown>, new Map([['admins', ['x']]]));
    const one = buildDetectionTest(e, { fields: directFields, placeholders: new Map([['admins', ['bob']]]) });
    const two = buildDetectionTest(e, { fields: directFields, placeholders: new Map([['admins', ['ann']]]) });
    const bob = event({ User: 'bob' });
    expect([one(new EventView(bob)), two(new EventView(bob))]).toEqual([true, false]);
  });
});
