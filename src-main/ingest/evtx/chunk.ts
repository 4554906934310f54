/**
 * One 64 KiB chunk (libyal EVTX doc §3 "Chunk"): header checks, then every record from offset
 * 512 to the free-space offset. CRC mismatches are warnings and the records are still read; a
 * broken record is a record error (chunk, offset, record id, reason) and the reader moves to the
 * next record by its size, or resynchronises on the next plausible record signature (the skipped
 * bytes are a record error too). Records of other generations, in the slack, or in a chunk whose
 * signature is damaged are recovered by default (recover.ts). Every event is read, recovered or
 * counted as lost; every step advances, so the loop always ends.
 */
import type { IngestIssue } from '../../shared/ingest-issues';
import type { RawEvent } from '../../model/raw-event';
import { newChunkContext } from './binxml/context';
import type { ChunkContext } from './binxml/context';
import { CHUNK_HEADER_SIZE, hasChunkMagic, isAllZero, parseChunkHeader } from './chunk-header';
import type { ChunkHeaderInfo } from './chunk-header';
import { CHUNK_SIZE, FILE_HEADER_SIZE } from './file-header';
import * as R from './record';
import { recoverRange, tryRecover } from './recover';
import type { RecoverySink } from './recover';
import { toRawEventWithinBudget } from './render/raw-event';
import { toEventXml } from './render/xml';
import { expand } from './render/tree';
import { chargeChunkBudget, newChunkBudget } from './render/chunk-budget';
import type { ChunkBudget } from './render/chunk-budget';
import type { Child } from './render/tree';

// Module-local aliases of hot imports (cheaper than namespace getters in tsx's CJS output).
const { findNextRecord, hasRecordMagic, readRecordHeader, readRecordNodes, RECORD_MIN_SIZE } = R;
const rawEvent = toRawEventWithinBudget;

export interface ChunkOptions {
  /** Also render each record as Event XML (`ChunkResult.xml`, same order as `records`). */
  xml?: boolean;
  /** Build RawEvent objects (default true; false with `xml` renders XML only). */
  objects?: boolean;
  /** Verify header and record-data CRC32s (warnings only). Default true. */
  checkCrc?: boolean;
  /** Codepage for ANSI strings (value type 0x02). Default windows-1252. */
  ansiCodepage?: string;
  /** File offset of the chunk, for issue offsets. Default 4096 + chunkIndex × 65536. */
  fileOffset?: number;
  /**
   * Recover records that are not allocated in this chunk generation (libevtx's "recovered"
   * items, recover.ts): in the slack after the free-space offset, with ids outside the chunk
   * header's range, or in a chunk with a damaged signature. They go to `recovered` (flagged with
   * their reason), never to `records`. Default true; `false` counts such records as lost.
   */
  recover?: boolean;
}

export interface ChunkResult {
  chunkIndex: number;
  /** No chunk signature (damaged or too short): only recovery was tried. */
  skipped: boolean;
  /** An all-zero (never used) slot; also `skipped`, but not reported as damage. */
  empty: boolean;
  header: ChunkHeaderInfo | null;
  records: RawEvent[];
  /** Event XML per record when `options.xml` (same indexes as `records` when objects are built). */
  xml: string[];
  /** Record ids of the records read, in order (also when `objects` is false). */
  recordIds: number[];
  recordsFailed: number;
  /** Records recovered from slack, an older generation or a damaged chunk, and their XML. */
  recovered: RawEvent[];
  recoveredXml: string[];
  recoveredIds: number[];
  /** Warnings: CRC mismatches, size-copy mismatches, recovery notes. */
  issues: IngestIssue[];
  /** One per failed or lost record (chunk, file offset, record id, reason); `length === recordsFailed`. */
  errors: IngestIssue[];
  /** Chunk-level losses (damaged signature, truncated slot): errors, apart from the record errors. */
  chunkErrors: IngestIssue[];
}

/**
 * `options` as an object of one fixed shape, every field present, for a caller that parses many
 * chunks with the same options (a file read). `parseChunk` reads its options at the top of its
 * record loop: options objects of several shapes (the warm-up's, the pool's, evtx-dump's) make V8
 * throw that loop's optimised code away at the first chunk of each new shape.
 */
export function chunkOptionsOf(options: ChunkOptions): ChunkOptions {
  return {
    xml: options.xml === true,
    objects: options.objects !== false,
    checkCrc: options.checkCrc !== false,
    ansiCodepage: options.ansiCodepage,
    fileOffset: options.fileOffset,
    recover: options.recover !== false,
  };
}

