/**
 * What the packed-batch encoder remembers between events and batches (packed-batch-slots.ts: the
 * last string and shape per place, the shape registry) and the `SAME_AS_TIME` word: batches stay
 * self-contained, an event refused half-way leaves nothing the next events could refer to, and
 * the remembered shapes stay bounded on a stream of ever-new field names.
 */
import { describe, expect, it } from 'vitest';
import { decodePackedBatch } from '../../src-main/evidence-reading/packed-batch-decode';
import { PackedBatchEncoder } from '../../src-main/evidence-reading/packed-batch-encode';
import { HEADER_WORDS, SAME_AS_TIME } from '../../src-main/evidence-reading/packed-batch-format';
import { MAX_REMEMBERED_KEYS, ShapeRegistry } from '../../src-main/evidence-reading/packed-batch-slots';
import type { NormalisedEvent } from '../../src-main/model/event';
import { exactDifference } from '../helpers/exact-difference';

function event(i: number, over: Partial<NormalisedEvent> = {}): NormalisedEvent {
  const time = `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.0000000Z`;
  return {
    evidence: 'HOST/Security.evtx', record_id: i, dest: 'HOST', event_id: 4688, channel: 'Security',
    time, time_ms: 1704067200000 + i * 1000, time_source: 'TimeCreated', time_created: time.slice(0), utc_time: null,
    system: {
      provider_name: 'Microsoft-Windows-Security-Auditing', provider_guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}', qualifiers: null,
      version: 2, level: 0, task: 13312, opcode: 0, keywords: '0x8020000000000000', user_sid: null,
      execution_process_id: 4, execution_thread_id: 7436, activity_id: null, related_activity_id: null,
    },
    data: { NewProcessName: `C:\\Windows\\System32\\p${i % 3}.exe`, SubjectUserName: 'alice' },
    view: null,
    ...over,
  };
}

/** Adds the events one by one (as the batcher does), refused ones skipped, and decodes the batch. */
function addAll(encoder: PackedBatchEncoder, events: NormalisedEvent[]): { kept: NormalisedEvent[]; back: NormalisedEvent[]; text: string } {
  const kept: NormalisedEvent[] = [];
  for (const e of events) {
    try {
      encoder.add(e);
      kept.push(e);
    } catch {
      // refused: the batch is as it was before it
    }
  }
  const { batch } = encoder.take();
  return { kept, back: decodePackedBatch(batch), text: batch.text };
}

describe('what the packed-batch encoder remembers', () => {
  it('keeps every batch self-contained: what an earlier batch defined is defined again', () => {
    const encoder = new PackedBatchEncoder();
    const first = addAll(encoder, [event(1), event(2), event(3)]);
    const second = addAll(encoder, [event(4), event(5)]);
    expect(exactDifference(first.back, first.kept)).toBeNull();
    expect(exactDifference(second.back, second.kept)).toBeNull();
    // Each batch carries the strings it uses once: repeats are numbers, found without the table.
    for (const { text } of [first, second]) {
      expect(text.split('HOST/Security.evtx')).toHaveLength(2);
      expect(text.split('Microsoft-Windows-Security-Auditing')).toHaveLength(2);
      expect(text.split('NewProcessName')).toHaveLength(2);
    }
  });

  it('forgets what an event refused half-way defined, so the events after it decode exactly', () => {
    const encoder = new PackedBatchEncoder();
    const refused = event(2, { evidence: 'OTHER/new.evtx', dest: 'OTHER', data: { NewProcessName: 'C:\\new.exe', f: (() => 1) as unknown as string } });
    // The same new strings and the same data shape again, now packable.
    const after = event(3, { evidence: 'OTHER/new.evtx', dest: 'OTHER', data: { NewProcessName: 'C:\\new.exe', f: 'ok' } });
    const { kept, back } = addAll(encoder, [event(1), refused, after, event(4), after]);
    expect(kept).toHaveLength(4);
    expect(exactDifference(back, kept)).toBeNull();
    // And in a batch of its own afterwards.
    const next = addAll(encoder, [after, refused, event(5), after]);
    expect(exactDifference(next.back, next.kept)).toBeNull();
  });

  it('writes time_created and utc_time equal to the event time as one word, and decodes them as that string', () => {
    const sysmon = (i: number): NormalisedEvent => { const e = event(i); return { ...e, time_source: 'UtcTime', utc_time: e.time!.slice(0) }; };
    const batch = [sysmon(1), event(2), event(3, { time_created: '2023-12-31T23:59:59.0000000Z' }), event(4, { time: null, time_ms: null, time_source: 'none', time_created: null })];
    const { batch: packed } = new PackedBatchEncoder().encode(batch);
    const words = Array.from(new Int32Array(packed.words).subarray(HEADER_WORDS));
    expect(words.filter((w) => w === SAME_AS_TIME)).toHaveLength(3);
    const back = decodePackedBatch(packed);
    expect(exactDifference(back, batch)).toBeNull();
    expect(back[0]!.utc_time).toBe(back[0]!.time);
    expect(packed.text.split(batch[1]!.time!)).toHaveLength(2);
  });

  it('keeps the remembered shapes bounded on a stream of ever-new field names', () => {
    const registry = new ShapeRegistry();
    for (let i = 0; registry.size <= MAX_REMEMBERED_KEYS; i++) registry.find([`k${i}`, 'x']);
    const before = registry.find(['k0', 'x']);
    expect(registry.find(['k0', 'x'])).toBe(before);
    expect(registry.trim()).toBe(true);
    expect(registry.size).toBe(0);
    expect(registry.find(['k0', 'x'])).not.toBe(before);
    expect(registry.trim()).toBe(false);

    // Through the encoder: batches of events whose keys are all new, past the bound, each exact.
    const encoder = new PackedBatchEncoder();
    const keysPerEvent = 500;
    const batches = Math.ceil((MAX_REMEMBERED_KEYS * 1.5) / (keysPerEvent * 10));
    for (let b = 0; b < batches; b++) {
      const events = Array.from({ length: 10 }, (_, i) => {
        const data: Record<string, string> = {};
        for (let k = 0; k < keysPerEvent; k++) data[`f${b}_${i}_${k}`] = String(k % 7);
        return event(i, { data, evidence: 'HOST/Security.evtx' });
      });
      const { back, kept } = addAll(encoder, [...events, events[0]!]);
      expect(exactDifference(back, kept), `batch ${b}`).toBeNull();
    }
  });
});
