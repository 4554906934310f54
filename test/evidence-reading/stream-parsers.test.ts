/**
 * An EVTX archive member read as a stream (stream-parsers.ts) gives the records a whole-file read
 * gives, with the same `wantsData` (ingest/evtx `ChunkOptions.wantsData`): a record it says no to
 * has no EventData built, as in a file read of content `'viewed'` or `'counted'`.
 */
import { describe, expect, it } from 'vitest';
import { streamParserFor } from '../../src-main/evidence-reading/stream-parsers';
import { emptyFileSummary } from '../../src-main/evidence-reading/file-summary';
import { parseEvtxBytes } from '../../src-main/ingest/evtx/index';
import type { RawEvent } from '../../src-main/model/raw-event';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';

/** The records of `bytes` pushed as a stream in pieces of `piece` bytes. */
async function streamed(bytes: Uint8Array, piece: number, wantsData: ((raw: RawEvent) => boolean) | null): Promise<RawEvent[]> {
  const out: RawEvent[] = [];
  const parser = streamParserFor('evtx', 'a.zip!/a.evtx', emptyFileSummary(), (raw) => { out.push(raw); return undefined; }, wantsData)!;
  for (let at = 0; at < bytes.length; at += piece) await parser.push(bytes.subarray(at, at + piece));
  await parser.end();
  return out;
}

describe('an EVTX member read as a stream', () => {
  it('gives the whole-file read\'s records, with its EventData left out where wantsData says no', async () => {
    const bytes = new EvtxWriter().addAll(sampleEvents(5, 300)).toBytes();
    // every other EventID's data is not wanted
    const wantsData = (raw: RawEvent) => (raw.EventID ?? 0) % 2 === 0;
    for (const wants of [null, wantsData, () => false]) {
      const whole = parseEvtxBytes(bytes, { wantsData: wants }).records;
      expect(whole.length).toBe(300);
      for (const piece of [1000, 65_536, bytes.length]) expect(await streamed(bytes, piece, wants)).toEqual(whole);
    }
    const all = await streamed(bytes, 4096, null);
    const none = await streamed(bytes, 4096, () => false);
    expect(all.filter((r) => r.EventData !== null).length).toBeGreaterThan(100);
    expect(none.filter((r) => r.EventData !== null).length).toBeLessThan(all.filter((r) => r.EventData !== null).length);
  });
});
