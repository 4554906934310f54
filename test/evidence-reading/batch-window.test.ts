/**
 * A worker's backpressure (src-main/evidence-reading/batch-window.ts): the window's rule, and the
 * real worker entry keeping to it — it sends at most MAX_BATCHES_IN_FLIGHT batches of a task
 * before an acknowledgement, and one more per acknowledgement.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BatchWindow, MAX_BATCHES_IN_FLIGHT, MAX_BYTES_IN_FLIGHT } from '../../src-main/evidence-reading/batch-window';
import type { FromWorker, ToWorker } from '../../src-main/evidence-reading/messages';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import { tempEvidenceFolder } from '../helpers/temp-evidence';

describe('BatchWindow', () => {
  it('is full at MAX_BATCHES_IN_FLIGHT batches, and frees one place per acknowledgement', () => {
    const w = new BatchWindow();
    for (let i = 0; i < MAX_BATCHES_IN_FLIGHT; i++) { expect(w.full).toBe(false); w.sent(1000); }
    expect(w.full).toBe(true);
    w.acknowledged();
    expect(w.full).toBe(false);
  });

  it('is full at MAX_BYTES_IN_FLIGHT bytes, whatever the count, and acknowledgements free the oldest batch first', () => {
    const w = new BatchWindow();
    w.sent(MAX_BYTES_IN_FLIGHT / 2);
    expect(w.full).toBe(false);
    w.sent(MAX_BYTES_IN_FLIGHT / 2);
    expect(w.full).toBe(true);
    w.acknowledged();
    expect(w.full).toBe(false);
    w.sent(MAX_BYTES_IN_FLIGHT / 2 - 1);
    expect(w.full).toBe(false);
    w.sent(1);
    expect(w.full).toBe(true);
    // the oldest (half) goes first: what stays is just under the limit, and two batches
    w.acknowledged();
    expect(w.full).toBe(false);
    w.acknowledged();
    w.acknowledged();
    w.acknowledged(); // more acknowledgements than batches change nothing
    expect(w.full).toBe(false);
  });
});

describe('the worker entry waits for acknowledgements', () => {
  it(`sends ${MAX_BATCHES_IN_FLIGHT} batches of a task, then one per acknowledgement`, async () => {
    // 2,000 events per batch (event-batcher.ts): 7 full batches and a last short one.
    const lines = Array.from({ length: 14_500 }, (_, i) => JSON.stringify({ EventID: 4688, Channel: 'Security', Hostname: 'h', EventTime: `2024-01-01 00:00:${String(i % 60).padStart(2, '0')}`, n: i }));
    const root = tempEvidenceFolder({ 'many.jsonl': lines.join('\n') });
    const script = ingestWorkerScript();
    const worker = new Worker(script.file, { execArgv: script.execArgv });
    try {
      let batches = 0;
      let done = false;
      let notify: () => void = () => {};
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'batch') batches++;
        if (m.type === 'done') done = true;
        notify();
      });
      /** Until `cond` holds (each message is checked), then `quietMs` more without a message: no more comes unasked. */
      const reach = async (cond: () => boolean, quietMs = 300) => {
        while (!cond()) await new Promise<void>((resolve) => { notify = resolve; });
        for (;;) {
          const more = await new Promise<boolean>((resolve) => { notify = () => resolve(true); setTimeout(() => resolve(false), quietMs); });
          if (!more) return;
        }
      };
      const post = (m: ToWorker) => worker.postMessage(m);
      post({ type: 'run', taskId: 1, item: { kind: 'parse-file', absPath: path.join(root, 'many.jsonl'), relPath: 'many.jsonl', format: 'jsonl' } });
      await reach(() => batches >= MAX_BATCHES_IN_FLIGHT);
      expect(batches).toBe(MAX_BATCHES_IN_FLIGHT);
      expect(done).toBe(false);
      post({ type: 'ack', taskId: 1 });
      await reach(() => batches >= MAX_BATCHES_IN_FLIGHT + 1);
      expect(batches).toBe(MAX_BATCHES_IN_FLIGHT + 1);
      for (let i = 0; i < 8; i++) post({ type: 'ack', taskId: 1 });
      await reach(() => done);
      expect(batches).toBe(8);
    } finally {
      await worker.terminate();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