function emptyResult(chunkIndex: number): ChunkResult {
  return { chunkIndex, skipped: false, empty: false, header: null, records: [], xml: [], recordIds: [], recordsFailed: 0, recovered: [], recoveredXml: [], recoveredIds: [], issues: [], errors: [], chunkErrors: [] };
}

/** Parses one chunk slot (normally 65,536 bytes; a shorter tail slot is read as far as it goes). */
export function parseChunk(chunk: Uint8Array, chunkIndex: number, options: ChunkOptions = {}): ChunkResult {
  const res = emptyResult(chunkIndex);
  const base = options.fileOffset ?? FILE_HEADER_SIZE + chunkIndex * CHUNK_SIZE;
  const recover = options.recover !== false;
  const wantObjects = options.objects !== false;
  const wantXml = options.xml === true;
  const fail = (code: string, message: string, off: number, recordId?: number) => {
    res.recordsFailed++;
    res.errors.push({ severity: 'error', code, message, context: recordId === undefined ? { chunk: chunkIndex, offset: base + off } : { chunk: chunkIndex, offset: base + off, recordId } });
  };
  const sink: RecoverySink = { recordIds: res.recordIds, recovered: res.recovered, recoveredXml: res.recoveredXml, recoveredIds: res.recoveredIds, objects: wantObjects, xml: wantXml, fail };
  // Slack is unallocated: remnants there are usually part overwritten, so one that does not
  // render is counted in a warning, not as a lost record (the allocated area has no such excuse).
  let slackUnreadable = 0;
  const slackSink: RecoverySink = { ...sink, fail: () => { slackUnreadable++; } };
  const budget = newChunkBudget();
  if (chunk.length < CHUNK_HEADER_SIZE || !hasChunkMagic(chunk)) {
    res.skipped = true;
    if (isAllZero(chunk)) res.empty = true;
    else damagedChunk(chunk, chunkIndex, base, recover, res, sink, budget);
    return res;
  }
  const header = parseChunkHeader(chunk, chunkIndex, res.issues, options.checkCrc !== false);
  for (const w of res.issues) w.context.offset = base + (w.context.offset ?? 0);
  res.header = header;
  if (chunk.length < CHUNK_SIZE) {
    res.chunkErrors.push({ severity: 'error', code: 'evtx.chunk.truncated', message: `chunk is ${chunk.length} bytes, expected 65536 (the file ends inside it)`, context: { chunk: chunkIndex, offset: base } });
  }
  const len = chunk.length;
  const free = header.freeSpaceOffset;
  const limit = free >= CHUNK_HEADER_SIZE && free <= len ? free : len;
  const ctx = newChunkContext(chunk, chunkIndex, options.ansiCodepage);

  // Records whose id is outside the header's [first, last] range belong to an older or newer
  // generation of this slot (VSS copies, partial overwrites): their name and template offsets
  // may point into a different string/template table, so they are recovered (strict template
  // ids), not read as allocated records.
  const idRangeSane = header.lastRecordId >= header.firstRecordId && header.lastRecordId - header.firstRecordId < 4096;
  let pos = CHUNK_HEADER_SIZE;
  while (pos + RECORD_MIN_SIZE <= limit) {
    if (!hasRecordMagic(chunk, pos)) {
      // Zero runs (VSS copies, cut records) or garbage: resynchronise on the next record.
      const next = findNextRecord(chunk, pos + 1, limit);
      const to = next < 0 ? limit : next;
      if (!isAllZero(chunk, pos, to)) {
        fail('evtx.record.resync', `no record signature: ${to - pos} bytes of damaged record data skipped${next < 0 ? ' to the end of the records' : ' to the next record'}`, pos);
      }
      if (next < 0) break;
      pos = next;
      continue;
    }
    const h = readRecordHeader(chunk, pos);
    if (h.size < RECORD_MIN_SIZE || pos + h.size > len) {
      fail('evtx.record.bad_size', `record size ${h.size} is invalid (minimum 28, ${len - pos} bytes left in chunk)`, pos, h.recordId);
      const next = findNextRecord(chunk, pos + 4, limit);
      if (next < 0) break;
      pos = next;
      continue;
    }
    // A size that its trailing copy does not confirm may be damaged: the next record is then
    // looked for from the smallest record size on, so no intact record behind it is jumped over.
    const sizeTrusted = h.sizeCopy === h.size;
    const after = sizeTrusted ? pos + h.size : nextStart(chunk, pos, h.size, limit);
    if (idRangeSane && (h.recordId < header.firstRecordId || h.recordId > header.lastRecordId)) {
      if (!recover) fail('evtx.record.outside_chunk_range', `record ${h.recordId} is outside the chunk's range ${header.firstRecordId}-${header.lastRecordId} (another generation of this chunk); not read without recovery`, pos, h.recordId);
      else if (!sizeTrusted) fail('evtx.record.size_copy', `record ${h.recordId} is outside the chunk's range and its size ${h.size} differs from its trailing copy ${h.sizeCopy}`, pos, h.recordId);
      else tryRecover(ctx, budget, pos, h, sink, 'outside-chunk-range');
      pos = after;
      continue;
    }
    if (!sizeTrusted) {
      res.issues.push({ severity: 'warning', code: 'evtx.record.size_copy', message: `record size ${h.size} differs from its trailing copy ${h.sizeCopy}`, context: { chunk: chunkIndex, offset: base + pos, recordId: h.recordId } });
    }
    try {
      render(ctx, budget, pos, h, wantObjects ? res.records : null, wantXml ? res.xml : null);
      res.recordIds.push(h.recordId);
    } catch (e) {
      const err = e as { code?: string; message?: string; context?: { offset?: number } };
      const where = err.context?.offset !== undefined ? ` at chunk offset ${err.context.offset}` : '';
      fail(typeof err.code === 'string' ? err.code : 'evtx.record.error', `record ${h.recordId}: ${err.message ?? String(e)}${where}`, pos, h.recordId);
      // a newer record may have been written over this one's tail
      if (recover && sizeTrusted) recoverRange(ctx, budget, pos + 8, pos + h.size, slackSink, 'slack');
    }
    pos = after;
  }
  if (recover) {
    const [found, got] = recoverRange(ctx, budget, limit, len, slackSink, 'slack');
    if (found > 0) {
      res.issues.push({ severity: 'warning', code: 'evtx.record.recovered', message: `${got} of ${found} plausible record(s) in the chunk slack recovered; ${slackUnreadable} unreadable (partly overwritten remnants), the rest already read`, context: { chunk: chunkIndex, offset: base + limit } });
    }
  }
  return res;
}

