/**
 * Named parse failures of the EVTX reader. Every bounds-checked read throws `EvtxFormatError`
 * with the field label and the chunk-relative (or file-relative) offset, so a broken record is
 * reported as "where and what", never as a bare RangeError. They are results (a record error in
 * the file's summary), not bugs, and some inputs raise one per record (records recovered from
 * slack whose templates were overwritten): so they carry no stack trace, whose capture cost more
 * than the rest of the error.
 */
import { IngestError } from '../../shared/ingest-issues';
import type { IssueContext } from '../../shared/ingest-issues';

export class EvtxFormatError extends IngestError {
  constructor(code: string, message: string, context: IssueContext = {}) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(code, message, context);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/** Throws the error for a read of `size` bytes at `offset` past `end`. */
export function outOfBounds(label: string, offset: number, size: number, end: number): never {
  throw new EvtxFormatError(
    'evtx.bounds',
    `${label}: read of ${size} byte(s) at offset ${offset} exceeds limit ${end}`,
    { offset },
  );
}
