// Our own parser (src-main/ingest/evtx) reads what our writer writes with the same values, no errors and
// no CRC warnings: the round trip the issue asks for. The independent oracles are in writer.test.ts.

import { describe, expect, it } from 'vitest';
import { parseEvtxBytes } from '../../../src-main/ingest/evtx/index';
import type { RawEvent } from '../../../src-main/model/raw-event';
import { EvtxWriter } from './index';
import { compareEvent } from './oracle';
import type { ReadEvent } from './oracle';
import { sampleEvents } from './sample-events';

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

describe.each([
  { name: 'single chunk, clean', count: 40, dirty: false },
  { name: 'multi-chunk, dirty', count: 1500, dirty: true },
])('writer → src-main/ingest/evtx parser: $name', ({ count, dirty }) => {
  const events = sampleEvents(100 + count, count);
  const bytes = new EvtxWriter({ dirty }).addAll(events).toBytes();
  const parsed = parseEvtxBytes(bytes);

  it('reads every record with no error and no CRC warning', () => {
    expect(parsed.summary.errors).toEqual([]);
    expect(parsed.summary.recordsOk).toBe(count);
    expect(parsed.summary.recordsFailed).toBe(0);
    const crc = parsed.summary.warnings.filter((w) => /crc/i.test(JSON.stringify(w)));
    expect(crc).toEqual([]);
  });

  it('reads the same values as written', () => {
    const diffs = parsed.records.flatMap((r, i) => compareEvent(events[i]!, i + 1, toRead(r)).map((d) => `record ${i + 1}: ${d}`));
    expect(diffs.slice(0, 20)).toEqual([]);
  });
});

describe('writer → src-main/ingest/evtx parser: classic event-log sources', () => {
  // The classic outer template (provider, EventSourceName and channel literal, 20 slots) and EventData/Binary.
  const events = sampleEvents(31, 60).map((e, i) => ({
    ...e,
    provider: i % 3 ? { name: 'Service Control Manager', guid: '{555908D1-A6D7-4695-8E1E-26931D2012F4}' } : { name: 'EventLog' },
    eventSourceName: i % 3 ? 'Service Control Manager' : 'EventLog',
    qualifiers: i % 3 ? 16384 : 32768,
    binary: i % 2 ? Uint8Array.of(0xde, 0xad, i, 0) : undefined,
  }));
  const parsed = parseEvtxBytes(new EvtxWriter().addAll(events).toBytes());

  it('reads every record with the same values, the source name and the binary data', () => {
    expect(parsed.summary.errors).toEqual([]);
    expect(parsed.summary.recordsOk).toBe(events.length);
    // Our parser reads EventData/Binary as a field named Binary (hex); the Data fields compare as written.
    const withoutBinary = (read: ReadEvent): ReadEvent => ({ ...read, data: read.data.filter(([n]) => n !== 'Binary') });
    const diffs = parsed.records.flatMap((r, i) => compareEvent(events[i]!, i + 1, withoutBinary(toRead(r))).map((d) => `record ${i + 1}: ${d}`));
    expect(diffs.slice(0, 20)).toEqual([]);
    parsed.records.forEach((r, i) => {
      expect(r.Provider.EventSourceName).toBe(events[i]!.eventSourceName);
      expect(r.EventData?.Binary, `record ${i + 1} Binary`).toBe(i % 2 ? `DEAD${i.toString(16).padStart(2, '0').toUpperCase()}00` : undefined);
    });
  });
});
