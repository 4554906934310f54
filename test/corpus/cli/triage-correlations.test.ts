/**
 * Sigma correlation rules through the headless triage (`--rules` on a temp folder): the demo
 * evidence, a base rule and an `event_count` correlation over it, plus a refused correlation. The
 * JSON holds the correlation finding (with `sigma.correlation` and the author), not the base
 * rule's own (`generate: false`), documents the correlation in `rules[]`, lists the refused one in
 * `ruleset.sigma.errors`, and validates against the shared contract.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTriage } from '../../../src-main/cli/run-triage';
import { REPO_ROOT } from '../../helpers/paths';
import { requires } from '../../helpers/requires';
import { triageOutputValidator } from '../../helpers/schema';

const RULES = `
title: Regsvr32 started (base)
id: 0e0e0e0e-1111-4222-8333-555555555551
name: regsvr32_start
status: test
author: Base Author
level: high
logsource: { product: windows, category: process_creation }
detection:
  selection: { Image|endswith: '\\regsvr32.exe' }
  condition: selection
---
title: Regsvr32 on a host (correlation)
id: 0e0e0e0e-1111-4222-8333-555555555552
author: Corr Author
level: critical
correlation:
  type: event_count
  rules: [regsvr32_start]
  group-by: [Computer]
  timespan: 30d
  condition: { gte: 1 }
---
title: Average of nothing
id: 0e0e0e0e-1111-4222-8333-555555555553
correlation:
  type: value_avg
  rules: [regsvr32_start]
  timespan: 1h
  condition: { gte: 1, field: Bytes }
`;

describe.skipIf(requires('contracts'))('headless triage with Sigma correlation rules', () => {
  it('outputs correlation findings instead of the base rule’s, lists the refused correlation, validates', async () => {
    const rulesDir = mkdtempSync(path.join(os.tmpdir(), 'corr-rules-'));
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'corr-out-'));
    try {
      writeFileSync(path.join(rulesDir, 'corr.yml'), RULES);
      const jsonPath = path.join(outDir, 't.json');
      const out: string[] = [];
      const io = { out: (l: string) => out.push(l), err: () => {}, cwd: REPO_ROOT };
      expect(await runTriage(['--no-sigma', '--rules', rulesDir, '--json', jsonPath], io)).toBe(0);
      expect(out.join('\n')).toMatch(/Rules: 4 built-in, 1 Sigma run \(1 high\) at level low\+, 1 correlation; 0 skipped, 1 failed to load/);
      const doc = JSON.parse(readFileSync(jsonPath, 'utf8'));
      const validate = triageOutputValidator();
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      const ids = (doc.findings as { rule_id: string }[]).map((f) => f.rule_id);
      expect(ids).not.toContain('0e0e0e0e-1111-4222-8333-555555555551');
      const corr = doc.findings.filter((f: { rule_id: string }) => f.rule_id === '0e0e0e0e-1111-4222-8333-555555555552');
      expect(corr.length).toBeGreaterThan(0);
      for (const f of corr) {
        expect(f).toMatchObject({ source: 'sigma', level: 'critical', risk_score: 90, sigma: { author: 'Corr Author', correlation: { type: 'event_count', group_by: ['Computer'], timespan: '30d', rules: ['regsvr32_start'] } } });
        expect(f.message).toContain(`Computer=${f.dest}`);
        expect(f.events.length).toBeGreaterThan(0);
      }
      expect(doc.rules.find((r: { id: string }) => r.id === '0e0e0e0e-1111-4222-8333-555555555552')).toMatchObject({ source: 'sigma', author: 'Corr Author' });
      expect(doc.ruleset.sigma).toMatchObject({ rules_run: 1, correlations_run: 1, rules_failed: 1 });
      const refused = doc.ruleset.sigma.errors.find((e: { id: string | null }) => e.id === '0e0e0e0e-1111-4222-8333-555555555553');
      expect(refused).toMatchObject({ code: 'unsupported-correlation' });
    } finally {
      rmSync(rulesDir, { recursive: true, force: true });
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
