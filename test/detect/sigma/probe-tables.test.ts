import { describe, expect, it } from 'vitest';
import { fileGated, probeOf, type GateTable } from '../../../src-main/detect/sigma/probe-tables';
import type { RuleGate } from '../../../src-main/detect/sigma/rule-gate';
import { fieldSlot } from '../../../src-main/detect/sigma/field-slots';

const gate = (...keys: [RuleGate['keys'][number]['kind'], string, string][]): RuleGate => ({ keys: keys.map(([kind, source, lit]) => ({ kind, source, lit })), score: 1 });

describe('fileGated', () => {
  it('files each rule under every key of its gates, one table per (kind, field), a rule once per key', () => {
    const tables = new Map<string, GateTable>();
    fileGated(0, [gate(['eq', 'Image', 'a.exe'], ['sub', 'CommandLine', 'foo']), gate(['eq', 'Image', 'a.exe'], ['eq', 'Image', 'b.exe'])], tables);
    fileGated(1, [gate(['eq', 'Image', 'b.exe'], ['sub', 'Image', 'foo'])], tables);
    const view = [...tables.values()].map((t) => [t.kind, t.source, [...t.lits]]);
    expect(view).toEqual([
      ['eq', 'Image', [['a.exe', [0]], ['b.exe', [0, 1]]]],
      ['sub', 'CommandLine', [['foo', [0]]]],
      ['sub', 'Image', [['foo', [1]]]],
    ]);
  });
});

describe('probeOf', () => {
  it('makes a value map of an eq or base table and a finder of a sub table, with each literal\'s rules', () => {
    const tables = new Map<string, GateTable>();
    fileGated(3, [gate(['base', 'Image', 'cmd.exe'], ['sub', 'CommandLine', 'whoami'], ['sub', 'CommandLine', '-enc'])], tables);
    fileGated(5, [gate(['sub', 'CommandLine', 'whoami'])], tables);
    const [base, sub] = [...tables.values()].map(probeOf);
    expect(base!.kind).toBe('base');
    expect(base!.slot).toBe(fieldSlot('Image'));
    expect(base!.finder).toBeNull();
    expect(base!.exact!.get('cmd.exe')).toEqual([3]);
    expect(sub!.exact).toBeNull();
    const lits = sub!.finder!.literals;
    expect(lits.map((l, i) => [l, sub!.byLiteral[i]]).sort()).toEqual([['-enc', [3]], ['whoami', [3, 5]]]);
  });
});
