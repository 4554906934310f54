/**
 * The generated fixtures (test/detect/sigma/rule-set-fixtures.test.ts) of the rules SigmaHQ gives a
 * regression test whose data is not in `shared/sigma/regression_data/`: each rule of
 * `shared/sigma/rules/` naming a `regression_tests_path` that is not there (found at test time,
 * never listed by hand) must have a fixture that its rule matches in Event XML, evtx_dump JSON and EVTX,
 * and a negative it does not match. The list and the count that pass are printed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runRuleFixtures } from '../../../helpers/sigma-fixture-run';
import type { RuleFixtureResult } from '../../../helpers/sigma-fixture-run';
import { SHARED_DIR } from '../../../helpers/paths';
import { requires } from '../../../helpers/requires';

const SIGMA = path.join(SHARED_DIR, 'sigma');

interface RegressionRule {
  id: string;
  file: string;
  testPath: string;
}

/** Every rule file under `dir` naming a regression test, with the test's info.yml path. */
function rulesWithRegressionTests(dir: string, out: RegressionRule[] = []): RegressionRule[] {
  for (const n of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, n.name);
    if (n.isDirectory()) rulesWithRegressionTests(p, out);
    else if (/\.ya?ml$/.test(n.name)) {
      const text = readFileSync(p, 'utf8');
      if (!text.includes('regression_tests_path')) continue;
      for (const d of parseAllDocuments(text)) {
        const doc = d.toJSON() as { id?: unknown; regression_tests_path?: unknown } | null;
        if (doc && typeof doc.id === 'string' && typeof doc.regression_tests_path === 'string') out.push({ id: doc.id, file: path.relative(SIGMA, p), testPath: doc.regression_tests_path });
      }
    }
  }
  return out;
}

describe.skipIf(requires('sigma'))('generated fixtures of the rules whose SigmaHQ regression data we do not have', () => {
  let unseen: RegressionRule[];
  let byId: Map<string, RuleFixtureResult>;

  beforeAll(() => {
    const all = rulesWithRegressionTests(path.join(SIGMA, 'rules'));
    unseen = all.filter((r) => !existsSync(path.join(SIGMA, r.testPath)));
    byId = new Map(runRuleFixtures().results.map((r) => [r.id, r]));
    const lines = unseen.map((r) => {
      const res = byId.get(r.id);
      const state = !res ? 'not loaded' : res.notSynthesised ? `not generated: ${res.notSynthesised}` : res.failures.length ? `FAILS: ${res.failures[0]}` : `passes${res.negativeSkipped ? ` (no negative: ${res.negativeSkipped})` : ''}`;
      return `  ${r.file}: ${state}`;
    });
    const passing = unseen.filter((r) => byId.get(r.id) && !byId.get(r.id)!.notSynthesised && byId.get(r.id)!.failures.length === 0).length;
    console.log([`[sigma fixtures] ${all.length} rules name a regression test, ${unseen.length} of them with data not in shared/sigma/regression_data; ${passing} of those pass their generated fixtures:`, ...lines].join('\n'));
  }, 300_000);

  it('finds the rules with unseen regression data', () => {
    expect(unseen.length).toBeGreaterThan(50);
  });

  it('loads each of them, makes its fixture, matches its positive in all three formats and not its negative', () => {
    const bad = unseen.flatMap((r) => {
      const res = byId.get(r.id);
      if (!res) return [`${r.file}: not loaded`];
      if (res.notSynthesised) return [`${r.file}: not generated (${res.notSynthesised})`];
      return res.failures.map((f) => `${r.file}: ${f}`);
    });
    expect(bad).toEqual([]);
  });
});
