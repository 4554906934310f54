/**
 * The batcher (src-main/evidence-reading/event-batcher.ts): arrays for an in-process sink, and at
 * the worker edge packed batches made event by event, the same batches once decoded; an event that
 * cannot be packed fails alone and leaves its batch whole.
 */
import { describe, expect, it } from 'vitest';
import { EventBatcher, PackingSink } from '../../src-main/evidence-reading/event-batcher';
import { decodePackedBatch } from '../../src-main/evidence-reading/packed-batch-decode';
import type { PackedBatch } from '../../src-main/evidence-reading/packed-batch-format';
import type { NormalisedEvent } from '../../src-main/model/event';
import { exactDifference } from '../helpers/exact-difference';

function event(i: number, data: NormalisedEvent['data'] = { N: String(i), [`K${i % 7}`]: 'v' }): NormalisedEvent {
  return {
    evidence: 'H/a.evtx', record_id: i, dest: `H${i % 3}`, event_id: 4624, channel: 'Security', time: null, time_ms: null, time_source: 'none',
    time_created: null, utc_time: null,
    system: { provider_name: 'P', provider_guid: null, qualifiers: null, version: 0, level: 0, task: 0, opcode: 0, keywords: null, user_sid: null, execution_process_id: 1, execution_thread_id: 2, activity_id: null, related_activity_id: null },
    data, view: null,
  };
}

function packingSink(): { sink: PackingSink; sent: PackedBatch[]; transfers: ArrayBuffer[][] } {
  const sent: PackedBatch[] = [];
  const transfers: ArrayBuffer[][] = [];
  return { sink: new PackingSink(async (b, t) => { sent.push(b); transfers.push(t); }), sent, transfers };
}

describe('EventBatcher', () => {
  it('packs event by event into the batches an array sink gets', async () => {
    const events = Array.from({ length: 4501 }, (_, i) => event(i));
    const arrays: NormalisedEvent[][] = [];
    const plain = new EventBatcher(async (b) => { arrays.push(b); });
    const { sink, sent, transfers } = packingSink();
    const packed = new EventBatcher(sink);
    for (const e of events) { await plain.add(e); await packed.add(e); }
    await plain.flush();
    await packed.flush();
    await packed.flush(); // nothing left: nothing sent
    expect(arrays.map((b) => b.length)).toEqual([2000, 2000, 501]);
    expect(sent).toHaveLength(3);
    expect(packed.count).toBe(4501);
    sent.forEach((b, i) => expect(exactDifference(decodePackedBatch(b), arrays[i]), `batch ${i}`).toBeNull());
    expect(transfers[0]).toEqual([sent[0]!.words, sent[0]!.floats]);
  });

  it('sends a packed batch early once it is large', async () => {
    const { sink, sent } = packingSink();
    const b = new EventBatcher(sink);
    const big = 'x'.repeat(1_000_000);
    for (let i = 0; i < 20; i++) await b.add(event(i, { Script: `${i}${big}` }));
    await b.flush();
    expect(sent.length).toBeGreaterThan(2);
    // 16 MiB (8 Mi text units) and the event that passed it, at most.
    for (const p of sent) expect(p.text.length).toBeLessThanOrEqual(8 * 2 ** 20 + 1_000_002);
    expect(sent.flatMap((p) => decodePackedBatch(p)).map((e) => e.record_id)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('fails an event that cannot be packed alone: the batch holds the others, its new strings and shapes undone', async () => {
    const { sink, sent } = packingSink();
    const b = new EventBatcher(sink);
    await b.add(event(1));
    let deep: unknown = 'leaf';
    for (let i = 0; i < 300; i++) deep = { [`level${i}`]: deep };
    // `add` is synchronous unless the batch fills (it then returns the flush): a refused event throws
    expect(() => b.add(event(2, { Fresh: 'never seen before', Deep: deep as string }))).toThrow(/nested deeper/);
    await b.add(event(3, { Fresh: 'seen now' }));
    await b.flush();
    expect(b.count).toBe(2);
    expect(exactDifference(decodePackedBatch(sent[0]!), [event(1), event(3, { Fresh: 'seen now' })])).toBeNull();
  });

  it('returns a promise only for the add that fills a batch, and that promise is the flush', async () => {
    const sent: unknown[] = [];
    const b = new EventBatcher(async (batch) => { sent.push(batch); }, 3);
    expect(b.add(event(1))).toBeUndefined();
    expect(b.add(event(2))).toBeUndefined();
    const full = b.add(event(3));
    expect(full).toBeInstanceOf(Promise);
    await full;
    expect(sent).toHaveLength(1);
    expect(b.add(event(4))).toBeUndefined();
  });

  it('reuses a worker\'s encoders from one batcher to the next', async () => {
    const spare: never[] = [];
    const sink = new PackingSink(async () => {}, spare);
    const a = new EventBatcher(sink);
    await a.add(event(1));
    expect(spare).toHaveLength(0);
    await a.flush();
    expect(spare).toHaveLength(1);
    const encoder = spare[0];
    const b = new EventBatcher(sink);
    await b.add(event(2));
    expect(spare).toHaveLength(0);
    await b.flush();
    expect(spare[0]).toBe(encoder);
  });

  it('tells the EVTX reader that what it does not read is only counted for content "counted" alone', () => {
    const sink = async () => {};
    expect(new EventBatcher(sink, 64, 'all').wantsData).toBeNull();
    expect(new EventBatcher(sink, 64, 'viewed').wantsData?.countsUnwanted).toBe(false);
    expect(new EventBatcher(sink, 64, 'counted').wantsData?.countsUnwanted).toBe(true);
    expect(new EventBatcher(sink, 64, 'counted', ['system|7036']).wantsData?.countsUnwanted).toBe(true);
  });
});
