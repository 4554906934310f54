// A chunk's records sent as they are read (chunk-record-sender.ts): sent until a send fills a batch,
// then held until the chunk is read and that flush has settled; sent in order; a failed read drops
// what it held and still waits for the flush under way.
import { describe, expect, it } from 'vitest';
import { ChunkRecordSender } from '../../src-main/evidence-reading/chunk-record-sender';
import { emptyRawEvent, type RawEvent } from '../../src-main/model/raw-event';

const rec = (id: number): RawEvent => ({ ...emptyRawEvent(), EventRecordID: id });

/** A sink whose every `every`-th send fills a batch (returns a promise settled by `release`). */
function sink(every: number) {
  const sent: number[] = [];
  let release: ((fail?: Error) => void) | null = null;
  const send = (raw: RawEvent) => {
    sent.push(raw.EventRecordID!);
    if (sent.length % every !== 0) return undefined;
    return new Promise<void>((resolve, reject) => { release = (fail) => (fail ? reject(fail) : resolve()); });
  };
  return { sent, send, release: (fail?: Error) => release!(fail) };
}

describe('ChunkRecordSender', () => {
  it('sends each record at once until a batch fills, holds the rest of the chunk until that flush settles, in order', async () => {
    const s = sink(3);
    const sender = new ChunkRecordSender(s.send);
    for (let i = 1; i <= 7; i++) sender.take(rec(i));
    expect(s.sent).toEqual([1, 2, 3]); // 3 filled a batch: 4–7 wait for it
    const settled = sender.settle();
    await Promise.resolve();
    expect(s.sent).toEqual([1, 2, 3]);
    s.release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(s.sent).toEqual([1, 2, 3, 4, 5, 6]); // 6 filled the next one: waited for inside settle
    s.release();
    await settled;
    expect(s.sent).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // the next chunk starts sending at once
    sender.take(rec(8));
    expect(s.sent.at(-1)).toBe(8);
    await sender.settle();
  });

  it('a failed read drops what it held and ends with a failure of the flush under way', async () => {
    const s = sink(2);
    const sender = new ChunkRecordSender(s.send);
    for (let i = 1; i <= 5; i++) sender.take(rec(i));
    const abandoned = sender.abandon();
    s.release(new Error('sink is gone'));
    await expect(abandoned).rejects.toThrow('sink is gone');
    expect(s.sent).toEqual([1, 2]);
    await sender.settle(); // nothing left
    expect(s.sent).toEqual([1, 2]);
  });
});
