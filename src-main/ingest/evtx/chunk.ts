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
import { failRecord, irregularRecord, recordFailed, recoverSlack, recoverySink } from './irregular-records';
import type { ChunkRead } from './irregular-records';
import { recoverRange } from './recover';
import type { RecoverySink } from './recover';
import { toRawEventWithinBudget } from './render/raw-event';
import { toEventXml } from './render/xml';
import { expand } from './render/tree';
import { chargeChunkBudget, newChunkBudget } from './render/chunk-budget';
import type { ChunkBudget } from './render/chunk-budget';
import type { Child } from './render/tree';
import type { WantsData } from './render/event-plan';
import { RecordHandoff } from './record-handoff';
import type { RecordList } from './record-handoff';

// Module-local aliases of hot imports (cheaper than namespace getters in tsx's CJS output).
const { findNextRecord, hasRecordMagic, readRecordHeaderInto, readRecordNodes, RECORD_MIN_SIZE } = R;
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
  /**
   * Hands each allocated record's RawEvent (with `objects`) to this function as soon as it is read,
   * in order, instead of collecting them in `records` (record-handoff.ts); recovered records are
   * still collected in `recovered`. An error it throws ends the chunk's read (thrown on by `parseChunk`).
   */
  onRecord?: ((ev: RawEvent) => void) | null;
  /**
   * Whether the caller reads an allocated record's EventData: asked with the record's RawEvent as
   * far as it is built (its System read) when a plain `<EventData>` is reached; one it does not read
   * may be handed over with `EventData` null (render/event-plan.ts `runPlan`). Default: every one is read.
   */
  wantsData?: WantsData | null;
}

export interface ChunkResult {
  chunkIndex: number;
  /** No chunk signature (damaged or too short): only recovery was tried. */
  skipped: boolean;
  /** An all-zero (never used) slot; also `skipped`, but not reported as damage. */
  empty: boolean;
  header: ChunkHeaderInfo | null;
  /** The allocated records' RawEvents, in order (empty with `ChunkOptions.onRecord`: handed over as read). */
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
    onRecord: options.onRecord ?? null,
    wantsData: options.wantsData ?? null,
  };
}

function emptyResult(chunkIndex: number): ChunkResult {
  return { chunkIndex, skipped: false, empty: false, header: null, records: [], xml: [], recordIds: [], recordsFailed: 0, recovered: [], recoveredXml: [], recoveredIds: [], issues: [], errors: [], chunkErrors: [] };
}

/** The options of a caller that gives none, in `chunkOptionsOf`'s shape. */
const DEFAULT_CHUNK_OPTIONS = chunkOptionsOf({});

/**
 * Parses one chunk slot (normally 65,536 bytes; a shorter tail slot is read as far as it goes).
 * The record loop reads well-formed allocated records only; anything else (damage, other
 * generations, record errors, the slack) is handled off it, in irregular-records.ts.
 */
export function parseChunk(chunk: Uint8Array, chunkIndex: number, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): ChunkResult {
  const res = emptyResult(chunkIndex);
  const base = options.fileOffset ?? FILE_HEADER_SIZE + chunkIndex * CHUNK_SIZE;
  const recover = options.recover !== false;
  const wantObjects = options.objects !== false;
  const wantXml = options.xml === true;
  if (chunk.length < CHUNK_HEADER_SIZE || !hasChunkMagic(chunk)) {
    unsignedSlot(chunk, chunkIndex, base, recover, res, wantObjects, wantXml);
    return res;
  }
  const header = parseChunkHeader(chunk, chunkIndex, res.issues, options.checkCrc !== false, base);
  res.header = header;
  const len = chunk.length;
  if (len < CHUNK_SIZE) truncatedSlot(res, len, base);
  const free = header.freeSpaceOffset;
  const onRecord = options.onRecord ?? null;
  const st = chunkRead(res, chunk, base, newChunkContext(chunk, chunkIndex, options.ansiCodepage), header,
    free >= CHUNK_HEADER_SIZE && free <= len ? free : len, recover, wantObjects ? (onRecord === null ? res.records : new RecordHandoff(onRecord)) : null, wantXml, options.wantsData ?? null);
  const limit = st.limit;
  const objects = st.objects;
  const wantsData = st.wantsData;
  const xml = st.xml;
  // Records whose id is outside the header's [first, last] range belong to an older or newer
  // generation of this slot (VSS copies, partial overwrites): their name and template offsets
  // may point into a different string/template table, so they are recovered (strict template
  // ids), not read as allocated records (irregularRecord).
  const first = st.idRangeSane ? header.firstRecordId : 0;
  const last = st.idRangeSane ? header.lastRecordId : Number.MAX_VALUE;
  let pos = CHUNK_HEADER_SIZE;
  // every record's header is read into this one (nothing keeps it past its record)
  const recordHeader: Header = { size: 0, sizeCopy: 0, recordId: 0, writtenLo: 0, writtenHi: 0 };
  while (pos + RECORD_MIN_SIZE <= limit) {
    let h: Header | null = null;
    if (hasRecordMagic(chunk, pos)) {
      h = readRecordHeaderInto(chunk, pos, recordHeader);
      const size = h.size;
      if (size === h.sizeCopy && size >= RECORD_MIN_SIZE && pos + size <= len && h.recordId >= first && h.recordId <= last) {
        try {
          render(st.ctx, st.budget, pos, h, objects, xml, wantsData);
          res.recordIds.push(h.recordId);
        } catch (e) {
          recordFailed(st, e, pos, h, true);
        }
        pos += size;
        continue;
      }
    }
    pos = irregularRecord(st, pos, h, renderAllocated);
    if (pos < 0) break;
  }
  if (recover && findNextRecord(chunk, limit, len) >= 0) recoverSlack(st);
  res.recordsFailed = st.failed;
  return res;
}

