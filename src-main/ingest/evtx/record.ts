/**
 * Event record (libyal EVTX doc §3.2 "Event record"): `2a 2a 00 00`, u32 size (whole record
 * including the trailing size copy), u64 record identifier, u64 FILETIME written time, BinXML
 * (size − 28 bytes), u32 size copy. Records never span chunks.
 */
import { ByteCursor } from './byte-cursor';
import type { ChunkContext } from './binxml/context';
import type { XNode } from './binxml/nodes';
import { readTemplateInstance } from './binxml/template';
import { parseTokens } from './binxml/tokens';

function u32At(b: Uint8Array, p: number): number {
  return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
}
function u64At(b: Uint8Array, p: number): number {
  return u32At(b, p + 4) * 0x100000000 + u32At(b, p);
}

const RECORD_HEADER_SIZE = 24;
export const RECORD_MIN_SIZE = 28;

export function hasRecordMagic(b: Uint8Array, p: number): boolean {
  return b[p] === 0x2a && b[p + 1] === 0x2a && b[p + 2] === 0 && b[p + 3] === 0;
}

/** True when a plausible record starts at `p`: magic, size ≥ 28, inside `limit`, size copy equal. */
function isPlausibleRecord(b: Uint8Array, p: number, limit: number): boolean {
  if (p + RECORD_MIN_SIZE > limit || !hasRecordMagic(b, p)) return false;
  const size = u32At(b, p + 4);
  return size >= RECORD_MIN_SIZE && p + size <= limit && u32At(b, p + size - 4) === size;
}

/** The next plausible record start in `[from, limit)`, or -1. */
export function findNextRecord(b: Uint8Array, from: number, limit: number): number {
  let p = from;
  while (p + RECORD_MIN_SIZE <= limit) {
    const q = b.indexOf(0x2a, p);
    if (q < 0 || q + RECORD_MIN_SIZE > limit) return -1;
    if (isPlausibleRecord(b, q, limit)) return q;
    p = q + 1;
  }
  return -1;
}

export interface RecordHeader {
  size: number;
  sizeCopy: number;
  recordId: number;
  /** Written time, FILETIME low and high u32 (formatted only when `<System>` lacks TimeCreated). */
  writtenLo: number;
  writtenHi: number;
}

/** Reads the fixed record header at `p` (caller checked magic and `p + 24 <= chunk length`). */
export function readRecordHeader(b: Uint8Array, p: number): RecordHeader {
  return readRecordHeaderInto(b, p, { size: 0, sizeCopy: 0, recordId: 0, writtenLo: 0, writtenHi: 0 });
}

/**
 * `readRecordHeader` into `h` (returned): the chunk reader's record loop reads every header into
 * one object per chunk instead of one object (and a boxed record id) per record; nothing keeps a
 * header past its record.
 */
export function readRecordHeaderInto(b: Uint8Array, p: number, h: RecordHeader): RecordHeader {
  const size = u32At(b, p + 4);
  h.size = size;
  h.sizeCopy = p + size <= b.length && size >= RECORD_MIN_SIZE ? u32At(b, p + size - 4) : -1;
  h.recordId = u64At(b, p + 8);
  h.writtenLo = u32At(b, p + 16);
  h.writtenHi = u32At(b, p + 20);
  return h;
}

/**
 * Parses the BinXML of the record at `p` of size `size`; throws `EvtxFormatError`. Almost every
 * record is a fragment header, one template instance and end-of-stream (libyal EVTX doc §4.1):
 * that case is read directly (what `parseTokens` would return, without its token loop);
 * anything else goes through the token reader from the start.
 */
export function readRecordNodes(ctx: ChunkContext, p: number, size: number): XNode[] {
  const start = p + RECORD_HEADER_SIZE;
  const end = p + size - 4;
  const b = ctx.buf;
  if (start + 5 <= end && b[start] === 0x0f && b[start + 4] === 0x0c) {
    const cur = ctx.recordCursor.span(start + 5, end); // not kept by what it reads: one cursor per chunk
    const instance = readTemplateInstance(cur, ctx, 0);
    if (cur.pos >= cur.end || b[cur.pos] === 0x00) return [instance];
  }
  return parseTokens(new ByteCursor(b, start, end), ctx, true, 0);
}
