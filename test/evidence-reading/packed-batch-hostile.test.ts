/**
 * Malformed packed batches (src-main/evidence-reading/packed-batch-decode.ts): the main thread
 * checks what another thread sent before trusting it. Every malformed batch is a
 * `PackedBatchError`, found in one pass, never a hang, a stack overflow or an allocation sized
 * by a forged count.
 */
import { describe, expect, it } from 'vitest';
import { decodePackedBatch, PackedBatchReader } from '../../src-main/evidence-reading/packed-batch-decode';
import { PackedBatchEncoder } from '../../src-main/evidence-reading/packed-batch-encode';
import {
  ARRAY, FLOAT, INLINE_STRING, INT, MAGIC, NEW_SHAPE, NEW_STRING, NULL, PackedBatchError, SAME_AS_TIME, SAME_SYSTEM, SHAPE, VERSION, type PackedBatch,
} from '../../src-main/evidence-reading/packed-batch-format';
import type { NormalisedEvent } from '../../src-main/model/event';
import { Prng } from '../tools/evtx-writer/prng';

function event(i: number): NormalisedEvent {
  return {
    evidence: 'HOST/Sysmon.evtx', record_id: i, dest: 'HOST', event_id: 1, channel: 'Microsoft-Windows-Sysmon/Operational',
    time: '2024-01-01T00:00:00.0000000Z', time_ms: 1704067200000 + i, time_source: 'UtcTime',
    time_created: '2024-01-01T00:00:00.0000000Z', utc_time: '2024-01-01T00:00:00.0000000Z',
    system: {
      provider_name: 'Microsoft-Windows-Sysmon', provider_guid: null, qualifiers: null, version: 5, level: 4, task: 1, opcode: 0,
      keywords: '0x8000000000000000', user_sid: 'S-1-5-18', execution_process_id: 1, execution_thread_id: 2, activity_id: null, related_activity_id: null,
    },
    data: { Image: `C:\\p${i % 3}.exe`, CommandLine: 'x'.repeat(1100), Hashes: ['a', ['b', { c: 'd' }]] as unknown as string },
    view: i % 2 === 0 ? null : { kind: 'dns', query: 'example.org', answer: null, reply_code_id: '0', dest: 'HOST', user: null, process_guid: null, process_id: i, process_name: null, process_path: null },
    ...(i === 3 ? { recovered: 'slack' as const } : {}),
  };
}

const good = (): PackedBatch => new PackedBatchEncoder().encode([0, 1, 2, 3].map(event)).batch;

/** A batch whose words are `words` (header included), with the given floats and text. */
function forged(words: number[], text = '', floats: number[] = []): PackedBatch {
  return { words: new Int32Array(words).buffer, floats: new Float64Array(floats).buffer, text };
}

/** The header and an event's first words up to its data, every value `null` except the evidence (string 0). */
function eventPrefix(): number[] {
  return [0, NEW_STRING, 1, ...Array<number>(9).fill(NULL), ...Array<number>(13).fill(NULL)];
}

/** Words after an event's first values, so the event count fits (never read: the error comes first). */
const PAD: number[] = Array<number>(30).fill(NULL);

