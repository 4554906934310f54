/**
 * One 64 KiB chunk (libyal EVTX doc §3 "Chunk"): header checks, then every record from offset
 * 512 to the free-space offset. A bad magic skips the chunk; CRC mismatches are warnings and the
 * records are still read; a broken record is reported (chunk, offset, record id, reason) and the
 * reader moves to the next record by its size, or resynchronises on the next plausible record
 * signature. Every step advances, so the loop always ends.
 */
import type { IngestIssue } from '../issues';
import type { RawEvent } from '../../model/raw-event';
import { newChunkContext } from './binxml/context';
import type { ChunkContext } from './binxml/context';
import { CHUNK_HEADER_SIZE, hasChunkMagic, isAllZero, parseChunkHeader } from './chunk-header';
import type { ChunkHeaderInfo } from './chunk-header';
import { CHUNK_SIZE, FILE_HEADER_SIZE } from './file-header';
import * as R from './record';
import { toRawEvent } from './render/raw-event';
import { toEventXml } from './render/xml';
import { expand } from './render/tree';
import { chargeChunkBudget, newChunkBudget } from './render/chunk-budget';
import type { ChunkBudget } from './render/chunk-budget';
import type { Child } from './render/tree';

// Module-local aliases of hot imports (cheaper than namespace getters in tsx's CJS output).
const { findNextRecord, hasRecordMagic, readRecordHeader, readRecordNodes, RECORD_MIN_SIZE } = R;
const rawEvent = toRawEvent;

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
   * Also recover records that are not allocated in this chunk generation (libevtx's
   * "recovered" items): plausible records in the slack after the free-space offset, and records
   * whose id is outside the chunk header's range. They go to `recovered`, never to `records`.
   */
  recover?: boolean;
}

export interface ChunkResult {
  chunkIndex: number;
  /** Bad magic or too short: nothing read. */
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
  /** With `options.recover`: records recovered from slack or an older generation, and their XML. */
  recovered: RawEvent[];
  recoveredXml: string[];
  recoveredIds: number[];
  /** Warnings: bad chunk magic, CRC mismatches, size-copy mismatches, resyncs. */
  issues: IngestIssue[];
  /** One per failed record (chunk, file offset, record id, reason); `length === recordsFailed`. */
  errors: IngestIssue[];
}

function emptyResult(chunkIndex: number): ChunkResult {
  return { chunkIndex, skipped: false, empty: false, header: null, records: [], xml: [], recordIds: [], recordsFailed: 0, recovered: [], recoveredXml: [], recoveredIds: [], issues: [], errors: [] };
}

