/**
 * The shared corpus's triage (full Sigma set) does not depend on the order its events arrive in:
 * the batches the workers delivered, replayed in path order, shuffled, and split and interleaved between
 * files in a seeded shuffle, give the same JSON document, host summaries and detection stats
 * (test/case/arrival-order.ts). The corpus holds records read twice (EVTX samples beside their
 * JSON and XML exports), events without time and files whose times coincide.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIGMA_LOADER, loadTriageRules, type TriageRules } from '../../../src-main/case/triage-rules';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';
import { arrivalOrders, emptyRecording, firstDifference, triageInOrder } from '../../case/arrival-order';

describe.skipIf(requires('corpus'))('triage of the shared corpus: independent of arrival order', () => {
  let rules: TriageRules;
  beforeAll(async () => {
    rules = await loadTriageRules({}, DEFAULT_SIGMA_LOADER);
  });

  it('same document with the batches in path order, shuffled, and split and interleaved between files', async () => {
    const rec = emptyRecording();
    await triageInOrder(SHARED_EVIDENCE, rules, null, rec);
    const orders = arrivalOrders(rec.batches, { seeds: [5] });
    const ref = await triageInOrder(SHARED_EVIDENCE, rules, orders[0]!.batches, rec);
    expect(ref.run.scan.findings.length).toBeGreaterThan(100);
    for (const o of orders.filter((x) => x.name.startsWith('batches split') || x.name.startsWith('batches shuffled'))) {
      const other = await triageInOrder(SHARED_EVIDENCE, rules, o.batches, rec);
      expect(firstDifference(ref.document, other.document), o.name).toBeNull();
    }
  }, 300_000);
});
