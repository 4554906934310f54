/**
 * What the chunk reader (chunk.ts) does off its fast path: damaged record data (resynchronising on
 * the next record signature), impossible sizes, sizes their trailing copy does not confirm,
 * records of another generation of the chunk (outside the header's id range), records that fail
 * to render, and the slack after the free-space offset (recover.ts). Kept out of `parseChunk` so
 * that the per-record loop V8 compiles stays small: the first damaged record, recovered record or
 * record error of a worker's life then runs code that was never compiled into the loop, instead of
 * throwing the loop's optimised code away (with everything inlined into it) and compiling it again
 * (issue 21: TurboFan compiles were a quarter of a triage's CPU).
 */
import type { IngestIssue } from '../../shared/ingest-issues';
import type { RawEvent } from '../../model/raw-event';
import type { ChunkContext } from './binxml/context';
import type { ChunkHeaderInfo } from './chunk-header';
import { isAllZero } from './chunk-header';
import { findNextRecord, RECORD_MIN_SIZE } from './record';
import type { RecordHeader } from './record';
import { recoverRange, tryRecover } from './recover';
import type { RecoverySink } from './recover';
import type { ChunkBudget } from './render/chunk-budget';
import { RecordHandoffError } from './record-handoff';
import type { RecordList } from './record-handoff';
import type { WantsData } from './render/event-plan';

/** The state of one chunk's read, one fixed shape (the fast loop and these handlers share it). */
export interface ChunkRead {
  chunk: Uint8Array;
  chunkIndex: number;
  /** File offset of the chunk (issue offsets are file offsets). */
  base: number;
  ctx: ChunkContext;
  budget: ChunkBudget;
  header: ChunkHeaderInfo;
  /** The header's [first, last] record id range is usable to tell generations apart. */
  idRangeSane: boolean;
  /** End of the allocated records (the free-space offset when it is plausible). */
  limit: number;
  recover: boolean;
  /** Where allocated records' RawEvents and Event XML go (null: not wanted). */
  objects: RecordList | null;
  xml: string[] | null;
  /** Whether the caller reads a record's EventData (chunk.ts `ChunkOptions.wantsData`; null: always). */
  wantsData: WantsData | null;
  recordIds: number[];
  issues: IngestIssue[];
  errors: IngestIssue[];
  /** Failed or lost records (`errors.length`). */
  failed: number;
  /** Where recovered records go; record failures are errors. */
  sink: RecoverySink;
  /** The same for the slack: a remnant that does not render is only counted (`slackUnreadable`). */
  slackSink: RecoverySink | null;
  slackUnreadable: number;
}

/** A record error at chunk offset `off`. */
export function failRecord(st: ChunkRead, code: string, message: string, off: number, recordId?: number): void {
  st.failed++;
  st.errors.push({ severity: 'error', code, message, context: recordId === undefined ? { chunk: st.chunkIndex, offset: st.base + off } : { chunk: st.chunkIndex, offset: st.base + off, recordId } });
}

/** The sink of a chunk's recovered records (one shape for both sinks). */
export function recoverySink(recordIds: number[], recovered: RawEvent[], recoveredXml: string[], recoveredIds: number[], objects: boolean, xml: boolean, fail: RecoverySink['fail']): RecoverySink {
  return { recordIds, recovered, recoveredXml, recoveredIds, objects, xml, fail };
}

/**
 * The slack's sink, made on first use. Slack is unallocated: remnants there are usually part
 * overwritten, so one that does not render is counted in a warning, not as a lost record (the
 * allocated area has no such excuse).
 */
function slackSinkOf(st: ChunkRead): RecoverySink {
  const s = st.sink;
  return (st.slackSink ??= recoverySink(s.recordIds, s.recovered, s.recoveredXml, s.recoveredIds, s.objects, s.xml, () => { st.slackUnreadable++; }));
}

/**
 * The record at `pos` is not one the fast path reads (no signature, a bad or unconfirmed size, or
 * an id outside the chunk's range): reports, recovers or renders it as the case needs and returns
 * where the reader goes on, or -1 when no record follows. `h` is the record's header, or null when
 * `pos` has no record signature. `renderAt` renders an allocated record (throws on a broken one).
 */
