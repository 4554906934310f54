/**
 * The load checks a rule (checkDetection, the compile in check-only mode) and builds its matcher
 * when it first runs: the check must throw exactly what the full compile throws, and the matcher
 * built later must be the one the full compile makes.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildDetectionTest, checkDetection, compileDetection } from '../../../src-main/detect/sigma/detection';
import { SigmaRuleError, SigmaRuleInactive } from '../../../src-main/detect/sigma/errors';
import { EventView } from '../../../src-main/detect/sigma/event-view';
import { directFields } from '../../../src-main/detect/sigma/field-access';
import { bundledSigmaAssetsDir } from '../../../src-main/detect/sigma/load-options';
import { readRuleBundle } from '../../../src-main/detect/sigma/rule-bundle';
import { event, rule } from './helpers';

type Outcome = { ok: true; eventIds: number[] | null; fields: string[] } | { ok: false; kind: string; code: string; message: string };

function outcome(run: () => { eventIds: Set<number> | null; fields: Set<string> }): Outcome {
  try {
    const r = run();
    return { ok: true, eventIds: r.eventIds ? [...r.eventIds].sort((a, b) => a - b) : null, fields: [...r.fields].sort() };
  } catch (e) {
    const kind = e instanceof SigmaRuleInactive ? 'inactive' : e instanceof SigmaRuleError ? 'error' : 'other';
    return { ok: false, kind, code: (e as SigmaRuleError).code ?? '', message: (e as Error).message };
  }
}

const placeholders = new Map([['Admins', ['alice', 'bob']]]);

function sameOutcome(detection: unknown, label: string): Outcome {
  const full = outcome(() => compileDetection(detection, { fields: directFields, placeholders }));
  const checked = outcome(() => checkDetection(detection, placeholders));
  expect(checked, label).toEqual(full);
  return full;
}

const BAD = [
  'sel:\n  A|nosuchmod: x\ncondition: sel',
  'sel:\n  A|re: "(a+)+"\ncondition: sel',
  'sel:\n  A|re: "(?x)a"\ncondition: sel',
  'sel:\n  A|re: "["\ncondition: sel',
  'sel:\n  A|i: x\ncondition: sel',
  'sel:\n  A|cidr: 10.0.0.0/99\ncondition: sel',
  'sel:\n  A|cidr: nonsense\ncondition: sel',
  'sel:\n  A|gt: ten\ncondition: sel',
  'sel:\n  A|exists: maybe\ncondition: sel',
  'sel:\n  "|neq": x\ncondition: sel',
  'sel:\n  "|cidr": 10.0.0.0/8\ncondition: sel',
  'sel:\n  A|base64: "a*b"\ncondition: sel',
  'sel:\n  A|expand: "%Missing%"\ncondition: sel',
  'sel:\n  - null\ncondition: sel',
  'sel:\n  A: {x: 1}\ncondition: sel',
  'sel: {}\ncondition: sel',
  'sel:\n  A: x\ncondition: sel and nothere',
  'sel:\n  A: x\ncondition: sel )',
  'sel:\n  A: x',
  'sel:\n  A: x\ncondition: [1]',
  'sel:\n  A|windash|base64offset|contains: "-a -b -c -d -e -f -g -h -i -j -k -l"\ncondition: sel',
];

const GOOD = [
  'sel:\n  Image|endswith: \\cmd.exe\n  CommandLine|contains|all: [" /c ", whoami]\ncondition: sel',
  'sel:\n  A|contains: [a1, a2, a3, a4, a5, a6, a7, a8, a9]\nfilter:\n  B|neq: x\ncondition: sel and not filter',
  'sel:\n  A|expand: "%Admins%"\n  EventID: [4624, 4625]\ncondition: sel',
  'sel:\n  A|re|i: "^ab+c$"\n  B|cidr: 10.0.0.0/8\n  C|gte: 5\ncondition: 1 of sel*',
  'kw:\n  - evil\n  - "*bad?ness*"\ncondition: kw',
];

describe('checkDetection', () => {
  it('throws exactly what the full compile throws, and reads the same EventIDs and fields', () => {
    for (const d of BAD) expect(sameOutcome(parse(d), d).ok, d).toBe(false);
    for (const d of GOOD) expect(sameOutcome(parse(d), d).ok, d).toBe(true);
    expect(sameOutcome('not a map', 'scalar').ok).toBe(false);
  });

  it('agrees with the full compile on every detection of the bundled SigmaHQ set', () => {
    const bundle = readRuleBundle(path.join(bundledSigmaAssetsDir(), 'rules.json'));
    expect(bundle).not.toBeNull();
    let checked = 0;
    let failed = 0;
    for (const f of bundle!.files) {
      for (const d of f.documents) {
        if (!('doc' in d) || d.doc['detection'] === undefined) continue;
        checked++;
        if (!sameOutcome(d.doc['detection'], f.path).ok) failed++;
      }
    }
    expect(checked).toBeGreaterThan(2800);
    expect(failed).toBeGreaterThan(0); // the set has rules that do not compile: they must fail the check too
  }, 120_000);

  it('builds the matcher the full compile makes', () => {
    const d = parse(GOOD[0]!);
    const view = (data: Record<string, string>) => new EventView(event(data));
    const full = compileDetection(d, { fields: directFields, placeholders }).test;
    const built = buildDetectionTest(checkDetection(d, placeholders), { fields: directFields, placeholders });
    for (const data of [
      { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd /c whoami' },
      { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd /c dir' },
      { Image: 'C:\\x\\notcmd.exe', CommandLine: 'cmd /c whoami' },
    ]) expect(built(view(data))).toBe(full(view(data)));
  });
});

describe('a compiled rule', () => {
  it('builds each variant\'s matcher on its first run, then keeps it', () => {
    const r = rule('title: t\nid: lazy\nlogsource: {product: windows, category: process_creation}\ndetection:\n  sel:\n    Image|endswith: \\cmd.exe\n  condition: sel');
    const v = r.variants[0]!;
    const before = v.test;
    const hit = event({ Image: 'C:\\Windows\\System32\\cmd.exe' });
    expect(r.match(hit)).toBe(true);
    const after = v.test;
    expect(after).not.toBe(before);
    expect(r.match(event({ Image: 'C:\\Windows\\System32\\calc.exe' }))).toBe(false);
    expect(v.test).toBe(after);
  });
  it('fails to load with the compile\'s error, at the first variant that can serve it', () => {
    expect(() => rule('title: t\nid: bad\nlogsource: {product: windows, category: process_creation}\ndetection:\n  sel:\n    Image|nosuchmod: x\n  condition: sel')).toThrow(/unsupported modifier 'nosuchmod'/);
  });
});
