/**
 * Public API of the pure EVTX parser: bytes in, records out; no I/O. Files are a 4096-byte
 * header plus independent 64 KiB chunk slots, so callers (the worker pool) hand chunk ranges of
 * one file to different threads and merge the `ChunkResult`s with `summarize`.
 * Reference: libyal/libevtx "Windows XML Event Log (EVTX)" format documentation.
 */
import type { IngestIssue } from '../../shared/ingest-issues';
import type { RawEvent } from '../../model/raw-event';
import { chunkOptionsOf, parseChunk } from './chunk';
import type { ChunkOptions, ChunkResult } from './chunk';
import { CHUNK_SIZE, FILE_HEADER_SIZE, parseFileHeader } from './file-header';
import type { FileHeaderInfo } from './file-header';
import type { WantsData } from './render/event-plan';

export { chunkOptionsOf, parseChunk, parseFileHeader, CHUNK_SIZE, FILE_HEADER_SIZE };
export type { ChunkOptions, ChunkResult, FileHeaderInfo, WantsData };

export interface EvtxSummary {
  recordsOk: number;
  /** Records that could not be read, for any reason (one entry each in `errors`). */
  recordsFailed: number;
  /** Records recovered from slack, an older chunk generation or a damaged chunk (not in recordsOk). */
  recordsRecovered: number;
  /** Slots with a bad signature (damage), not counting all-zero slots. */
  chunksSkipped: number;
  /** All-zero (unused) slots. */
  chunksEmpty: number;
  /** Slots with a chunk signature. */
  chunksRead: number;
  /** File-header, chunk and record warnings (CRC mismatches, dirty flag, resyncs…). */
  warnings: IngestIssue[];
  /** One per failed record: chunk, offset, record id, reason. */
  errors: IngestIssue[];
  /** File- and chunk-level losses (damaged file header, damaged chunk signature, truncated slot). */
  chunkErrors: IngestIssue[];
}

export interface EvtxFileResult {
  header: FileHeaderInfo;
  records: RawEvent[];
  xml: string[];
  /** Recovered records, flagged (`recovered` on each); empty with `recover: false`. */
  recovered: RawEvent[];
  recoveredXml: string[];
  summary: EvtxSummary;
}

/** Number of 64 KiB chunk slots in a file of `fileSize` bytes (a short tail slot counts). */
export function chunkSlotCount(fileSize: number): number {
  return fileSize <= FILE_HEADER_SIZE ? 0 : Math.ceil((fileSize - FILE_HEADER_SIZE) / CHUNK_SIZE);
}

export function emptySummary(): EvtxSummary {
  return { recordsOk: 0, recordsFailed: 0, recordsRecovered: 0, chunksSkipped: 0, chunksEmpty: 0, chunksRead: 0, warnings: [], errors: [], chunkErrors: [] };
}

/** Adds one chunk's counts and issues to a summary. */
export function addChunkToSummary(s: EvtxSummary, r: ChunkResult): void {
  s.recordsOk += r.recordIds.length;
  s.recordsFailed += r.recordsFailed;
  s.recordsRecovered += r.recoveredIds.length;
  if (r.empty) s.chunksEmpty++;
  else if (r.skipped) s.chunksSkipped++;
  else s.chunksRead++;
  for (const i of r.issues) s.warnings.push(i);
  for (const e of r.errors) s.errors.push(e);
  for (const e of r.chunkErrors) s.chunkErrors.push(e);
}

/**
 * Parses a whole file held in memory (tests, small files). Throws only if it is not EVTX (a
 * damaged header with intact chunks is an entry in `summary.chunkErrors`).
 */
export function parseEvtxBytes(bytes: Uint8Array, options: ChunkOptions = {}): EvtxFileResult {
  const header = parseFileHeader(bytes);
  const summary = emptySummary();
  summary.warnings.push(...header.warnings);
  summary.chunkErrors.push(...header.errors);
  const records: RawEvent[] = [];
  const xml: string[] = [];
  const recovered: RawEvent[] = [];
  const recoveredXml: string[] = [];
  const n = chunkSlotCount(bytes.length);
  const chunkOptions = chunkOptionsOf(options);
  for (let i = 0; i < n; i++) {
    const start = FILE_HEADER_SIZE + i * CHUNK_SIZE;
    const r = parseChunk(bytes.subarray(start, Math.min(bytes.length, start + CHUNK_SIZE)), i, chunkOptions);
    addChunkToSummary(summary, r);
    for (const e of r.records) records.push(e);
    for (const x of r.xml) xml.push(x);
    for (const e of r.recovered) recovered.push(e);
    for (const x of r.recoveredXml) recoveredXml.push(x);
  }
  return { header, records, xml, recovered, recoveredXml, summary };
}
