/**
 * worker-heap.ts: worker isolates made after `configureWorkerHeap()` start with the larger young
 * generation (the flag is read when an isolate is made), and asking again changes nothing; their
 * old generation takes what a warm-up promotes without a full GC.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { configureWorkerHeap, WORKER_MIN_SEMI_SPACE_MB } from '../../src-main/evidence-reading/worker-heap';
import { workerScript } from '../../src-main/evidence-reading/worker-script';

/** What `code` posts from a fresh worker isolate. */
function inWorker<T>(code: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once('message', (m: T) => { void w.terminate(); resolve(m); });
    w.once('error', reject);
  });
}

/** The new space's size in a fresh worker isolate, bytes. */
function workerNewSpace(): Promise<number> {
  return inWorker("const v8 = require('node:v8'); require('node:worker_threads').parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);");
}

/**
 * Full GCs in a fresh worker isolate that allocates as a parse does (mostly short-lived objects,
 * ~100 scavenges' worth) while keeping a few MB alive, as a warm-up's caches and compiled code are.
 */
function workerFullGcs(): Promise<number> {
  return inWorker(`
    const { PerformanceObserver, constants } = require('node:perf_hooks');
    let full = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++; }).observe({ entryTypes: ['gc'] });
    const kept = [];
    const ring = new Array(1024).fill(null);
    for (let i = 0; i < 4000000; i++) {
      ring[i & 1023] = { v: i, w: [i, i] };
      if (i % 40 === 0 && kept.length < 30000) kept.push({ a: i, b: [i, i + 1, i + 2] });
    }
    setTimeout(() => require('node:worker_threads').parentPort.postMessage(full + (kept.length > 0 ? 0 : 1)), 20);
  `);
}

describe('configureWorkerHeap', () => {
  it('gives workers made afterwards a young generation of at least the set size, once', async () => {
    configureWorkerHeap();
    configureWorkerHeap();
    expect(await workerNewSpace()).toBeGreaterThanOrEqual(WORKER_MIN_SEMI_SPACE_MB * 1024 * 1024);
  });

  it('lets workers made afterwards keep a few MB in the old generation without a full GC', async () => {
    configureWorkerHeap();
    expect(await workerFullGcs()).toBe(0);
  });

  it('is applied by workerScript, which every pool and evtx-dump ask for their workers', () => {
    expect(() => workerScript('ingest.worker')).not.toThrow();
  });
});
