import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_CHOICE, isUserPath, normaliseStatuses, sameChoice, summariseRules, withFolder, withoutFolder } from '../../../src-renderer/lib/rule-choice';
import { SIGMAHQ_COMMIT, ruleLink } from '../../../src-renderer/lib/sigma-links';
import { REPO_ROOT } from '../../helpers/paths';

describe('rule choice', () => {
  it('adds a folder once, removes it, and compares choices', () => {
    const a = withFolder(withFolder(DEFAULT_RULE_CHOICE, '/r'), '/r');
    expect(a.folders).toEqual(['/r']);
    expect(withoutFolder(a, '/r').folders).toEqual([]);
    expect(sameChoice(a, { ...a, bundledSigma: undefined })).toBe(true);
    expect(sameChoice(a, { ...a, ruleStatus: ['stable'] })).toBe(false);
    expect(sameChoice({ ...a, ruleStatus: ['test', 'stable'] }, { ...a, ruleStatus: ['stable', 'test'] })).toBe(true);
  });

  it('the default statuses are null (the loader\'s default), any other set is kept', () => {
    expect(normaliseStatuses(['experimental', 'stable', 'test'])).toBeNull();
    expect(normaliseStatuses(['stable'])).toEqual(['stable']);
    expect(normaliseStatuses(['stable', 'test', 'experimental', 'deprecated'])).toHaveLength(4);
  });

  it('tells the user\'s files from the bundled set\'s, not by a shared prefix', () => {
    expect(isUserPath('/r/x.yml', ['/r'])).toBe(true);
    expect(isUserPath('/rules-other/x.yml', ['/r'])).toBe(false);
    expect(isUserPath('rules/windows/x.yml', ['/r'])).toBe(false);
  });

  it('splits the counts by level into the bundled set and the user\'s rules', () => {
    const s = summariseRules({
      version: 'v', origins: [{ origin: 'sigmahq', rules: 5 }, { origin: '/r', rules: 2 }], min_level: 'low', rule_status: null, rules_run: 7,
      rules_by_level: { informational: 0, low: 1, medium: 2, high: 3, critical: 1 }, rules_skipped: 0, rules_failed: 0, errors: [], skipped: [], match_errors: [],
      user_rules: [
        { kind: 'sigma', origin: '/r', path: 'a.yml', id: 'a', title: 'A', level: 'high', author: null },
        { kind: 'sigma', origin: '/r', path: 'b.yml', id: 'b', title: 'B', level: 'critical', author: null },
        { kind: 'json', origin: '/r', path: '/r/c.json', id: 'c', title: 'C', level: null, author: null },
      ],
    }, ['/r', '/empty']);
    expect(s.bundledByLevel).toEqual({ informational: 0, low: 1, medium: 2, high: 2, critical: 0 });
    expect(s.bundledRun).toBe(5);
    expect(s.userRun).toBe(3);
    expect(s.perFolder).toEqual([{ folder: '/r', rules: 3 }, { folder: '/empty', rules: 0 }]);
  });
});

describe('rule links', () => {
  it('points a bundled rule at SigmaHQ at the commit the rules were taken from', () => {
    const head = readFileSync(path.join(REPO_ROOT, 'assets/sigma/rules.json'), { encoding: 'utf8' }).slice(0, 400);
    expect(head).toContain(`"commit":"${SIGMAHQ_COMMIT}"`);
    expect(ruleLink({ origin: 'sigmahq', path: 'rules/windows/process_creation/x y.yml' }).text)
      .toBe(`https://github.com/SigmaHQ/sigma/blob/${SIGMAHQ_COMMIT}/rules/windows/process_creation/x%20y.yml`);
  });

  it('points a user rule at its file', () => {
    expect(ruleLink({ origin: '/home/a/rules', path: 'sub/x.yml' })).toEqual({ kind: 'file', text: '/home/a/rules/sub/x.yml' });
    expect(ruleLink({ origin: 'C:\\rules', path: 'x.yml' }).text).toBe('C:\\rules\\x.yml');
    expect(ruleLink({ origin: '/home/a/x.yml', path: 'x.yml' }).text).toBe('/home/a/x.yml');
    expect(ruleLink({ origin: '/home/a/rules', path: '/home/a/rules/corr.yml' }).text).toBe('/home/a/rules/corr.yml');
  });
});