function chunkRead(res: ChunkResult, chunk: Uint8Array, base: number, ctx: ChunkContext, header: ChunkHeaderInfo, limit: number, recover: boolean, objects: RecordList | null, xml: boolean, wantsData: WantsData | null): ChunkRead {
  const st: ChunkRead = {
    chunk, chunkIndex: res.chunkIndex, base, ctx, budget: newChunkBudget(), header,
    idRangeSane: header.lastRecordId >= header.firstRecordId && header.lastRecordId - header.firstRecordId < 4096,
    limit, recover, objects, xml: xml ? res.xml : null, wantsData,
    recordIds: res.recordIds, issues: res.issues, errors: res.errors, failed: 0,
    sink: null as unknown as RecoverySink, slackSink: null, slackUnreadable: 0,
  };
  st.sink = recoverySink(res.recordIds, res.recovered, res.recoveredXml, res.recoveredIds, objects !== null, xml, (code, message, off, recordId) => failRecord(st, code, message, off, recordId));
  return st;
}

/** An allocated record whose size its trailing copy does not confirm, rendered all the same. */
function renderAllocated(st: ChunkRead, pos: number, h: Header): void {
  render(st.ctx, st.budget, pos, h, st.objects, st.xml, st.wantsData);
}

function truncatedSlot(res: ChunkResult, len: number, base: number): void {
  res.chunkErrors.push({ severity: 'error', code: 'evtx.chunk.truncated', message: `chunk is ${len} bytes, expected 65536 (the file ends inside it)`, context: { chunk: res.chunkIndex, offset: base } });
}

/**
 * A slot without a chunk signature: all-zero (never used: `empty`) or damaged (a chunk-level error;
 * then, with recovery, every plausible record in it is tried: names and templates are
 * chunk-relative, so a chunk whose first bytes only are damaged still renders).
 */
function unsignedSlot(chunk: Uint8Array, chunkIndex: number, base: number, recover: boolean, res: ChunkResult, objects: boolean, xml: boolean): void {
  res.skipped = true;
  if (isAllZero(chunk)) {
    res.empty = true;
    return;
  }
  const short = chunk.length < CHUNK_HEADER_SIZE;
  let found = 0;
  let got = 0;
  if (recover && !short) {
    const fail = (code: string, message: string, off: number, recordId?: number) => {
      res.recordsFailed++;
      res.errors.push({ severity: 'error', code, message, context: recordId === undefined ? { chunk: chunkIndex, offset: base + off } : { chunk: chunkIndex, offset: base + off, recordId } });
    };
    const sink = recoverySink(res.recordIds, res.recovered, res.recoveredXml, res.recoveredIds, objects, xml, fail);
    const count = recoverRange(newChunkContext(chunk, chunkIndex), newChunkBudget(), CHUNK_HEADER_SIZE, chunk.length, sink, 'damaged-chunk');
    found = count.found;
    got = count.got;
  }
  res.chunkErrors.push({ severity: 'error',
    code: short ? 'evtx.chunk.truncated' : 'evtx.chunk.bad_magic',
    message: (short ? `chunk slot of ${chunk.length} bytes is too short` : 'chunk has no "ElfChnk" signature')
      + (found > 0 ? `; ${got} of ${found} plausible record(s) in it recovered` : '; no record recovered from it'),
    context: { chunk: chunkIndex, offset: base },
  });
}

type Header = R.RecordHeader;

/** Parses and renders one record into the given outputs; throws on a broken record. */
function render(ctx: ChunkContext, budget: ChunkBudget, pos: number, h: Header, objects: RecordList | null, xml: string[] | null, wantsData: WantsData | null): void {
  const nodes = readRecordNodes(ctx, pos, h.size);
  chargeChunkBudget(budget, nodes);
  if (objects !== null) objects.push(rawEvent(nodes, h, wantsData));
  if (xml !== null) {
    const top: Child[] = [];
    expand(nodes, [], top);
    xml.push(toEventXml(top));
  }
}
