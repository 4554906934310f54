import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerPool, WorkerTaskError } from '../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import { PackedBatchEncoder } from '../../src-main/evidence-reading/packed-batch-encode';
import type { NormalisedEvent } from '../../src-main/model/event';
import { tempEvidenceFolder } from '../helpers/temp-evidence';

/**
 * A stand-in worker (plain JavaScript) that answers every item with one good packed batch from
 * the real encoder's output (`good`), then a malformed one: its word count cut short.
 */
function malformedBatchWorker(good: { words: ArrayBuffer; floats: ArrayBuffer; text: string }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bad-batch-worker-'));
  const file = path.join(dir, 'bad-batch.worker.js');
  const words = JSON.stringify([...new Int32Array(good.words)]);
  const floats = JSON.stringify([...new Float64Array(good.floats)]);
  writeFileSync(file, `
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (msg) => {
      if (msg.type !== 'run') return;
      const batch = (cut) => { const w = new Int32Array(${words}); return { words: w.slice(0, w.length - cut).buffer, floats: new Float64Array(${floats}).buffer, text: ${JSON.stringify(good.text)} }; };
      parentPort.postMessage({ type: 'batch', taskId: msg.taskId, batch: batch(0) });
      parentPort.postMessage({ type: 'batch', taskId: msg.taskId, batch: batch(1) });
      parentPort.postMessage({ type: 'done', taskId: msg.taskId, result: { kind: 'parse-file', relPath: msg.item.relPath, summary: {}, members: [] } });
    });`);
  return file;
}

