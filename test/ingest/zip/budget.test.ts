/** The inflation budget (src-main/ingest/zip/budget.ts): one counter, shared by every archive that is given it. */
import { Worker } from 'node:worker_threads';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { SharedZipBudget, ZipArchive, bytesSource, createZipBudget } from '../../../src-main/ingest/zip/index';
import type { IngestError } from '../../../src-main/shared/ingest-issues';

async function drainAll(z: ZipArchive): Promise<number> {
  let n = 0;
  for (const f of z.files) for await (const c of z.stream(f)) n += c.length;
  return n;
}

describe('zip inflation budget', () => {
  it('takes bytes until it is overdrawn, and says so', () => {
    const b = SharedZipBudget.local(100);
    expect(b.take(60)).toBe(true);
    expect(b.take(40)).toBe(true);
    expect(b.remaining).toBe(0);
    expect(b.take(1)).toBe(false);
    expect(b.limit).toBe(100);
  });

  it('is one counter for every view of the same buffer, in any thread', async () => {
    const buffer = createZipBudget(1_000_000);
    // A worker thread takes 300,000 from the same buffer (the layout of createZipBudget: [remaining, limit]).
    const w = new Worker('const { workerData, parentPort } = require("node:worker_threads"); Atomics.sub(new BigInt64Array(workerData, 0, 2), 0, 300000n); parentPort.postMessage(1);', { eval: true, workerData: buffer });
    await new Promise((resolve) => w.once('message', resolve));
    await w.terminate();
    const a = new SharedZipBudget(buffer);
    expect(a.remaining).toBe(700_000);
    expect(a.take(500_000)).toBe(true);
    expect(new SharedZipBudget(buffer).remaining).toBe(200_000);
  });

  it('N copies of an archive opened with one budget cost N times its size from it: the copy past the budget is refused', async () => {
    const member = new Uint8Array(200_000).fill(0x41);
    const zip = zipSync({ 'a.bin': member, 'b.bin': member });
    const budget = SharedZipBudget.local(1_000_000); // room for two copies (400,000 each), not three
    const read: number[] = [];
    let refused: IngestError | null = null;
    for (let copy = 0; copy < 5 && !refused; copy++) {
      try {
        const z = await ZipArchive.open(bytesSource(zip), { label: `copy${copy}.zip`, budget });
        read.push(await drainAll(z));
      } catch (e) {
        refused = e as IngestError;
      }
    }
    expect(read).toEqual([400_000, 400_000]);
    expect(refused?.code).toBe('zip.bomb');
    expect(refused?.message).toMatch(/of the 1000000 allowed for all archives read together/);
  });

  it('without a budget each archive has one of its own (maxTotalUncompressed)', async () => {
    const zip = zipSync({ 'a.bin': new Uint8Array(300_000) });
    for (let copy = 0; copy < 3; copy++) {
      const z = await ZipArchive.open(bytesSource(zip), { label: 'x.zip', limits: { maxTotalUncompressed: 400_000 } });
      expect(await drainAll(z)).toBe(300_000);
    }
  });
});
