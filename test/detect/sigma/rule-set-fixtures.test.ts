/**
 * Every bundled SigmaHQ rule has a positive and a negative fixture, generated from the rule
 * itself (test/helpers/sigma-fixture-synth.ts: a satisfying assignment of its condition, a value
 * per field item that meets its modifiers, the logsource's channel and EventID from the mapping
 * data), read back as Event XML, evtx_dump JSON and binary EVTX through the real readers, and
 * offered to the whole set's index and matchers: the rule matches its positive in all three, never its
 * negative (the positive with one required item broken). The Security copies of the Sysmon
 * categories match the positive rendered as 4688/4657 when every field the rule reads is in the
 * copy's mapping, and are skipped (no match, the Sysmon-only field present) otherwise. What
 * cannot be generated is counted by reason and printed, never silently left out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { countBy, runRuleFixtures } from '../../helpers/sigma-fixture-run';
import type { FixtureRun, RuleFixtureResult } from '../../helpers/sigma-fixture-run';

/** The failures of some rules, one line each, at most 30 rules shown. */
function failures(rs: RuleFixtureResult[], which: (f: string) => boolean): string[] {
  return rs.flatMap((r) => r.failures.filter(which).map((f) => `${r.path} (${r.id}): ${f}`)).slice(0, 30);
}

describe('generated positive and negative fixtures of every bundled Sigma rule', () => {
  let run: FixtureRun;
  let made: RuleFixtureResult[];

  beforeAll(() => {
    run = runRuleFixtures();
    made = run.results.filter((r) => r.notSynthesised === null);
    const copies = run.results.flatMap((r) => r.copies);
    console.log([
      `[sigma fixtures] ${run.loaded} rules loaded (every status, min level informational), ${made.length} with a generated positive, ${run.loaded - made.length} not:`,
      ...countBy(run.results.map((r) => r.notSynthesised)).map((l) => `  ${l}`),
      ...run.results.filter((r) => r.notSynthesised !== null).slice(0, 50).map((r) => `    ${r.path}: ${r.notSynthesised}`),
      `[sigma fixtures] negatives: ${made.filter((r) => r.negativeSkipped === null).length} generated, ${made.filter((r) => r.negativeSkipped !== null).length} skipped:`,
      ...countBy(made.map((r) => r.negativeSkipped)).map((l) => `  ${l}`),
      `[sigma fixtures] Security copies: ${countBy(copies.map((c) => `${c.variant} ${c.expected}`)).join(', ')}`,
      `[sigma fixtures] ${made.reduce((n, r) => n + r.extraPositives, 0)} more positives from other choices (another map, value, dash, letter case), read from Event XML`,
      `[sigma fixtures] modifiers met by the positives (items): ${countBy(made.flatMap((r) => r.modifiers)).join(', ')}`,
      `[sigma fixtures] rules with a failure: ${run.results.filter((r) => r.failures.length).length}`,
    ].join('\n'));
  }, 300_000);

  it('makes a fixture for each rule of the set (from the bundle the set was loaded from)', () => {
    expect(run.setupErrors).toEqual([]);
    expect(run.results.length).toBe(run.loaded);
    // the bundled set is ~2,800 rules; nearly all can be generated (the rest are counted above)
    expect(run.loaded).toBeGreaterThan(2500);
    expect(made.length).toBeGreaterThan(run.loaded * 0.98);
  });

  it('matches every positive, read from Event XML, evtx_dump JSON and binary EVTX', () => {
    expect(failures(made, (f) => f.startsWith('positive'))).toEqual([]);
  });

  it('matches no negative', () => {
    expect(made.filter((r) => r.negativeSkipped === null).length).toBeGreaterThan(made.length * 0.95);
    expect(failures(made, (f) => f.startsWith('negative'))).toEqual([]);
  });

  it('runs the Security 4688/4657 copies exactly when the mapping covers every field the rule reads', () => {
    const copies = made.flatMap((r) => r.copies);
    expect(copies.filter((c) => c.variant === 'process_creation_2' && c.expected === 'match').length).toBeGreaterThan(300);
    expect(copies.filter((c) => c.variant === 'process_creation_2' && c.expected === 'skipped').length).toBeGreaterThan(300);
    expect(copies.filter((c) => c.variant.includes('4657') && c.expected === 'match').length).toBeGreaterThan(100);
    expect(failures(made, (f) => / copy /.test(f))).toEqual([]);
  });
});
