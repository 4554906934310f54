/**
 * The packed batch over the whole shared corpus: every batch of every file (EVTX with recovered
 * records and damaged chunks, Event XML, JSON shapes, the zipped JSON lines) comes back from
 * decode(encode(batch)) exactly, key order included; packed as a worker packs them (straight from
 * the raw events) they decode to exactly the events normalised in-process; and through a real
 * worker the events the pool hands on are exactly those read in-process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkEvidenceFolder } from '../../../src-main/evidence-reading/folder-walk';
import { PackingSink } from '../../../src-main/evidence-reading/event-batcher';
import { decodePackedBatch } from '../../../src-main/evidence-reading/packed-batch-decode';
import { PackedBatchEncoder } from '../../../src-main/evidence-reading/packed-batch-encode';
import { parseEvidenceFile } from '../../../src-main/evidence-reading/parse-file';
import { WorkerPool } from '../../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../../src-main/evidence-reading/worker-script';
import { sniffFormat } from '../../../src-main/ingest/sniff';
import type { NormalisedEvent } from '../../../src-main/model/event';
import { exactDifference } from '../../helpers/exact-difference';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';

async function readInProcess(rel: string): Promise<NormalisedEvent[][]> {
  const absPath = path.join(SHARED_EVIDENCE, rel);
  const batches: NormalisedEvent[][] = [];
  const format = sniffFormat(readFileSync(absPath).subarray(0, 4096));
  await parseEvidenceFile({ absPath, relPath: rel, format }, { batch: async (b) => { batches.push(b); }, progress: () => {}, isCancelled: () => false });
  return batches;
}

describe.skipIf(requires('corpus'))('packed batches of the shared corpus', () => {
  it('give back every event of every file exactly', async () => {
    const { files } = await walkEvidenceFolder(SHARED_EVIDENCE);
    const encoder = new PackedBatchEncoder();
    let events = 0;
    let recovered = 0;
    const formats = new Set<string>();
    for (const f of files) {
      const batches = await readInProcess(f.path);
      if (batches.length > 0) formats.add(path.extname(f.path));
      for (const batch of batches) {
        expect(exactDifference(decodePackedBatch(encoder.encode(batch).batch), batch), f.path).toBeNull();
        events += batch.length;
        for (const e of batch) if (e.recovered !== undefined) recovered++;
      }
    }
    expect(events).toBeGreaterThan(90_000);
    expect(recovered).toBeGreaterThan(0);
    expect([...formats].sort()).toEqual(['.evtx', '.json', '.xml', '.zip']);
  }, 240_000);

  it('packed straight from the raw events (as a worker packs them) give back the events normalised in-process', async () => {
    const { files } = await walkEvidenceFolder(SHARED_EVIDENCE);
    let events = 0;
    for (const f of files) {
      const absPath = path.join(SHARED_EVIDENCE, f.path);
      const packed: NormalisedEvent[][] = [];
      const sink = new PackingSink(async (batch) => { packed.push(decodePackedBatch(batch)); });
      await parseEvidenceFile({ absPath, relPath: f.path, format: sniffFormat(readFileSync(absPath).subarray(0, 4096)) }, { batch: sink, progress: () => {}, isCancelled: () => false });
      const expected = await readInProcess(f.path);
      expect(packed.map((b) => b.length), f.path).toEqual(expected.map((b) => b.length));
      expect(exactDifference(packed, expected), f.path).toBeNull();
      events += packed.reduce((n, b) => n + b.length, 0);
    }
    expect(events).toBeGreaterThan(90_000);
  }, 240_000);

  it('reach the handler through a worker exactly as read in-process', async () => {
    const rel = 'dfir-artifact-museum/Win2012R2/StolenSzechuan/Security.evtx';
    const expected = (await readInProcess(rel)).flat();
    const pool = new WorkerPool(ingestWorkerScript(), 1);
    const got: NormalisedEvent[] = [];
    try {
      await pool.run({ kind: 'parse-file', absPath: path.join(SHARED_EVIDENCE, rel), relPath: rel, format: 'evtx' }, () => {}, undefined, (b) => { got.push(...b); });
    } finally {
      await pool.close();
    }
    expect(got.length).toBe(expected.length);
    expect(exactDifference(got, expected)).toBeNull();
  }, 120_000);
});
