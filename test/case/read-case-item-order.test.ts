/**
 * A case read gives the same evidence list whatever order its work items finish in: a large
 * .evtx read in several items (chunk ranges) sums its samples in item order, and archive members
 * are listed in item order. Here the pool's items are held and run one at a time, last first.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readCase } from '../../src-main/case/read-case';
import { EVTX_SLOTS_PER_ITEM } from '../../src-main/evidence-reading/plan-reads';
import type { WorkItem } from '../../src-main/evidence-reading/messages';
import { WorkerPool } from '../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';

const CHUNK = 65536;
const FILE_HEADER = 4096;

/** A file of more than two items' worth of chunks, with a bad header checksum (a warning) in `bad` chunks. */
function largeEvtx(bad: number[]): { bytes: Uint8Array; chunks: number } {
  const w = new EvtxWriter().addAll(sampleEvents(7, 22_000));
  const bytes = w.toBytes();
  for (const c of bad) bytes[FILE_HEADER + c * CHUNK + 124] ^= 0xff; // the chunk header's CRC32
  return { bytes, chunks: w.chunkCount };
}

/** Runs the pool's parse items one at a time, in the reverse of the order they were handed in. */
function lastFirst(pool: WorkerPool): WorkItem[] {
  const order: WorkItem[] = [];
  const run = pool.run.bind(pool);
  const held: (() => Promise<void>)[] = [];
  pool.run = ((item, ...rest) => {
    if (item.kind !== 'parse-file' && item.kind !== 'parse-files') return run(item, ...rest);
    return new Promise((resolve, reject) => {
      held.push(() => { order.push(item); return run(item, ...rest).then(resolve, reject); });
      if (held.length === 1) {
        setTimeout(async () => {
          for (const go of held.reverse()) await go().catch(() => {});
        }, 0);
      }
    });
  }) as typeof pool.run;
  return order;
}

describe('readCase: the same document in any order of finishing', () => {
  it('a file read in several items and archive members come out in item order', async () => {
    const large = largeEvtx([3, EVTX_SLOTS_PER_ITEM + 5, 2 * EVTX_SLOTS_PER_ITEM + 1]);
    expect(large.chunks).toBeGreaterThan(2 * EVTX_SLOTS_PER_ITEM + 1);
    const small = new EvtxWriter().addAll(sampleEvents(3, 20)).toBytes();
    const root = tempEvidenceFolder({
      'Security.evtx': large.bytes,
      'a.zip': zipSync({ 'one.evtx': small, 'two.evtx': small }),
      'b.zip': zipSync({ 'three.evtx': small }),
    });
    const inOrder = new WorkerPool(ingestWorkerScript(), 2);
    const reversed = new WorkerPool(ingestWorkerScript(), 1);
    try {
      const a = await readCase(root, { jobId: 'in-order', pool: inOrder });
      const order = lastFirst(reversed);
      const b = await readCase(root, { jobId: 'last-first', pool: reversed });
      expect(order.filter((i) => i.relPath === 'Security.evtx').length).toBeGreaterThan(2);
      expect(order.at(-1)!.relPath).not.toBe(order[0]!.relPath);
      const file = b.evidence.find((e) => e.path === 'Security.evtx')!;
      const chunks = file.warningSamples.map((w) => [w.code, w.context?.chunk]);
      expect(chunks).toEqual([3, EVTX_SLOTS_PER_ITEM + 5, 2 * EVTX_SLOTS_PER_ITEM + 1].map((c) => ['evtx.chunk.header_crc', c]));
      expect(b.evidence.map((e) => e.path)).toEqual(a.evidence.map((e) => e.path));
      expect(b.evidence.filter((e) => e.archive !== undefined).map((e) => e.path)).toEqual(['a.zip!/one.evtx', 'a.zip!/two.evtx', 'b.zip!/three.evtx']);
      const strip = (s: typeof a) => s.evidence.map(({ modified: _m, ...e }) => e);
      expect(strip(b)).toEqual(strip(a));
    } finally {
      await inOrder.close();
      await reversed.close();
    }
  });
});
