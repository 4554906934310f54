/**
 * A pool of worker_threads running work items: at most `size` at once, the rest queued.
 * A crashed worker fails only its own item and is replaced; cancel is cooperative (the worker
 * checks between reads) with termination as the fallback.
 */
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import type { FromWorker, ToWorker, WorkItem, WorkProgress, WorkResult, WorkerErrorShape } from './messages';
import type { NormalisedEvent } from '../model/event';
import { PackedBatchReader } from './packed-batch-decode';
import type { TallyRow } from './event-tally';
import { PackedBatchError } from './packed-batch-format';
import type { WorkerScript } from './worker-script';
import type { WarmUpLimits, WarmUpReport } from './warm-up';

export class WorkerTaskError extends Error {
  override readonly name = 'WorkerTaskError';
  constructor(readonly code: string, message: string, readonly context: WorkerErrorShape['context']) {
    super(message);
  }
}

/**
 * A task's handler of its events, slice by slice; `tally`: the events the batch counted instead
 * of carrying (content `'counted'`, event-tally.ts), with the batch's first slice (else null).
 */
export type BatchHandler = (events: NormalisedEvent[], tally: TallyRow[] | null) => void | Promise<void>;

/**
 * Events handed to a task's handler at a time: a worker's packed batch (up to 2,000 events) is
 * decoded and handed on in slices of this many, in order, each handled before the next is decoded,
 * so the main thread holds a slice of short-lived events at a time instead of the whole batch (a
 * young-generation scavenge copies whatever is live). Replaying the shared corpus's batches
 * through decode, detection and host tally in one thread (5 runs each, busy machine): main-thread
 * CPU ~300 → ~230 ms without Sigma, ~1,000 → ~850 ms with the Sigma set; 32 to 128 did alike.
 */
const HANDED_ON_EVENTS = 64;

/**
 * Decodes `batch` and hands its events to `onBatch` slice by slice (once, with none, for a
 * batch without events), its tally with the first. A malformed batch throws where its fault is: the slices before it have been handed on,
 * as a file's batches before a malformed one have.
 */
async function handOn(batch: unknown, onBatch: BatchHandler): Promise<void> {
  const reader = new PackedBatchReader(batch);
  let tally = reader.tally;
  do {
    const pending = onBatch(reader.take(HANDED_ON_EVENTS), tally);
    tally = null;
    if (pending) await pending;
  } while (reader.left > 0);
}

/**
 * A warm-up batch (warm-up.ts `WarmUpPost`), decoded as an item's are and dropped: the main
 * thread's decoder compiles on the samples in idle time instead of on the first file's events.
 * A batch that does not decode is dropped as well.
 */
function decodeAndDrop(batch: unknown): number {
  let events = 0;
  try {
    const reader = new PackedBatchReader(batch);
    while (reader.left > 0) events += reader.take(HANDED_ON_EVENTS).length;
  } catch {
    // dropped: a warm-up batch is never evidence
  }
  return events;
}

interface Task {
  id: number;
  item: WorkItem;
  onProgress: (p: WorkProgress) => void;
  onBatch: BatchHandler;
  /** Batches are handled one after the other, in the order the worker sent them. */
  batchChain: Promise<void>;
  batchError: unknown;
  resolve: (r: WorkResult) => void;
  reject: (e: WorkerTaskError) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  /** Resolves the worker's warm-up report (warmUp). */
  warmed?: (report: WarmUpReport) => void;
  /** The warm-up under way was asked to stop (stopWarmUps). */
  warmUpStopSent?: boolean;
}

