/**
 * triageCase over a read of event content `'viewed'` (events without a view arrive without their
 * data unless a Sigma rule may read it; evidence-reading/messages.ts `EventContent`) and of
 * `'counted'` (those events are counted in the workers, not sent): the same triage as a read of
 * `'all'`, which still carries every event's data, without Sigma rules and with them, also when a
 * pivot event shares its identity with an event without a view.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGMA_LOADER, loadTriageRules, type SigmaLoader } from '../../src-main/case/triage-rules';
import type { SigmaRuleSet } from '../../src-main/detect/sigma/types';
import { WorkerPool } from '../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import { expectSameTriage, triageWithContent } from '../helpers/event-content-runs';
import { REPO_ROOT } from '../helpers/paths';
import { demoWithSystemCopies, SYSMON_CHANNEL } from '../helpers/demo-system-copies';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { buildZip } from '../ingest/zip/build-zip';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');

describe('triageCase with eventContent', () => {
  it('"viewed" and "counted" give the triage "all" gives without Sigma rules; "all" carries the data of events without a view', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const rules = await loadTriageRules({ bundledSigma: false }, DEFAULT_SIGMA_LOADER);
      expect(rules.sigma).toBeNull();
      const all = await triageWithContent(DEMO, pool, rules, 'all');
      const viewed = await triageWithContent(DEMO, pool, rules, 'viewed');
      const counted = await triageWithContent(DEMO, pool, rules, 'counted');
      expect(all.run.scan.findings.length).toBeGreaterThan(0);
      // the detail pass filled pivot events' fields in all of them
      for (const r of [viewed, counted]) expect(r.run.scan.findings.flatMap((f) => f.pivots.timeline).some((e) => Object.keys(e.fields).length > 0)).toBe(true);
      expectSameTriage(all, viewed);
      expectSameTriage(all, counted);
      expect(counted.tallied).toBe(all.viewless);
      expect(all.viewless).toBeGreaterThan(100);
      expect(all.viewlessWithData).toBeGreaterThan(100);
      expect(viewed.viewedWithData).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('gives the pivot events "all" gives when an event without a view shares their identity (evidence path and record id)', async () => {
    const root = demoWithSystemCopies();
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const rules = await loadTriageRules({ bundledSigma: false }, DEFAULT_SIGMA_LOADER);
      const all = await triageWithContent(root, pool, rules, 'all');
      const viewed = await triageWithContent(root, pool, rules, 'viewed');
      const counted = await triageWithContent(root, pool, rules, 'counted');
      const pivots = all.run.scan.findings.flatMap((f) => f.pivots.timeline).filter((e) => e.evidence.endsWith('.xml'));
      expect(pivots.length).toBeGreaterThan(0);
      // each pivot shows its own event, not the System copy that shares its identity (detail-events.ts)
      for (const e of pivots) {
        expect(e.fields.Channel).toBe(SYSMON_CHANNEL);
        expect(e.fields.EventID).toBe(String(e.event_id));
      }
      expectSameTriage(all, viewed);
      expectSameTriage(all, counted);
    } finally {
      await pool.close();
    }
  });

  it('"viewed" and "counted" give the triage "all" gives with the bundled Sigma rules: the events they may read keep their data', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const rules = await loadTriageRules({}, DEFAULT_SIGMA_LOADER);
      expect(rules.sigma).not.toBeNull();
      const all = await triageWithContent(DEMO, pool, rules, 'all');
      const viewed = await triageWithContent(DEMO, pool, rules, 'viewed');
      const counted = await triageWithContent(DEMO, pool, rules, 'counted');
      expect(all.run.scan.findings.some((f) => f.sigma)).toBe(true);
      // view-less events a rule may read are there (the corpus test has those none may read too)
      expect(all.viewlessWantedWithData).toBeGreaterThan(0);
      expectSameTriage(all, viewed);
      expectSameTriage(all, counted);
    } finally {
      await pool.close();
    }
  });

  it('"counted" gives the triage "all" gives of EVTX logs inside a zip (its members read as streams)', async () => {
    const entries = ['DC01', 'WS-FIN-07', 'WS-HR-02'].flatMap((host) => ['Microsoft-Windows-Sysmon%4Operational.evtx', 'Security.evtx']
      .map((name) => ({ name: `${host}/${name}`, data: new Uint8Array(readFileSync(path.join(DEMO, host, name))) })));
    const root = tempEvidenceFolder({ 'collection.zip': buildZip(entries) });
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      for (const bundledSigma of [false, true]) {
        const rules = await loadTriageRules({ bundledSigma }, DEFAULT_SIGMA_LOADER);
        const all = await triageWithContent(root, pool, rules, 'all');
        const counted = await triageWithContent(root, pool, rules, 'counted');
        expect(all.run.scan.findings.length).toBeGreaterThan(0);
        // without Sigma rules every view-less event is only counted; the bundled set may read most of the demo's
        if (!bundledSigma) expect(counted.tallied).toBe(all.viewless);
        expect(all.viewless).toBeGreaterThan(100);
        expectSameTriage(all, counted);
      }
    } finally {
      await pool.close();
    }
  });

  it('reads every event whole when the rules name more keys than a read carries', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 1);
    try {
      // the bundled set, its keys swapped for 5,000 that name no event of the demo
      const manyKeys = Array.from({ length: 5000 }, (_, i) => `no-such-channel-${i}|1`);
      const loader: SigmaLoader = async (o) => Object.assign(Object.create(await DEFAULT_SIGMA_LOADER(o)) as SigmaRuleSet, { dataKeys: () => manyKeys });
      const rules = await loadTriageRules({}, loader);
      const viewed = await triageWithContent(DEMO, pool, rules, 'viewed');
      expect(viewed.viewlessUnwantedWithData).toBeGreaterThan(100);
      expect(viewed.viewlessUnwantedWithData).toBe(viewed.viewlessWithData);
    } finally {
      await pool.close();
    }
  });
});
