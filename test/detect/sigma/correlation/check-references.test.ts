/** checkReferences: correlations naming no loaded rule are refused, and so are those built on them. */
import { describe, expect, it } from 'vitest';
import { checkReferences } from '../../../../src-main/detect/sigma/correlation/check-references';
import type { CorrelationRule } from '../../../../src-main/detect/sigma/correlation/correlation-types';
import { corr } from './helpers';

const known = new Set(['base-id', 'base_name']);
const isKnown = (k: string) => known.has(k);

describe('checkReferences', () => {
  it('accepts references to loaded rules (id or name) and to other correlations', () => {
    const inner = corr('title: I\nname: inner\ncorrelation: {type: event_count, rules: [base-id], timespan: 1m, condition: {gte: 2}}');
    const outer = corr('title: O\ncorrelation: {type: temporal, rules: [inner, base_name], timespan: 1m}');
    const { valid, errors } = checkReferences([outer, inner], isKnown);
    expect(valid.map((r) => r.title)).toEqual(['O', 'I']);
    expect(errors).toEqual([]);
  });

  it('refuses a correlation naming an unknown rule, and the correlations that refer to it, however deep', () => {
    const link = corr('title: C\ncorrelation: {type: event_count, rules: [x], timespan: 1m, condition: {gte: 2}}');
    const rules: CorrelationRule[] = Array.from({ length: 2001 }, (_, i) => ({ ...link, title: `C${i}`, name: `c${i}`, rules: [i === 0 ? 'missing_rule' : `c${i - 1}`], path: `c${i}.yml` }));
    rules.push(corr('title: Fine\ncorrelation: {type: event_count, rules: [base-id], timespan: 1m, condition: {gte: 2}}'));
    const { valid, errors } = checkReferences(rules, isKnown);
    expect(valid.map((r) => r.title)).toEqual(['Fine']);
    expect(errors).toHaveLength(2001);
    expect(errors[0]).toMatchObject({ path: 'c0.yml', code: 'unknown-rule', reason: expect.stringContaining('"missing_rule"') });
    expect(errors[1]!.reason).toMatch(/"c0", a correlation that cannot run/);
  });
});