export function irregularRecord(st: ChunkRead, pos: number, h: RecordHeader | null, renderAt: (st: ChunkRead, pos: number, h: RecordHeader) => void): number {
  const { chunk, limit } = st;
  if (h === null) {
    // Zero runs (VSS copies, cut records) or garbage: resynchronise on the next record.
    const next = findNextRecord(chunk, pos + 1, limit);
    const to = next < 0 ? limit : next;
    if (!isAllZero(chunk, pos, to)) {
      failRecord(st, 'evtx.record.resync', `no record signature: ${to - pos} bytes of damaged record data skipped${next < 0 ? ' to the end of the records' : ' to the next record'}`, pos);
    }
    return next;
  }
  const len = chunk.length;
  if (h.size < RECORD_MIN_SIZE || pos + h.size > len) {
    failRecord(st, 'evtx.record.bad_size', `record size ${h.size} is invalid (minimum 28, ${len - pos} bytes left in chunk)`, pos, h.recordId);
    return findNextRecord(chunk, pos + 4, limit);
  }
  // A size that its trailing copy does not confirm may be damaged: the next record is then
  // looked for from the smallest record size on, so no intact record behind it is jumped over.
  const sizeTrusted = h.sizeCopy === h.size;
  const after = sizeTrusted ? pos + h.size : nextStart(chunk, pos, h.size, limit);
  const header = st.header;
  if (st.idRangeSane && (h.recordId < header.firstRecordId || h.recordId > header.lastRecordId)) {
    if (!st.recover) failRecord(st, 'evtx.record.outside_chunk_range', `record ${h.recordId} is outside the chunk's range ${header.firstRecordId}-${header.lastRecordId} (another generation of this chunk); not read without recovery`, pos, h.recordId);
    else if (!sizeTrusted) failRecord(st, 'evtx.record.size_copy', `record ${h.recordId} is outside the chunk's range and its size ${h.size} differs from its trailing copy ${h.sizeCopy}`, pos, h.recordId);
    else tryRecover(st.ctx, st.budget, pos, h, st.sink, 'outside-chunk-range');
    return after;
  }
  st.issues.push({ severity: 'warning', code: 'evtx.record.size_copy', message: `record size ${h.size} differs from its trailing copy ${h.sizeCopy}`, context: { chunk: st.chunkIndex, offset: st.base + pos, recordId: h.recordId } });
  try {
    renderAt(st, pos, h);
    st.recordIds.push(h.recordId);
  } catch (e) {
    recordFailed(st, e, pos, h, false);
  }
  return after;
}

/** Where to go on after a record whose size is not confirmed: the next plausible record start. */
function nextStart(chunk: Uint8Array, pos: number, size: number, limit: number): number {
  const next = findNextRecord(chunk, pos + RECORD_MIN_SIZE, limit);
  return next < 0 ? pos + size : next;
}

/**
 * The allocated record at `pos` threw `e` while rendering: a record error; a newer record may have
 * been written over its tail, so (with recovery, and a size its copy confirms) that is tried.
 */
export function recordFailed(st: ChunkRead, e: unknown, pos: number, h: RecordHeader, sizeTrusted: boolean): void {
  if (e instanceof RecordHandoffError) throw e.error; // the caller's failure, not the record's
  const err = e as { code?: string; message?: string; context?: { offset?: number } };
  const where = err.context?.offset !== undefined ? ` at chunk offset ${err.context.offset}` : '';
  failRecord(st, typeof err.code === 'string' ? err.code : 'evtx.record.error', `record ${h.recordId}: ${err.message ?? String(e)}${where}`, pos, h.recordId);
  if (st.recover && sizeTrusted) recoverRange(st.ctx, st.budget, pos + 8, pos + h.size, slackSinkOf(st), 'slack');
}

/** Recovers plausible records in the slack `[limit, chunk end)`; a warning says how many. */
export function recoverSlack(st: ChunkRead): void {
  const count = recoverRange(st.ctx, st.budget, st.limit, st.chunk.length, slackSinkOf(st), 'slack');
  if (count.found > 0) {
    st.issues.push({ severity: 'warning', code: 'evtx.record.recovered', message: `${count.got} of ${count.found} plausible record(s) in the chunk slack recovered; ${st.slackUnreadable} unreadable (partly overwritten remnants), the rest already read`, context: { chunk: st.chunkIndex, offset: st.base + st.limit } });
  }
}
