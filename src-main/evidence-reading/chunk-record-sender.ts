/**
 * Sends the allocated records an EVTX chunk read hands over as it reads them (ingest/evtx
 * `ChunkOptions.onRecord`, record-handoff.ts), for parse-file.ts and the archive members'
 * stream-parsers.ts. `send` returns a promise only when it filled a batch (event-batcher.ts),
 * which is then already sent: the chunk's records after it are held until the chunk is read and
 * that promise (the sink's backpressure, or its failure) has settled, as when a chunk's records
 * were all sent after it was read. Memory: at most one chunk's records are held.
 */
import type { RawEvent } from '../model/raw-event';

export class ChunkRecordSender {
  /** The flush of a batch that filled up while the chunk was read. */
  private flush: Promise<void> | null = null;
  /** The chunk's records read after it. */
  private readonly held: RawEvent[] = [];

  constructor(private readonly send: (raw: RawEvent) => Promise<void> | undefined) {}

  /** For `ChunkOptions.onRecord`: sends `raw`, or holds it while a flush is under way. */
  readonly take = (raw: RawEvent): void => {
    if (this.flush !== null) {
      this.held.push(raw);
      return;
    }
    const full = this.send(raw);
    if (full) this.flush = full;
  };

  /** Once the chunk is read: waits for the flush started in it, then sends the records held since (waiting for each full batch). */
  async settle(): Promise<void> {
    const flush = this.flush;
    if (flush === null) return;
    this.flush = null;
    await flush;
    const held = this.held.splice(0);
    // indexed: a for-of with an `await` in it made an iterator result object per record
    for (let i = 0; i < held.length; i++) { const full = this.send(held[i]!); if (full) await full; }
  }

  /** A read that failed: the held records are dropped, a flush under way is still waited for (its failure is then the read's). */
  async abandon(): Promise<void> {
    const flush = this.flush;
    this.flush = null;
    this.held.length = 0;
    if (flush !== null) await flush;
  }
}
