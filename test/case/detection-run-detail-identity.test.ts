/**
 * A triage whose evidence repeats record ids across channels in one file (Event XML of two
 * channels, each numbering its own records): every pivot event of a finding shows its own event,
 * the one its summary names (EventID, time), not another channel's event read first under the same
 * identity (evidence path and record id; case/detail-events.ts).
 */
import { describe, expect, it } from 'vitest';
import { triageCase } from '../../src-main/case/detection-run';
import { DEFAULT_SIGMA_LOADER, loadTriageRules } from '../../src-main/case/triage-rules';
import { WorkerPool } from '../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import { demoWithSystemCopies, SYSMON_CHANNEL } from '../helpers/demo-system-copies';

describe('triageCase: the detail pass of a file of several channels', () => {
  it('gives each pivot event its own fields when another channel\'s event shares its record id', async () => {
    const root = demoWithSystemCopies();
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const rules = await loadTriageRules({ bundledSigma: false }, DEFAULT_SIGMA_LOADER);
      const run = await triageCase(root, { jobId: 'detail-identity', pool, rules });
      const pivots = run.scan.findings.flatMap((f) => f.pivots.timeline).filter((e) => e.evidence.endsWith('.xml'));
      expect(pivots.length).toBeGreaterThan(0);
      for (const e of pivots) expect([e.fields.Channel, e.channel, e.fields.EventID]).toEqual([SYSMON_CHANNEL, SYSMON_CHANNEL, String(e.event_id)]);
      // a finding's own event is marked so in its timeline, and only its own
      for (const f of run.scan.findings) {
        const own = f.pivots.timeline.filter((e) => e.is_finding_event);
        for (const e of own) expect(f.events?.some((m) => m.evidence === e.evidence && m.record_id === e.record_id && m.event_id === e.event_id)).toBe(true);
      }
    } finally {
      await pool.close();
    }
  });
});
