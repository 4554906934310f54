/** Our EVTX parser against evtxexport on the committed demo evidence (the writer round trip: test/tools/evtx-writer/roundtrip.test.ts). */
import { describe, expect, it } from 'vitest';
import { parseEvtxBytes } from '../../../../src-main/ingest/evtx/index';
import type { RawEvent } from '../../../../src-main/model/raw-event';
import type { ReadEvent } from '../../../tools/evtx-writer/oracle';
import { requires } from '../../../helpers/requires';

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** RawEvent → the oracle's ReadEvent shape, so the same comparison applies. */
function toRead(r: RawEvent): ReadEvent {
  const el = (t: unknown, attrs: Record<string, unknown> = {}) => ({
    text: text(t),
    attrs: Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, text(v)])),
  });
  return {
    system: {
      Provider: el('', { Name: r.Provider.Name, Guid: r.Provider.Guid }),
      EventID: el(r.EventID, { Qualifiers: r.Qualifiers }),
      Version: el(r.Version),
      Level: el(r.Level),
      Task: el(r.Task),
      Opcode: el(r.Opcode),
      Keywords: el(r.Keywords),
      TimeCreated: el('', { SystemTime: r.TimeCreated }),
      EventRecordID: el(r.EventRecordID),
      Correlation: el('', { ActivityID: r.Correlation.ActivityID, RelatedActivityID: r.Correlation.RelatedActivityID }),
      Execution: el('', { ProcessID: r.Execution.ProcessID, ThreadID: r.Execution.ThreadID }),
      Channel: el(r.Channel),
      Computer: el(r.Computer),
      Security: el('', { UserID: r.Security.UserID }),
    },
    data: Object.entries(r.EventData ?? {}).map(([k, v]) => [k, text(v)]),
  };
}

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
