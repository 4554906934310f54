/**
 * A block of text evidence is handed to its reader one decode slice at a time, each slice's events
 * delivered before the next slice is read (so a block's events are not all alive at once), with
 * the same events, in the same order, as one push of the whole block.
 */
import { describe, expect, it } from 'vitest';
import { JsonEventReader } from '../../src-main/ingest/json/index';
import type { ReadEvent } from '../../src-main/ingest/xml/index';
import { pushInSlices } from '../../src-main/evidence-reading/read-text-events';

const LINES = 2000;
const block = new TextEncoder().encode(
  Array.from({ length: LINES }, (_, i) => JSON.stringify({ EventID: 1, Channel: 'Security', RecordNumber: i + 1, Message: 'm'.repeat(300 + (i % 50)) })).join('\n') + '\n',
);

describe('pushInSlices', () => {
  it('delivers a block in several slices, with the events of one whole push in the same order', async () => {
    expect(block.length).toBeGreaterThan(512 * 1024);
    const whole = new JsonEventReader({ mode: 'jsonl' });
    const expected = [...whole.pushBytes(block), ...whole.end()].map((e) => [e.event.EventRecordID, e.line, e.offset]);
    expect(expected).toHaveLength(LINES);

    const reader = new JsonEventReader({ mode: 'jsonl' });
    const deliveries: ReadEvent[][] = [];
    await pushInSlices(reader, block, async (events) => { deliveries.push(events); });
    deliveries.push(reader.end());
    expect(deliveries.length).toBeGreaterThan(5);
    expect(deliveries.flat().map((e) => [e.event.EventRecordID, e.line, e.offset])).toEqual(expected);
    expect(reader.issues).toEqual([]);
  });
});
