/**
 * The demo evidence's triage does not depend on the order its events arrive in: the batches the
 * workers delivered, replayed in path order, reversed, shuffled, split and interleaved between
 * files and one event at a time, give the same JSON document, host summaries, detection stats
 * and (with the detail pass) case findings. The demo holds the same Sysmon records in an .evtx
 * and its XML export, so records read twice are part of the property.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIGMA_LOADER, loadTriageRules, type TriageRules } from '../../src-main/case/triage-rules';
import { REPO_ROOT } from '../helpers/paths';
import { arrivalOrders, emptyRecording, firstDifference, triageInOrder } from './arrival-order';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');

describe('triage of the demo evidence: independent of arrival order', () => {
  let rules: TriageRules;
  const rec = emptyRecording();
  beforeAll(async () => {
    rules = await loadTriageRules({}, DEFAULT_SIGMA_LOADER);
  });

  for (const details of [false, true]) {
    it(`same document in every order${details ? ' (with the detail pass)' : ''}`, async () => {
      if (rec.batches.length === 0) await triageInOrder(DEMO, rules, null, rec, true);
      const orders = arrivalOrders(rec.batches, { seeds: details ? [3] : [1, 2], oneByOne: !details });
      const ref = await triageInOrder(DEMO, rules, orders[0]!.batches, rec, details);
      expect(ref.run.scan.findings.length).toBeGreaterThan(0);
      for (const o of orders.slice(1)) {
        const other = await triageInOrder(DEMO, rules, o.batches, rec, details);
        expect(firstDifference(ref.document, other.document), o.name).toBeNull();
      }
    });
  }
});