const CANCEL_GRACE_MS = 2000;

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  /** Events of the workers' warm-up batches decoded (and dropped) on this thread so far. */
  warmUpEvents = 0;

  constructor(private readonly script: WorkerScript, readonly size = Math.max(1, os.availableParallelism?.() ?? os.cpus().length)) {}

  run<I extends WorkItem>(
    item: I,
    onProgress: (p: WorkProgress) => void = () => {},
    signal?: AbortSignal,
    onBatch: BatchHandler = () => {},
  ): Promise<Extract<WorkResult, { kind: I['kind'] }>> {
    if (this.closed) return Promise.reject(new WorkerTaskError('closed', 'worker pool is closed', {}));
    return new Promise<WorkResult>((resolve, reject) => {
      const task: Task = { id: this.nextId++, item, onProgress, onBatch, batchChain: Promise.resolve(), batchError: null, resolve, reject, signal };
      if (signal?.aborted) { reject(this.cancelledError(item)); return; }
      if (signal) {
        task.onAbort = () => this.cancel(task);
        signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.pump();
    }) as Promise<Extract<WorkResult, { kind: I['kind'] }>>;
  }

  /**
   * Starts `workers` workers (every worker by default, never more than `size`) now instead of at
   * the first item: a fresh worker spends its first tens of milliseconds loading its code, which
   * then overlaps whatever the caller does before it has work (walking the folder, loading rules).
   * Idempotent; a worker not started here starts at a later `start`, or when an item waits and
   * every started worker is busy (`pump`). The CLI starts one for a folder of one small file
   * (read-width.ts).
   */
  start(workers = this.size): void {
    const n = Math.min(this.size, workers);
    while (!this.closed && this.slots.length < n) this.spawn();
  }

  /**
   * Starts `workers` workers (every worker by default) and has each worker started by then parse
   * the built-in samples (warm-up.ts) until a limit or the pool's first item, so the JIT's warm-up
   * falls in idle time (the app's pool after start-up, the CLI's while it loads and walks the
   * folder) rather than on the first file. A worker started later starts with work: no warm-up.
   * Resolves with each worker's report; a worker that crashes or a pool that closes first gives an
   * `error` report.
   *
   * The first item ends every worker's warm-up, not only that of the worker it goes to: a pool has
   * a worker a core (the CLI's default, the app's), so a warm-up beside a read takes CPU time from
   * the read and the main thread. Measured on the 2-core VM (2026-12-07, Node 20.20, compiled CLI,
   * `--no-sigma`, 6 interleaved rounds; before, a worker with no item warmed up to its budget):
   * a folder of one zip of JSON lines 934 → 775 ms wall (lower in 6 of 6), process CPU 1.64 →
   * 1.22 s; the demo evidence 607 → 598 ms (no change).
   */
  warmUp(samples: readonly string[], limits?: WarmUpLimits, workers = this.size): Promise<WarmUpReport[]> {
    this.start(workers);
    const reports = Promise.all(this.slots.map((slot) => new Promise<WarmUpReport>((resolve) => {
      const previous = slot.warmed;
      slot.warmed = (report) => { previous?.(report); resolve(report); };
      slot.warmUpStopSent = false;
      slot.worker.postMessage({ type: 'warm-up', samples: [...samples], limits } satisfies ToWorker);
    })));
    if (this.slots.some((s) => s.task !== null)) this.stopWarmUps();
    return reports;
  }

  /** Asks every worker still warming up to stop: the pool has work. */
  private stopWarmUps(): void {
    for (const slot of this.slots) {
      if (!slot.warmed || slot.warmUpStopSent) continue;
      slot.warmUpStopSent = true;
      slot.worker.postMessage({ type: 'stop-warm-up' } satisfies ToWorker);
    }
  }

  /** Workers running now (started, not yet closed or crashed). */
  get workerCount(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) this.finish(t, new WorkerTaskError('closed', 'worker pool is closed', {}));
    const slots = this.slots.splice(0);
    for (const s of slots) this.endWarmUp(s, 'worker pool is closed');
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private endWarmUp(slot: Slot, why: string): void {
    const warmed = slot.warmed;
    slot.warmed = undefined;
    warmed?.({ passes: 0, records: 0, ms: 0, ended: 'error', error: why });
  }

  private cancelledError(item: WorkItem): WorkerTaskError {
    return new WorkerTaskError('cancelled', 'cancelled by the user', { path: item.relPath });
  }

  private cancel(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) { this.queue.splice(queued, 1); this.finish(task, this.cancelledError(task.item)); return; }
    const slot = this.slots.find((s) => s.task === task);
    if (!slot) return;
    slot.worker.postMessage({ type: 'cancel', taskId: task.id } satisfies ToWorker);
    const timer = setTimeout(() => {
      if (slot.task === task) this.replace(slot, this.cancelledError(task.item));
    }, CANCEL_GRACE_MS);
    timer.unref();
  }

  private finish(task: Task, outcome: WorkResult | WorkerTaskError): void {
    if (task.signal && task.onAbort) task.signal.removeEventListener('abort', task.onAbort);
    if (outcome instanceof WorkerTaskError) task.reject(outcome);
    else task.resolve(outcome);
  }

  private spawn(): Slot {
    const worker = new Worker(this.script.file, { execArgv: this.script.execArgv });
    const slot: Slot = { worker, task: null };
    worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    worker.on('error', (err) => this.replace(slot, new WorkerTaskError('worker_crashed', `worker failed: ${err.message}`, {})));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.replace(slot, new WorkerTaskError('worker_crashed', `worker exited with code ${code}`, {}));
    });
    this.slots.push(slot);
    return slot;
  }

  /** Drops a slot (crashed, or stuck after cancel), fails its task, and keeps the queue moving. */
  private replace(slot: Slot, err: WorkerTaskError): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    const task = slot.task;
    slot.task = null;
    void slot.worker.terminate();
    this.endWarmUp(slot, err.message);
    if (task) this.finish(task, new WorkerTaskError(err.code, err.message, { path: task.item.relPath, ...err.context }));
    this.pump();
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    if (msg.type === 'warm-batch') { this.warmUpEvents += decodeAndDrop(msg.batch); return; }
    if (msg.type === 'warmed') {
      const warmed = slot.warmed;
      slot.warmed = undefined;
      warmed?.(msg.report);
      return;
    }
    const task = slot.task;
    if (!task || task.id !== msg.taskId) return;
    if (msg.type === 'progress') { task.onProgress(msg.progress); return; }
    if (msg.type === 'batch') {
      task.batchChain = task.batchChain
        .then(() => handOn(msg.batch, task.onBatch))
        .catch((err: unknown) => { task.batchError ??= err; })
        .then(() => { if (slot.task === task) slot.worker.postMessage({ type: 'ack', taskId: task.id } satisfies ToWorker); });
      return;
    }
    slot.task = null;
    // The result is final only once every batch before it has been handled.
    void task.batchChain.then(() => {
      if (task.batchError) {
        const e = task.batchError;
        if (e instanceof PackedBatchError) this.finish(task, new WorkerTaskError(e.code, `a batch of events from the worker is malformed: ${e.message}`, { path: task.item.relPath, ...e.context }));
        else this.finish(task, new WorkerTaskError('batch_failed', `handling events failed: ${e instanceof Error ? e.message : String(e)}`, { path: task.item.relPath }));
      } else if (msg.type === 'done') this.finish(task, msg.result);
      else this.finish(task, new WorkerTaskError(msg.error.code, msg.error.message, msg.error.context));
    });
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => s.task === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.postMessage({ type: 'run', taskId: task.id, item: task.item } satisfies ToWorker);
      this.stopWarmUps();
    }
  }
}
