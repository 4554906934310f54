// Per-template event plans on the real evidence: every allocated record of every shared .evtx
// file gives the same RawEvent through its definition's plan as through the generic walker,
// key order included (the unit test does the same on seeded random definitions).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TemplateNode } from '../../../../../src-main/ingest/evtx/binxml/nodes';
import { planOf } from '../../../../../src-main/ingest/evtx/render/event-plan';
import { toRawEventGeneric, toRawEventWithinBudget } from '../../../../../src-main/ingest/evtx/render/raw-event';
import { requires } from '../../../../helpers/requires';
import { evidenceFiles, evidencePath } from '../../../../ingest/evtx/helpers';
import { recordNodes } from '../../../../ingest/evtx/record-nodes';

describe.skipIf(requires('corpus'))('event plans on the shared evidence', () => {
  let planned = 0;
  let n = 0;
  it.each(evidenceFiles())('%s', (f) => {
    for (const { h, nodes } of recordNodes(readFileSync(evidencePath(f)))) {
      n++;
      const t = nodes[0];
      if (nodes.length === 1 && typeof t !== 'string' && t!.k === 7 && planOf((t as TemplateNode).def) !== null) planned++;
      const want = JSON.stringify(toRawEventGeneric(nodes, h));
      if (JSON.stringify(toRawEventWithinBudget(nodes, h)) !== want) {
        expect(JSON.stringify(toRawEventWithinBudget(nodes, h)), `record ${h.recordId}`).toBe(want);
      }
    }
  });
  it('read almost every record by its plan', () => {
    expect(n).toBeGreaterThan(90_000);
    expect(planned / n).toBeGreaterThan(0.95);
  });
});