function rejects(batch: unknown, message?: RegExp): void {
  let thrown: unknown;
  try {
    decodePackedBatch(batch);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(PackedBatchError);
  if (message) expect((thrown as Error).message).toMatch(message);
}

describe('decoding a malformed packed batch', () => {
  it('refuses what is not a packed batch, or one of another version', () => {
    for (const v of [null, 1, 'x', [], {}, { words: new ArrayBuffer(12), floats: new ArrayBuffer(0) }, { words: new Uint8Array(12), floats: new ArrayBuffer(0), text: '' }]) rejects(v, /not a packed batch/);
    rejects({ words: new ArrayBuffer(13), floats: new ArrayBuffer(0), text: '' }, /whole number/);
    rejects({ words: new ArrayBuffer(12), floats: new ArrayBuffer(7), text: '' }, /whole number/);
    rejects(forged([1, VERSION, 0]), /no header/);
    rejects(forged([MAGIC]), /no header/);
    rejects(forged([MAGIC, VERSION + 1, 0]), new RegExp(`version ${VERSION + 1}, this reads ${VERSION}`));
    expect(decodePackedBatch(forged([MAGIC, VERSION, 0]))).toEqual([]);
  });

  it('refuses a malformed tally before any event is read (event-tally.ts checks each row)', () => {
    const b = good();
    for (const tally of [{}, [null], [{ dest: 'H', channel: 'C', events: 0, first: null, last: null }], [{ dest: 1, channel: 'C', events: 1, first: null, last: null }]]) {
      rejects({ ...b, tally }, /tally/);
    }
    const rows = [{ dest: 'H', channel: null, events: 3, first: 1, last: 2 }];
    const reader = new PackedBatchReader({ ...b, tally: rows });
    expect(reader.tally).toEqual(rows);
    expect(new PackedBatchReader(b).tally).toBeNull();
  });

  it('refuses every truncation, and anything left over', () => {
    const b = good();
    const words = new Int32Array(b.words);
    for (let n = 3; n < words.length; n++) rejects({ ...b, words: words.slice(0, n).buffer });
    for (const n of [0, 1, b.text.length >> 1, b.text.length - 1]) rejects({ ...b, text: b.text.slice(0, n) });
    rejects({ ...b, floats: new Float64Array(b.floats).slice(1).buffer }, /more numbers/);
    rejects({ ...b, words: Int32Array.from([...words, NULL]).buffer }, /words left/);
    rejects({ ...b, text: `${b.text}!` }, /text units left/);
    rejects({ ...b, floats: Float64Array.from([...new Float64Array(b.floats), 1]).buffer }, /numbers left/);
    expect(decodePackedBatch(b)).toHaveLength(4);
  });

  it('reads a batch a few events at a time as it reads it whole, and checks what follows the last event when it is taken', () => {
    const b = good();
    const r = new PackedBatchReader(b);
    expect([r.count, r.left]).toEqual([4, 4]);
    const slices = [r.take(3), r.take(3), r.take(3)];
    expect(slices.map((s) => s.length)).toEqual([3, 1, 0]);
    expect(r.left).toBe(0);
    expect(slices.flat()).toEqual(decodePackedBatch(b));
    const extra = new PackedBatchReader({ ...b, words: Int32Array.from([...new Int32Array(b.words), NULL]).buffer });
    expect(extra.take(3)).toHaveLength(3);
    expect(() => extra.take(3)).toThrow(/words left/);
    expect(() => new PackedBatchReader(forged([MAGIC, VERSION, 2]))).toThrow(PackedBatchError);
    expect(() => new PackedBatchReader(forged([MAGIC, VERSION, 0])).take(64)).not.toThrow();
  });

  it('checks counts, lengths and indexes before using them: no allocation sized by a forged count', () => {
    rejects(forged([MAGIC, VERSION, 0x7fffffff]), /event count/);
    rejects(forged([MAGIC, VERSION, -1]), /event count/);
    const head = [MAGIC, VERSION, 1];
    rejects(forged([...head, ...eventPrefix(), ARRAY, 0x7fffffff], 'e'), /array length/);
    rejects(forged([...head, ...eventPrefix(), ARRAY, -5], 'e'), /array length/);
    rejects(forged([...head, ...eventPrefix(), NEW_SHAPE, 0x7fffffff], 'e'), /key count/);
    rejects(forged([...head, ...eventPrefix(), SHAPE, 0], 'e'), /shape 0 is not defined/);
    rejects(forged([...head, ...eventPrefix(), NEW_SHAPE, 1, 5, NULL, NULL], 'e'), /string 5 is not defined/);
    rejects(forged([...head, ...eventPrefix(), NEW_SHAPE, 1, INT, 3, NULL, NULL], 'e'), /key that is not a string/);
    rejects(forged([...head, 0, NEW_STRING, 0x7fffffff, ...PAD], 'e'), /string length/);
    rejects(forged([...head, 0, INLINE_STRING, 2, ...PAD], 'e'), /string length/);
    rejects(forged([...head, 0, 0, ...PAD], 'e'), /string 0 is not defined/);
    rejects(forged([...head, 0, FLOAT, ...PAD], ''), /more numbers/);
    rejects(forged([...head, 0, -99, ...PAD], ''), /unknown value tag/);
    rejects(forged([...head, 8, NEW_STRING, 1, ...PAD], 'e'), /unknown event flags/);
    rejects(forged([...head, 0, NULL, ...PAD], ''), /evidence path/);
    rejects(forged([...head, ...eventPrefix(), NULL, NULL], 'e'), /data is not an object/);
    rejects(forged([...head, ...eventPrefix(), ARRAY, 0, NULL], 'e'), /data is not an object/);
    rejects(forged([...head, ...eventPrefix(), NEW_SHAPE, 0, INT, 1], 'e'), /view is not an object/);
    // SAME_AS_TIME: only as time_created or utc_time, and only when the event has a time.
    const timeAt = 7; // after flags, evidence (2 words), record_id, dest, event_id, channel
    const sameAsTime = (at: number, time: number[]) => { const e = eventPrefix(); e.splice(timeAt, 1, ...time); e[at + time.length - 1] = SAME_AS_TIME; return e; };
    rejects(forged([...head, ...sameAsTime(timeAt + 3, [NULL]), NEW_SHAPE, 0, NULL], 'e'), /event time the event does not have/);
    rejects(forged([...head, ...sameAsTime(timeAt + 1, [NEW_STRING, 1]), NEW_SHAPE, 0, NULL], 'et'), /unknown value tag -12/);
    rejects(forged([...head, ...eventPrefix(), NEW_SHAPE, 1, NEW_STRING, 1, SAME_AS_TIME, NULL], 'ek'), /unknown value tag -12/);
    const ok = decodePackedBatch(forged([...head, ...sameAsTime(timeAt + 3, [NEW_STRING, 1]), NEW_SHAPE, 0, NULL], 'et'));
    expect([ok[0]!.time, ok[0]!.time_created, ok[0]!.utc_time]).toEqual(['t', 't', null]);
    // SAME_SYSTEM: only as an event's System header, and only after an event of the batch.
    const sameSystem = [0, NEW_STRING, 1, ...Array<number>(9).fill(NULL), SAME_SYSTEM, NEW_SHAPE, 0, NULL];
    rejects(forged([...head, ...sameSystem, ...PAD], 'e'), /System header that refers to an event before the first/);
    rejects(forged([...head, ...eventPrefix(), NEW_SHAPE, 1, NEW_STRING, 1, SAME_SYSTEM, NULL], 'ek'), /unknown value tag -13/);
    const two = decodePackedBatch(forged([MAGIC, VERSION, 2, ...eventPrefix(), NEW_SHAPE, 0, NULL, ...sameSystem], 'ee'));
    expect(two[1]!.system).toEqual(two[0]!.system);
    expect(two[1]!.system).not.toBe(two[0]!.system);
  });

  it('refuses nesting past its depth without overflowing the stack', () => {
    const deepArrays = Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? ARRAY : 1));
    rejects(forged([MAGIC, VERSION, 1, ...eventPrefix(), ...deepArrays], 'e'), /nested deeper/);
    const deepObjects = [NEW_SHAPE, 1, NEW_STRING, 1, ...Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? SHAPE : 0))];
    rejects(forged([MAGIC, VERSION, 1, ...eventPrefix(), ...deepObjects], 'ek'), /nested deeper/);
  });

  it('gives a PackedBatchError or the events for any mutation of a real batch, in one pass', () => {
    const b = good();
    const words = new Int32Array(b.words);
    const r = new Prng(21);
    const values = [NULL, INT, FLOAT, NEW_STRING, INLINE_STRING, ARRAY, NEW_SHAPE, SHAPE, SAME_AS_TIME, -13, 0, 1, 2, 3, 40, 0x7fffffff, -0x80000000];
    let refused = 0;
    for (let round = 0; round < 3000; round++) {
      const m = words.slice();
      const edits = r.int(1, 3);
      for (let e = 0; e < edits; e++) m[r.int(3, m.length - 1)] = r.chance(0.7) ? values[r.int(0, values.length - 1)]! : r.int(-20, 5000);
      try {
        const events = decodePackedBatch({ ...b, words: m.buffer });
        expect(events).toHaveLength(4);
      } catch (err) {
        if (!(err instanceof PackedBatchError)) throw err;
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(1500);
  });
});
