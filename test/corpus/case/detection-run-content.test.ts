/**
 * The shared corpus triaged from reads of event content `'viewed'` (events without a view arrive
 * without their data unless a Sigma rule may read it), `'counted'` (those events are counted in
 * the workers instead) and `'all'`, without Sigma rules and with the bundled set: the same
 * triage, the same events but for those (test/helpers/event-content-runs.ts).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGMA_LOADER, loadTriageRules } from '../../../src-main/case/triage-rules';
import { WorkerPool } from '../../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../../src-main/evidence-reading/worker-script';
import { expectSameTriage, triageWithContent } from '../../helpers/event-content-runs';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';

describe.skipIf(requires('corpus'))('triageCase with eventContent over the shared corpus', () => {
  it('"viewed" and "counted" give the triage "all" gives without Sigma rules', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const rules = await loadTriageRules({ bundledSigma: false }, DEFAULT_SIGMA_LOADER);
      const all = await triageWithContent(SHARED_EVIDENCE, pool, rules, 'all');
      const viewed = await triageWithContent(SHARED_EVIDENCE, pool, rules, 'viewed');
      const counted = await triageWithContent(SHARED_EVIDENCE, pool, rules, 'counted');
      expect(all.events).toBeGreaterThan(50_000);
      expect(all.viewlessWithData).toBeGreaterThan(10_000);
      expectSameTriage(all, viewed);
      expectSameTriage(all, counted);
      // without Sigma rules every view-less event is only counted
      expect(counted.tallied).toBe(all.viewless);
      expect(counted.run.scan.hostSummaries!.hosts.length).toBeGreaterThan(5);
    } finally {
      await pool.close();
    }
  });

  it('"viewed" and "counted" give the triage "all" gives with the bundled Sigma rules', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const rules = await loadTriageRules({}, DEFAULT_SIGMA_LOADER);
      const all = await triageWithContent(SHARED_EVIDENCE, pool, rules, 'all');
      const viewed = await triageWithContent(SHARED_EVIDENCE, pool, rules, 'viewed');
      const counted = await triageWithContent(SHARED_EVIDENCE, pool, rules, 'counted');
      expect(all.run.scan.findings.filter((f) => f.sigma).length).toBeGreaterThan(100);
      // most view-less events are none of the rules' (System's service messages, logons' kin …)
      expect(all.viewlessUnwantedWithData).toBeGreaterThan(all.viewlessWantedWithData);
      expect(all.viewlessWantedWithData).toBeGreaterThan(10_000);
      expectSameTriage(all, viewed);
      expectSameTriage(all, counted);
      expect(counted.tallied).toBeGreaterThan(10_000);
    } finally {
      await pool.close();
    }
  });
}, 300_000);