describe('WorkerPool', () => {
  it('hashes files in worker threads and reports progress', async () => {
    const big = new Uint8Array(5 * 1024 * 1024).map((_, i) => i % 251);
    const root = tempEvidenceFolder({ 'big.bin': big, 'a.xml': '<Events/>' });
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const seen: number[] = [];
      const [b, a] = await Promise.all([
        pool.run({ kind: 'scan-file', absPath: path.join(root, 'big.bin'), relPath: 'big.bin' }, (p) => seen.push(p.bytesDone)),
        pool.run({ kind: 'scan-file', absPath: path.join(root, 'a.xml'), relPath: 'a.xml' }),
      ]);
      expect(b).toMatchObject({ relPath: 'big.bin', bytes: big.length, sha256: createHash('sha256').update(big).digest('hex'), format: 'unknown' });
      expect(a).toMatchObject({ relPath: 'a.xml', format: 'xml' });
      expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('starts its workers before any item when asked, and runs a batch of small files with one outcome each', async () => {
    const root = tempEvidenceFolder({ 'a.xml': '<Events/>', 'b.bin': new Uint8Array([1, 2, 3]) });
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      expect(pool.workerCount).toBe(0);
      pool.start();
      pool.start();
      expect(pool.workerCount).toBe(2);
      const seen: number[] = [];
      const r = await pool.run({
        kind: 'scan-files', relPath: 'a.xml',
        files: ['a.xml', 'gone.evtx', 'b.bin'].map((p) => ({ absPath: path.join(root, p), relPath: p })),
      }, (p) => seen.push(p.bytesDone));
      expect(r.outcomes).toMatchObject([
        { ok: true, relPath: 'a.xml', format: 'xml', bytes: 9 },
        { ok: false, relPath: 'gone.evtx', error: { code: 'ENOENT', context: { path: 'gone.evtx' } } },
        { ok: true, relPath: 'b.bin', bytes: 3, sha256: createHash('sha256').update(new Uint8Array([1, 2, 3])).digest('hex') },
      ]);
      expect(pool.workerCount).toBe(2);
    } finally {
      await pool.close();
    }
    expect(pool.workerCount).toBe(0);
  });

  it('starts only the workers asked for, and another once two items wait', async () => {
    const root = tempEvidenceFolder({ 'a.xml': '<Events/>', 'big.bin': new Uint8Array(8 * 1024 * 1024) });
    const pool = new WorkerPool(ingestWorkerScript(), 3);
    try {
      pool.start(1);
      expect(pool.workerCount).toBe(1);
      pool.start(5);
      expect(pool.workerCount).toBe(3);
    } finally {
      await pool.close();
    }
    const lazy = new WorkerPool(ingestWorkerScript(), 2);
    try {
      lazy.start(1);
      await lazy.run({ kind: 'scan-file', absPath: path.join(root, 'a.xml'), relPath: 'a.xml' });
      expect(lazy.workerCount).toBe(1); // one item at a time: the one worker reads them all
      const both = Promise.all(['big.bin', 'a.xml'].map((p) => lazy.run({ kind: 'scan-file', absPath: path.join(root, p), relPath: p })));
      expect(lazy.workerCount).toBe(2);
      expect((await both).map((r) => r.relPath)).toEqual(['big.bin', 'a.xml']);
    } finally {
      await lazy.close();
    }
  });

  it('fails only the item that cannot be read, with a code and its path', async () => {
    const root = tempEvidenceFolder({ 'ok.xml': '<Events/>' });
    const pool = new WorkerPool(ingestWorkerScript(), 1);
    try {
      const bad = pool.run({ kind: 'scan-file', absPath: path.join(root, 'gone.evtx'), relPath: 'gone.evtx' });
      await expect(bad).rejects.toBeInstanceOf(WorkerTaskError);
      await expect(bad).rejects.toMatchObject({ code: 'ENOENT', context: { path: 'gone.evtx' } });
      await expect(pool.run({ kind: 'scan-file', absPath: path.join(root, 'ok.xml'), relPath: 'ok.xml' })).resolves.toMatchObject({ format: 'xml' });
    } finally {
      await pool.close();
    }
  });

  it('cancels queued and running items', async () => {
    const root = tempEvidenceFolder({ 'big.bin': new Uint8Array(64 * 1024 * 1024) });
    const pool = new WorkerPool(ingestWorkerScript(), 1);
    try {
      const ctl = new AbortController();
      const running = pool.run({ kind: 'scan-file', absPath: path.join(root, 'big.bin'), relPath: 'big.bin' }, () => ctl.abort(), ctl.signal);
      const queued = pool.run({ kind: 'scan-file', absPath: path.join(root, 'big.bin'), relPath: 'big2.bin' }, () => {}, ctl.signal)
        .then(() => 'resolved', (err: unknown) => err);
      await expect(running).rejects.toMatchObject({ code: 'cancelled' });
      expect(await queued).toMatchObject({ code: 'cancelled', context: { path: 'big2.bin' } });
    } finally {
      await pool.close();
    }
  });

  it('hands a batch on in slices of at most 64 events, in order, each handled before the next', async () => {
    const ev = (i: number) => `<Event><System><Provider Name="T"/><EventID>4000</EventID><EventRecordID>${i}</EventRecordID><Computer>H</Computer></System></Event>`;
    const root = tempEvidenceFolder({ 'a.xml': `<Events>${Array.from({ length: 150 }, (_, i) => ev(i + 1)).join('')}</Events>` });
    const pool = new WorkerPool(ingestWorkerScript(), 1);
    const slices: number[][] = [];
    let handling = false;
    try {
      await pool.run({ kind: 'parse-file', absPath: path.join(root, 'a.xml'), relPath: 'a.xml', format: 'xml' }, () => {}, undefined, async (b) => {
        expect(handling).toBe(false);
        handling = true;
        await new Promise((r) => setTimeout(r, 1));
        slices.push(b.map((e) => e.record_id!));
        handling = false;
      });
    } finally {
      await pool.close();
    }
    expect(slices.map((s) => s.length)).toEqual([64, 64, 22]);
    expect(slices.flat()).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });

  it('fails an item whose worker sends a malformed batch, after handing on the good ones, and runs the next', async () => {
    const ev = (i: number) => `<Event><System><Provider Name="T"/><EventID>4000</EventID><EventRecordID>${i}</EventRecordID><Computer>H</Computer></System><EventData><Data Name="N">${i}</Data></EventData></Event>`;
    const root = tempEvidenceFolder({ 'a.xml': `<Events>${ev(1)}${ev(2)}${ev(3)}</Events>` });
    const real = new WorkerPool(ingestWorkerScript(), 1);
    const good: NormalisedEvent[] = [];
    try {
      await real.run({ kind: 'parse-file', absPath: path.join(root, 'a.xml'), relPath: 'a.xml', format: 'xml' }, () => {}, undefined, (b) => { good.push(...b); });
    } finally {
      await real.close();
    }
    expect(good).toHaveLength(3);
    const pool = new WorkerPool({ file: malformedBatchWorker(new PackedBatchEncoder().encode(good).batch), execArgv: [] }, 1);
    try {
      for (const relPath of ['first.xml', 'second.xml']) {
        const got: NormalisedEvent[] = [];
        const run = pool.run({ kind: 'parse-file', absPath: path.join(root, 'a.xml'), relPath, format: 'xml' }, () => {}, undefined, (b) => { got.push(...b); });
        await expect(run).rejects.toMatchObject({ code: 'packed_batch_invalid', message: /malformed: the batch ends inside a value/, context: { path: relPath } });
        expect(got).toEqual(good);
      }
    } finally {
      await pool.close();
    }
  });
});
