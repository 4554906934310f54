/**
 * sigmaDataKeys (src-main/detect/sigma-data-keys.ts): the keys of the set's rules and of the rules
 * correlations run for themselves, null when unknown or too many.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGMA_LOADER, loadTriageRules } from '../../src-main/case/triage-rules';
import { MAX_DATA_KEYS, sigmaDataKeys } from '../../src-main/detect/sigma-data-keys';
import type { SigmaRuleSet } from '../../src-main/detect/sigma/types';

const FAILED_LOGON = `title: Failed logon
name: failed_logon
id: 0d1e2f3a-0000-4000-8000-000000004625
status: test
level: low
author: test
logsource: {product: windows, service: security}
detection:
  s:
    EventID: 4625
  condition: s
`;
const SPRAY = `title: Many failed logons
id: 0d1e2f3a-0000-4000-8000-00000000c0de
status: test
level: high
author: test
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 5m
  condition: {gte: 3}
`;

describe('sigmaDataKeys', () => {
  it('has the keys of a rule that runs only for a correlation (below --min-level)', async () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'data-keys-'));
    try {
      writeFileSync(path.join(d, 'failed.yml'), FAILED_LOGON);
      writeFileSync(path.join(d, 'spray.yml'), SPRAY);
      const all = await loadTriageRules({ paths: [d], bundledSigma: false }, DEFAULT_SIGMA_LOADER);
      expect(sigmaDataKeys(all.sigma, all.correlations)).toEqual(['security|4625']);
      const high = await loadTriageRules({ paths: [d], bundledSigma: false, minLevel: 'high' }, DEFAULT_SIGMA_LOADER);
      expect(high.sigma!.rules).toHaveLength(0);
      expect(high.correlations!.extraRules).toHaveLength(1);
      expect(high.sigma!.dataKeys!()).toEqual([]);
      expect(sigmaDataKeys(high.sigma, high.correlations)).toEqual(['security|4625']);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('is empty without Sigma rules, null for a set that does not say its keys or names too many', () => {
    expect(sigmaDataKeys(null, null)).toEqual([]);
    const set = { rules: [], errors: [], skipped: [], candidates: () => [], matches: () => [] } satisfies SigmaRuleSet;
    expect(sigmaDataKeys(set, null)).toBeNull();
    expect(sigmaDataKeys({ ...set, dataKeys: () => ['system|7045'] }, null)).toEqual(['system|7045']);
    const many = Array.from({ length: MAX_DATA_KEYS + 1 }, (_, i) => `c${i}|1`);
    expect(sigmaDataKeys({ ...set, dataKeys: () => many }, null)).toBeNull();
  });
});
