/**
 * Worker thread entry: receives work items, runs them, posts progress (throttled), results and
 * errors. All messaging lives here; the work itself is in run-item.ts.
 */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerErrorShape } from './messages';
import { runWorkItem } from './run-item';

const PROGRESS_INTERVAL_MS = 100;

function toErrorShape(err: unknown, relPath: string): WorkerErrorShape {
  const e = err as NodeJS.ErrnoException & { context?: Record<string, string | number> };
  const code = typeof e?.code === 'string' ? e.code : 'internal';
  const message = err instanceof Error ? err.message : String(err);
  return { code, message, context: { path: relPath, ...(e?.context ?? {}) } };
}

if (parentPort) {
  const port = parentPort;
  const cancelled = new Set<number>();
  const post = (m: FromWorker) => port.postMessage(m);
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'cancel') { cancelled.add(msg.taskId); return; }
    const { taskId, item } = msg;
    let last = 0;
    runWorkItem(
      item,
      (progress) => {
        const now = Date.now();
        if (now - last >= PROGRESS_INTERVAL_MS) { last = now; post({ type: 'progress', taskId, progress }); }
      },
      () => cancelled.has(taskId),
    ).then(
      (result) => post({ type: 'done', taskId, result }),
      (err) => post({ type: 'failed', taskId, error: toErrorShape(err, item.relPath) }),
    ).finally(() => cancelled.delete(taskId));
  });
}