/**
 * A slot with data but no chunk signature: a chunk-level error, then (with recovery) every
 * plausible record in it is tried; names and templates are chunk-relative, so a chunk whose
 * first bytes only are damaged still renders.
 */
function damagedChunk(chunk: Uint8Array, chunkIndex: number, base: number, recover: boolean, res: ChunkResult, sink: RecoverySink, budget: ChunkBudget): void {
  const short = chunk.length < CHUNK_HEADER_SIZE;
  let found = 0;
  let got = 0;
  if (recover && !short) {
    [found, got] = recoverRange(newChunkContext(chunk, chunkIndex), budget, CHUNK_HEADER_SIZE, chunk.length, sink, 'damaged-chunk');
  }
  res.chunkErrors.push({ severity: 'error',
    code: short ? 'evtx.chunk.truncated' : 'evtx.chunk.bad_magic',
    message: (short ? `chunk slot of ${chunk.length} bytes is too short` : 'chunk has no "ElfChnk" signature')
      + (found > 0 ? `; ${got} of ${found} plausible record(s) in it recovered` : '; no record recovered from it'),
    context: { chunk: chunkIndex, offset: base },
  });
}

/** Where to go on after a record whose size is not confirmed: the next plausible record start. */
function nextStart(chunk: Uint8Array, pos: number, size: number, limit: number): number {
  const next = findNextRecord(chunk, pos + RECORD_MIN_SIZE, limit);
  return next < 0 ? pos + size : next;
}

type Header = ReturnType<typeof readRecordHeader>;

/** Parses and renders one record into the given outputs; throws on a broken record. */
function render(ctx: ChunkContext, budget: ChunkBudget, pos: number, h: Header, objects: RawEvent[] | null, xml: string[] | null): void {
  const nodes = readRecordNodes(ctx, pos, h.size);
  chargeChunkBudget(budget, nodes);
  if (objects !== null) objects.push(rawEvent(nodes, h));
  if (xml !== null) {
    const top: Child[] = [];
    expand(nodes, [], top);
    xml.push(toEventXml(top));
  }
}
