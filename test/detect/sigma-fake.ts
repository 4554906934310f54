/**
 * A tiny SigmaRuleSet for the detection tests (the real engine, detect/sigma/, is tested on its
 * own): each rule is a predicate on the normalised event plus its metadata; `candidates` is every
 * rule, which the contract allows (a superset of the matches).
 */
import type { NormalisedEvent } from '../../src-main/model/event';
import type { CompiledSigmaRule, SigmaLevel, SigmaRuleMeta, SigmaRuleSet } from '../../src-main/detect/sigma/types';

export function sigmaMeta(id: string, level: SigmaLevel, extra: Partial<SigmaRuleMeta> = {}): SigmaRuleMeta {
  return {
    id, title: `Rule ${id}`, name: null, level, status: 'test', description: `What ${id} looks for`, author: 'A. Author',
    date: '2026-01-01', modified: null, references: ['https://example.org/ref'], falsepositives: ['Admins'],
    tags: ['attack.execution', 'attack.t1059.001'], logsource: { product: 'windows', category: 'process_creation' },
    mitre: ['T1059.001'], path: `rules/windows/${id}.yml`, origin: 'sigmahq', ...extra,
  };
}

export function fakeRule(meta: SigmaRuleMeta, match: (e: NormalisedEvent) => boolean): CompiledSigmaRule {
  return { meta, match };
}

export function fakeRuleSet(rules: CompiledSigmaRule[]): SigmaRuleSet {
  return {
    rules, errors: [], skipped: [],
    candidates: () => rules,
    matches: (e) => rules.filter((r) => r.match(e)), // throws when a rule throws, as a real set may
  };
}
