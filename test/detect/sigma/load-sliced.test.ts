/**
 * The sliced load (load.ts loadSigmaRuleSetSliced, the triage's default) is the same load as the
 * synchronous one: same rules in the same order, same skipped rules and the same errors over the
 * whole bundled set and the user fixtures; and it gives the event loop turns while it compiles.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSigmaRuleSet, loadSigmaRuleSetSliced } from '../../../src-main/detect/sigma/load';
import type { LoadedSigmaRuleSet } from '../../../src-main/detect/sigma/rule-set';

const USER = path.resolve(__dirname, '../../fixtures/sigma/user-rules');

const summary = (s: LoadedSigmaRuleSet) => ({
  rules: s.rules.map((r) => `${r.meta.id}\u0000${r.meta.path}\u0000${r.filters.length}`),
  all: s.allRules.length,
  errors: s.errors,
  skipped: s.skipped,
  correlations: s.correlations.map((c) => c.path),
});

describe('loadSigmaRuleSetSliced', () => {
  it('loads the bundled set and the user fixtures exactly as the synchronous load', async () => {
    const opts = { paths: [USER], minLevel: 'low' as const };
    const eager = loadSigmaRuleSet(opts);
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    let sliced: LoadedSigmaRuleSet;
    try {
      sliced = await loadSigmaRuleSetSliced(opts, 1);
    } finally {
      clearInterval(ticker);
    }
    expect(eager.rules.length).toBeGreaterThan(2700);
    expect(eager.errors.length).toBeGreaterThan(0);
    expect(summary(sliced)).toEqual(summary(eager));
    // Timers ran during the load: it did not hold the thread for the whole compile.
    expect(turns).toBeGreaterThan(1);
  }, 240_000);
});
