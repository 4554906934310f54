/**
 * Allocated records handed to the caller as they are read (`ChunkOptions.onRecord`, chunk.ts),
 * instead of collected in the chunk's `records` and handed over together once the chunk is read.
 * A chunk holds ~100–2,000 records; collected, every one of them was alive until the caller had
 * packed the last, so each young-generation collection of a parsing worker copied the RawEvents
 * of the chunk at hand (issue 21: whole `triage --no-sigma` of the shared corpus, both workers,
 * --trace-gc-nvp: ~39 MB survived their scavenges collected, ~25 MB handed over one by one).
 *
 * An error thrown by the caller's function is the caller's, not the record's: it leaves the
 * chunk read as it was thrown (`recordFailed`, irregular-records.ts, throws it on), where an
 * error of the record's own is a record error.
 */
import type { RawEvent } from '../../model/raw-event';

/** Where a chunk read puts its allocated records' RawEvents: its `records` array, or a `RecordHandoff`. */
export interface RecordList {
  push(ev: RawEvent): unknown;
}

/** The caller's error, carried through the record reader's own error handling. */
export class RecordHandoffError extends Error {
  override readonly name = 'RecordHandoffError';
  constructor(readonly error: unknown) {
    super('the caller of the chunk reader failed on a record');
  }
}

/** A `RecordList` that hands each record to `onRecord` at once (keeps none). */
export class RecordHandoff implements RecordList {
  constructor(private readonly onRecord: (ev: RawEvent) => void) {}

  push(ev: RawEvent): void {
    try {
      this.onRecord(ev);
    } catch (e) {
      throw new RecordHandoffError(e);
    }
  }
}