/** Parses one chunk slot (normally 65,536 bytes; a shorter tail slot is read as far as it goes). */
export function parseChunk(chunk: Uint8Array, chunkIndex: number, options: ChunkOptions = {}): ChunkResult {
  const res = emptyResult(chunkIndex);
  const base = options.fileOffset ?? FILE_HEADER_SIZE + chunkIndex * CHUNK_SIZE;
  if (chunk.length < CHUNK_HEADER_SIZE || !hasChunkMagic(chunk)) {
    res.skipped = true;
    if (isAllZero(chunk)) res.empty = true;
    else {
      res.issues.push({ severity: 'warning',
        code: chunk.length < CHUNK_HEADER_SIZE ? 'evtx.chunk.truncated' : 'evtx.chunk.bad_magic',
        message: chunk.length < CHUNK_HEADER_SIZE ? `chunk slot of ${chunk.length} bytes is too short` : 'chunk has no "ElfChnk" signature; skipped',
        context: { chunk: chunkIndex, offset: base },
      });
    }
    return res;
  }
  const header = parseChunkHeader(chunk, chunkIndex, res.issues, options.checkCrc !== false);
  for (const w of res.issues) w.context.offset = base + (w.context.offset ?? 0);
  res.header = header;
  if (chunk.length < CHUNK_SIZE) {
    res.issues.push({ severity: 'warning', code: 'evtx.chunk.truncated', message: `chunk is ${chunk.length} bytes, expected 65536`, context: { chunk: chunkIndex, offset: base } });
  }
  const len = chunk.length;
  const free = header.freeSpaceOffset;
  const limit = free >= CHUNK_HEADER_SIZE && free <= len ? free : len;
  const ctx = newChunkContext(chunk, chunkIndex, options.ansiCodepage);
  const budget = newChunkBudget();
  const wantObjects = options.objects !== false;
  const wantXml = options.xml === true;
  const fail = (code: string, message: string, off: number, recordId?: number) => {
    res.recordsFailed++;
    res.errors.push({ severity: 'error', code, message, context: recordId === undefined ? { chunk: chunkIndex, offset: base + off } : { chunk: chunkIndex, offset: base + off, recordId } });
  };

  // Records whose id is outside the header's [first, last] range belong to an older or newer
  // generation of this slot (VSS copies, partial overwrites): their name and template offsets
  // point into a different string/template table, so they are not rendered (a warning counts them).
  const idRangeSane = header.lastRecordId >= header.firstRecordId && header.lastRecordId - header.firstRecordId < 4096;
  let foreign = 0;
  let foreignAt = -1;
  let pos = CHUNK_HEADER_SIZE;
  while (pos + RECORD_MIN_SIZE <= limit) {
    if (!hasRecordMagic(chunk, pos)) {
      // Zero runs (VSS copies, cut records) or garbage: resynchronise on the next record.
      const next = findNextRecord(chunk, pos + 1, limit);
      if (next < 0) break;
      if (!isAllZero(chunk, pos, next)) {
        res.issues.push({ severity: 'warning', code: 'evtx.record.resync', message: `no record signature; skipped ${next - pos} bytes to the next record`, context: { chunk: chunkIndex, offset: base + pos } });
      }
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
    if (idRangeSane && (h.recordId < header.firstRecordId || h.recordId > header.lastRecordId)) {
      if (foreign++ === 0) foreignAt = pos;
      if (options.recover && h.sizeCopy === h.size) tryRecover(ctx, pos, h, res, wantObjects, wantXml);
      pos += h.size;
      continue;
    }
    if (h.sizeCopy !== h.size) {
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
      if (options.recover) recoverRange(ctx, pos + 8, pos + h.size, res, wantObjects, wantXml);
    }
    pos += h.size;
  }
  if (options.recover) recoverSlack(ctx, limit, res, wantObjects, wantXml);
  if (foreign > 0) {
    res.issues.push({ severity: 'warning',
      code: 'evtx.record.foreign',
      message: `${foreign} record(s) with ids outside the chunk's range ${header.firstRecordId}-${header.lastRecordId} not rendered (left over from another generation of this chunk)`,
      context: { chunk: chunkIndex, offset: base + foreignAt },
    });
  }
  return res;
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

/** Best-effort render into `recovered`; a failure is only counted (recovery is not allocation). */
function tryRecover(ctx: ChunkContext, pos: number, h: Header, res: ChunkResult, objects: boolean, xml: boolean): boolean {
  if (res.recordIds.includes(h.recordId) || res.recoveredIds.includes(h.recordId)) return false;
  // Template offsets of such records may point into a newer generation of the chunk: only
  // accept definitions whose GUID starts with the instance's template id.
  if (h.recordId > Number.MAX_SAFE_INTEGER || h.recordId === 0) return false;
  ctx.strictTemplateIds = true;
  try {
    const nodes = readRecordNodes(ctx, pos, h.size);
    const ev = rawEvent(nodes, h);
    // what survives must at least name its provider and event id
    if (ev.EventID === null || ev.Provider.Name === null) return false;
    if (objects) res.recovered.push(ev);
    if (xml) {
      const top: Child[] = [];
      expand(nodes, [], top);
      res.recoveredXml.push(toEventXml(top));
    }
    res.recoveredIds.push(h.recordId);
    return true;
  } catch {
    return false;
  } finally {
    ctx.strictTemplateIds = false;
  }
}

/** Recovers plausible records lying in `[from, to)`; returns how many were tried and recovered. */
function recoverRange(ctx: ChunkContext, from: number, to: number, res: ChunkResult, objects: boolean, xml: boolean): [number, number] {
  const b = ctx.buf;
  let tried = 0;
  let got = 0;
  let pos = findNextRecord(b, from, b.length);
  while (pos >= 0 && pos < to) {
    const h = readRecordHeader(b, pos);
    tried++;
    if (tryRecover(ctx, pos, h, res, objects, xml)) got++;
    pos = findNextRecord(b, pos + h.size, b.length);
  }
  return [tried, got];
}

/**
 * Slack recovery (libyal EVTX doc §3, "unused space"; libevtx `-m recovered`): plausible records
 * (signature, size ≥ 28, equal size copy) after the free-space offset whose id was not read yet.
 */
function recoverSlack(ctx: ChunkContext, from: number, res: ChunkResult, objects: boolean, xml: boolean): void {
  const [tried, got] = recoverRange(ctx, from, ctx.buf.length, res, objects, xml);
  if (tried > 0) {
    res.issues.push({
      severity: 'warning', code: 'evtx.record.recovered',
      message: `${got} of ${tried} record(s) in the chunk slack recovered`,
      context: { chunk: ctx.chunkIndex, offset: FILE_HEADER_SIZE + ctx.chunkIndex * CHUNK_SIZE + from },
    });
  }
}
