/**
 * A read of one evidence file held paused between pages, so that reading a JSON, XML or archive
 * file page after page parses it once (not once per page). The worker's batches wait for an
 * acknowledgement (evidence-reading/pool.ts), so while the buffer holds a page the worker waits too:
 * memory stays at about one page plus the batches in flight. A read nobody asks for within
 * IDLE_MS is cancelled, which frees its worker.
 */
import type { NormalisedEvent } from '../model/event';
import type { ExplorerEvent } from '../shared/contract-events';
import { WorkerTaskError } from '../evidence-reading/pool';

const IDLE_MS = 20_000;

export type StartRead = (signal: AbortSignal, onBatch: (batch: NormalisedEvent[]) => Promise<void>) => Promise<{ errors: number }>;

export class PausedRead {
  /** Events read and not handed out yet. */
  private buffer: ExplorerEvent[] = [];
  /** Events handed out so far: the `skip` a request continuing this read names. */
  position = 0;
  errors = 0;
  private done = false;
  private failed: unknown = null;
  private resume: (() => void) | null = null;
  private wake: (() => void) | null = null;
  private readonly stop = new AbortController();
  private idle: ReturnType<typeof setTimeout> | null = null;

  constructor(start: StartRead, convert: (e: NormalisedEvent) => ExplorerEvent, private readonly highWater: number, private readonly onIdle: () => void) {
    start(this.stop.signal, async (batch) => {
      for (const e of batch) this.buffer.push(convert(e));
      this.wake?.();
      if (this.buffer.length >= this.highWater && !this.stop.signal.aborted) await new Promise<void>((r) => { this.resume = r; });
    }).then(
      (r) => { this.errors = r.errors; this.finish(null); },
      (err: unknown) => { this.finish(err instanceof WorkerTaskError && err.code === 'cancelled' && this.stop.signal.aborted ? null : err); },
    );
    this.arm();
  }

  private finish(err: unknown): void {
    this.done = true;
    this.failed = err;
    this.wake?.();
  }

  private arm(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => { this.cancel(); this.onIdle(); }, IDLE_MS);
    this.idle.unref?.();
  }

  /** The next `limit` events (fewer at the end); `end` once the file has no more. */
  async take(limit: number): Promise<{ events: ExplorerEvent[]; end: boolean }> {
    if (this.idle) clearTimeout(this.idle);
    while (this.buffer.length < limit && !this.done) {
      const woken = new Promise<void>((r) => { this.wake = r; });
      const r = this.resume;
      this.resume = null;
      r?.();
      await woken;
      this.wake = null;
    }
    if (this.failed) throw this.failed;
    const events = this.buffer.splice(0, limit);
    this.position += events.length;
    const end = this.done && this.buffer.length === 0;
    if (!end) this.arm();
    return { events, end };
  }

  cancel(): void {
    if (this.idle) clearTimeout(this.idle);
    this.stop.abort();
    const r = this.resume;
    this.resume = null;
    r?.();
  }
}
