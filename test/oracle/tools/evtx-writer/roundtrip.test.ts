/** Our EVTX parser against evtxexport on the committed demo evidence (the writer round trip: test/tools/evtx-writer/roundtrip.test.ts). */
import { describe, expect, it } from 'vitest';
import { parseEvtxBytes } from '../../../../src-main/ingest/evtx/index';
import { requires } from '../../../helpers/requires';


describe.skipIf(requires('evtxexport'))('src-main/ingest/evtx parser on the committed demo evidence', () => {
  it('reads every demo EVTX file with no record error, matching evtxexport record for record', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const path = await import('node:path');
    const { runEvtxexport } = await import('../../../tools/evtx-writer/oracle');
    const root = path.resolve(import.meta.dirname, '../../../../assets/demo-evidence');
    for (const host of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const f of readdirSync(path.join(root, host.name)).filter((n) => n.endsWith('.evtx'))) {
        const file = path.join(root, host.name, f);
        const parsed = parseEvtxBytes(readFileSync(file));
        const oracle = runEvtxexport(file).events;
        expect(parsed.summary.errors, file).toEqual([]);
        expect(parsed.records.length, file).toBe(oracle.length);
        parsed.records.forEach((r, i) => {
          const want = oracle[i]!;
          expect(r.EventRecordID, file).toBe(Number(want.system.EventRecordID?.text));
          expect(Object.keys(r.EventData ?? {}), file).toEqual(want.data.map(([n]) => n));
        });
      }
    }
  });
});
