/** boundedKey/shownValue: long attacker-controlled values are kept small but still compare exactly. */
import { describe, expect, it } from 'vitest';
import { boundedKey, MAX_VALUE_CHARS, shownValue } from '../../../../src-main/detect/sigma/correlation/bounded-value';
import { CorrelationEngine } from '../../../../src-main/detect/sigma/correlation/correlation-engine';
import { corr, hit } from './helpers';

describe('bounded values', () => {
  it('keeps short values, bounds long ones; equal stays equal, a one-character difference differs', () => {
    expect(boundedKey('DC1')).toBe('DC1');
    const long = 'x'.repeat(64_000);
    expect(boundedKey(long).length).toBeLessThan(MAX_VALUE_CHARS);
    expect(boundedKey(long)).toBe(boundedKey('x'.repeat(64_000)));
    expect(boundedKey(long)).not.toBe(boundedKey(`${'x'.repeat(63_999)}y`));
    expect(shownValue(long)).toMatch(/^x{256}… \(64000 characters\)$/);
  });

  it('groups hits on long values exactly and shows the value cut, through a chain as well', () => {
    const inner = corr('title: I\nname: inner\ncorrelation: {type: event_count, rules: [r], group-by: [U], timespan: 1m, condition: {gte: 2}}');
    const outer = corr('title: O\ncorrelation: {type: temporal_ordered, rules: [inner, s], group-by: [U], timespan: 1m}');
    const a = 'a'.repeat(10_000);
    const b = `${'a'.repeat(9_999)}b`;
    const engine = new CorrelationEngine<string>([outer, inner]);
    engine.add(hit('r', 0, { U: a }));
    engine.add(hit('r', 1, { U: b }));
    engine.add(hit('r', 2, { U: a }));
    engine.add(hit('s', 3, { U: a }));
    engine.add(hit('s', 3, { U: b }));
    const ms = engine.finish();
    expect(ms.map((m) => [m.rule.title, m.count])).toEqual([['I', 2], ['O', 2]]);
    expect(ms[0]!.group.U).toBe(shownValue(a));
  });
});
