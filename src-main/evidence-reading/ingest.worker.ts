/**
 * Worker thread entry: receives work items, runs them, posts progress (throttled), event batches
 * (packed, waiting for acknowledgements: backpressure), results and errors; warms the parser up when
 * asked. All messaging lives here; the work itself is in run-item.ts and warm-up.ts.
 */
import { parentPort } from 'node:worker_threads';
import { toErrorShape } from './error-shape';
import type { FromWorker, ToWorker } from './messages';
import { BatchWindow } from './batch-window';
import { PackingSink } from './event-batcher';
import type { PackedBatchEncoder } from './packed-batch-encode';
import type { PackedBatch } from './packed-batch-format';
import { runWorkItem } from './run-item';
import { warmUpParser } from './warm-up';
import { settleDetachProtector } from './detach-protector';

const PROGRESS_INTERVAL_MS = 100;

interface TaskState { inFlight: BatchWindow; waiters: (() => void)[]; cancelled: boolean }

if (parentPort) {
  // Batches transfer their buffers: detach one before anything is compiled (detach-protector.ts).
  settleDetachProtector();
  const port = parentPort;
  const tasks = new Map<number, TaskState>();
  let warming = false;
  /** The pool asked the warm-up under way to end (`stop-warm-up`). */
  let warmUpStopped = false;
  /** Work items received so far: the warm-up stops at the first one after it began. */
  let itemsBegun = 0;
  const post = (m: FromWorker) => port.postMessage(m);
  // Batches cross packed, their buffers moved rather than copied (packed-batch-format.ts); the
  // encoders (and their grown buffers) serve one item after the other.
  const encoders: PackedBatchEncoder[] = [];
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'warm-up') {
      // Runs while the pool has nothing else to do: this worker's first item, or the pool's
      // `stop-warm-up` when another worker got one, stops it (see warm-up.ts, pool.ts).
      // One at a time: the pool resolves every request of a worker with the report it gets.
      if (warming) return;
      warming = true;
      warmUpStopped = false;
      // An item running, or begun since: a small item can start and end between two of its checks.
      const begunBefore = itemsBegun;
      const postBatch = (batch: PackedBatch, transfer: ArrayBuffer[]) => port.postMessage({ type: 'warm-batch', batch } satisfies FromWorker, transfer);
      void warmUpParser(msg.samples, () => warmUpStopped || tasks.size > 0 || itemsBegun > begunBefore, msg.limits, encoders, postBatch).then((report) => { warming = false; post({ type: 'warmed', report }); });
      return;
    }
    if (msg.type === 'stop-warm-up') { warmUpStopped = true; return; }
    const state = tasks.get(msg.taskId);
    if (msg.type === 'cancel') {
      if (state) { state.cancelled = true; for (const w of state.waiters.splice(0)) w(); }
      return;
    }
    if (msg.type === 'ack') {
      if (state) { state.inFlight.acknowledged(); state.waiters.shift()?.(); }
      return;
    }
    const { taskId, item } = msg;
    itemsBegun++;
    const st: TaskState = { inFlight: new BatchWindow(), waiters: [], cancelled: false };
    tasks.set(taskId, st);
    let last = 0;
    runWorkItem(item, {
      progress: (progress) => {
        const now = Date.now();
        if (progress.finished !== undefined || now - last >= PROGRESS_INTERVAL_MS) { last = now; post({ type: 'progress', taskId, progress }); }
      },
      batch: new PackingSink(async (batch, transfer) => {
        const bytes = batch.words.byteLength + batch.floats.byteLength + 2 * batch.text.length;
        port.postMessage({ type: 'batch', taskId, batch } satisfies FromWorker, transfer);
        st.inFlight.sent(bytes);
        while (st.inFlight.full && !st.cancelled) await new Promise<void>((r) => st.waiters.push(r));
      }, encoders),
      isCancelled: () => st.cancelled,
    }).then(
      (result) => post({ type: 'done', taskId, result }),
      (err) => post({ type: 'failed', taskId, error: toErrorShape(err, item.relPath) }),
    ).finally(() => tasks.delete(taskId));
  });
}
