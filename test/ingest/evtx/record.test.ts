// The record reader's reused objects (record.ts): one header object per chunk read
// (`readRecordHeaderInto`) and one cursor per chunk context (`readRecordNodes`). Nothing of one
// record may leak into the next: every record read through them equals the same record read alone.
import { describe, expect, it } from 'vitest';
import { newChunkContext } from '../../../src-main/ingest/evtx/binxml/context';
import { readRecordHeader, readRecordHeaderInto, readRecordNodes } from '../../../src-main/ingest/evtx/record';
import type { RecordHeader } from '../../../src-main/ingest/evtx/record';
import { Fragment } from '../../../src-main/ingest/evtx/binxml/nodes';
import type { XNode } from '../../../src-main/ingest/evtx/binxml/nodes';
import { toRawEvent } from '../../../src-main/ingest/evtx/render/raw-event';
import { EvtxWriter } from '../../tools/evtx-writer/index';
import { sampleEvents } from '../../tools/evtx-writer/sample-events';

/** A one-chunk file's chunk and its records' offsets (records of several templates and sizes). */
function chunkWithRecords(): { chunk: Uint8Array; offsets: number[] } {
  const w = new EvtxWriter();
  for (const e of sampleEvents(11, 12)) w.add(e);
  const bytes = w.toBytes();
  expect(w.chunkCount).toBe(1);
  const chunk = bytes.subarray(4096, 4096 + 65536);
  const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const offsets: number[] = [];
  for (let p = 512; p < dv.getUint32(48, true); p += dv.getUint32(p + 4, true)) offsets.push(p);
  return { chunk, offsets };
}

/** A node as read from the record (a definition's cached state, which differs between contexts, left out). */
const instanceOf = (n: XNode) => (typeof n === 'string' || n.k !== 7 ? n
  : { def: n.def.offset, values: n.values.map((v) => (v instanceof Fragment ? v.nodes.length : v)), valueBytes: n.valueBytes, complex: n.complex });

describe('record reader', () => {
  it('reads every header field into a reused header, whatever it held before', () => {
    const { chunk, offsets } = chunkWithRecords();
    const reused: RecordHeader = { size: -7, sizeCopy: -7, recordId: 2 ** 40 + 0.5, writtenLo: -7, writtenHi: -7 };
    for (const p of [...offsets, ...offsets.slice().reverse()]) {
      expect(readRecordHeaderInto(chunk, p, reused)).toBe(reused);
      expect(reused).toEqual(readRecordHeader(chunk, p));
    }
    // a size that runs past the chunk has no copy: -1, not the last record's copy
    const cut = chunk.slice(0, offsets[1]! + 40);
    expect(readRecordHeaderInto(cut, offsets[1]!, reused).sizeCopy).toBe(-1);
  });

  it('reads each record the same through one context (its cursor reused) as through a fresh one', () => {
    const { chunk, offsets } = chunkWithRecords();
    const shared = newChunkContext(chunk, 0);
    const order = [...offsets.slice().reverse(), ...offsets, offsets[3]!, offsets[0]!];
    for (const p of order) {
      const h = readRecordHeader(chunk, p);
      const got = readRecordNodes(shared, p, h.size);
      const alone = readRecordNodes(newChunkContext(chunk, 0), p, h.size);
      expect(got.map(instanceOf)).toEqual(alone.map(instanceOf));
      expect(toRawEvent(got, h)).toEqual(toRawEvent(alone, h));
    }
  });

  it('bounds a record by its own size through a reused cursor (a record cut short after a longer one)', () => {
    const { chunk, offsets } = chunkWithRecords();
    const shared = newChunkContext(chunk, 0);
    const outcome = (ctx: ReturnType<typeof newChunkContext>, p: number, size: number) => {
      try {
        return readRecordNodes(ctx, p, size).map(instanceOf);
      } catch (e) {
        return (e as { code?: string }).code;
      }
    };
    const last = offsets[offsets.length - 1]!;
    for (const p of offsets.slice(0, -1)) {
      const size = readRecordHeader(chunk, p).size;
      for (const cut of [8, 16, 40]) {
        readRecordNodes(shared, last, readRecordHeader(chunk, last).size);
        const alone = outcome(newChunkContext(chunk, 0), p, size - cut);
        expect(outcome(shared, p, size - cut)).toEqual(alone);
        expect(alone).toEqual(expect.any(String)); // cut short: an error, not the whole record
      }
    }
  });
});
