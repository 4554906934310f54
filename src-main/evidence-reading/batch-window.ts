/**
 * The batches a worker has sent for one task and the main thread has not yet acknowledged
 * (acknowledgements come in the order the batches were sent): the worker's backpressure. It waits
 * while `MAX_BATCHES_IN_FLIGHT` batches or `MAX_BYTES_IN_FLIGHT` bytes are unacknowledged, so it
 * reads on while the main thread is busy for a moment (its start-up, the rules' load) and never
 * has more than two of the largest batches (16 MiB each, event-batcher.ts) on the main thread's
 * queue.
 */

/** Batches a worker may have in flight before it waits for an acknowledgement. */
export const MAX_BATCHES_IN_FLIGHT = 4;
/** Bytes of batches (words, floats, text) a worker may have in flight before it waits. */
export const MAX_BYTES_IN_FLIGHT = 32 << 20;

export class BatchWindow {
  private readonly sizes: number[] = [];
  private bytes = 0;

  /** A batch of `bytes` was sent. */
  sent(bytes: number): void {
    this.sizes.push(bytes);
    this.bytes += bytes;
  }

  /** The oldest batch in flight was acknowledged. */
  acknowledged(): void {
    this.bytes -= this.sizes.shift() ?? 0;
  }

  /** Whether the worker waits for an acknowledgement before it sends again. */
  get full(): boolean {
    return this.sizes.length >= MAX_BATCHES_IN_FLIGHT || this.bytes >= MAX_BYTES_IN_FLIGHT;
  }
}
