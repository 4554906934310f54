/**
 * worker-heap.ts: worker isolates made after `sizeWorkerYoungGeneration()` start with the larger young
 * generation (the flag is read when an isolate is made), and asking again changes nothing.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { sizeWorkerYoungGeneration, WORKER_MIN_SEMI_SPACE_MB } from '../../src-main/evidence-reading/worker-heap';
import { workerScript } from '../../src-main/evidence-reading/worker-script';

/** The new space's size in a fresh worker isolate, bytes. */
function workerNewSpace(): Promise<number> {
  const code = "const v8 = require('node:v8'); require('node:worker_threads').parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);";
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once('message', (n: number) => { void w.terminate(); resolve(n); });
    w.once('error', reject);
  });
}

describe('sizeWorkerYoungGeneration', () => {
  it('gives workers made afterwards a young generation of at least the set size, once', async () => {
    sizeWorkerYoungGeneration();
    sizeWorkerYoungGeneration();
    expect(await workerNewSpace()).toBeGreaterThanOrEqual(WORKER_MIN_SEMI_SPACE_MB * 1024 * 1024);
  });

  it('is applied by workerScript, which every pool and evtx-dump ask for their workers', () => {
    expect(() => workerScript('ingest.worker')).not.toThrow();
  });
});
