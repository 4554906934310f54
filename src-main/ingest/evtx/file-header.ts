/**
 * EVTX file header (libyal EVTX doc §2 "File header"): 4096-byte block, 128 bytes used.
 * A bad CRC, unknown version or flags are warnings, because the chunk slots are scanned to EOF
 * regardless of what the header claims. A damaged signature (first bytes overwritten) is an
 * error on the header, not on the file, when the first chunk slot still starts with "ElfChnk":
 * the chunks are read as usual. Only bytes that are neither are refused.
 */
import type { IngestIssue } from '../../shared/ingest-issues';
import { u16At, u32At, u64At } from './byte-cursor';
import { crc32 } from './crc32';
import { EvtxFormatError } from './errors';

export const FILE_HEADER_SIZE = 4096;
export const CHUNK_SIZE = 65536;
const FILE_MAGIC = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]; // "ElfFile\0"
const CHUNK_MAGIC = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]; // "ElfChnk\0"

const FILE_FLAG_DIRTY = 0x1;
const FILE_FLAG_FULL = 0x2;
const FILE_FLAG_NO_CRC32 = 0x4;

export interface FileHeaderInfo {
  firstChunkNumber: number;
  lastChunkNumber: number;
  nextRecordId: number;
  headerSize: number;
  minorVersion: number;
  majorVersion: number;
  /** Offset of the first chunk (normally 4096). */
  headerBlockSize: number;
  /** As stored; not trusted (dirty logs hold more chunks). */
  chunkCount: number;
  flags: number;
  dirty: boolean;
  full: boolean;
  crcStored: number;
  crcComputed: number;
  crcOk: boolean;
  /** The signature is damaged (the fields are then zero and not used); see `errors`. */
  damaged: boolean;
  warnings: IngestIssue[];
  /** A damaged header (an error: the file's own description is lost, its chunks are read). */
  errors: IngestIssue[];
}

function magicAt(bytes: Uint8Array, at: number, magic: readonly number[]): boolean {
  if (bytes.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false;
  return true;
}

export function hasFileMagic(bytes: Uint8Array): boolean {
  return magicAt(bytes, 0, FILE_MAGIC);
}

/** The first chunk slot (offset 4096) starts with "ElfChnk\0". */
export function hasFirstChunkMagic(bytes: Uint8Array): boolean {
  return magicAt(bytes, FILE_HEADER_SIZE, CHUNK_MAGIC);
}

function damagedHeader(): FileHeaderInfo {
  return {
    firstChunkNumber: 0, lastChunkNumber: 0, nextRecordId: 0, headerSize: 0, minorVersion: 0, majorVersion: 0,
    headerBlockSize: FILE_HEADER_SIZE, chunkCount: 0, flags: 0, dirty: false, full: false, crcStored: 0, crcComputed: 0,
    crcOk: false, damaged: true, warnings: [],
    errors: [{ severity: 'error', code: 'evtx.file.bad_header', message: 'file header has no "ElfFile" signature (damaged or overwritten); its fields are ignored and the chunks are read', context: { offset: 0 } }],
  };
}

/**
 * Parses the first 128 bytes (at least) of a file; give it 4104 bytes so a damaged header can be
 * told from a file that is not EVTX. Throws `evtx.file.*` only if it is not EVTX.
 */
export function parseFileHeader(bytes: Uint8Array): FileHeaderInfo {
  if (!hasFileMagic(bytes) && hasFirstChunkMagic(bytes)) return damagedHeader();
  if (bytes.length < 128) {
    throw new EvtxFormatError('evtx.file.truncated', `file header needs 128 bytes, got ${bytes.length}`, { offset: 0 });
  }
  if (!hasFileMagic(bytes)) {
    throw new EvtxFormatError('evtx.file.bad_magic', 'not an EVTX file (no "ElfFile" signature)', { offset: 0 });
  }
  const flags = u32At(bytes, 120);
  const crcStored = u32At(bytes, 124);
  const crcComputed = crc32(bytes, 0, 120);
  const info: FileHeaderInfo = {
    firstChunkNumber: u64At(bytes, 8),
    lastChunkNumber: u64At(bytes, 16),
    nextRecordId: u64At(bytes, 24),
    headerSize: u32At(bytes, 32),
    minorVersion: u16At(bytes, 36),
    majorVersion: u16At(bytes, 38),
    headerBlockSize: u16At(bytes, 40),
    chunkCount: u16At(bytes, 42),
    flags,
    dirty: (flags & FILE_FLAG_DIRTY) !== 0,
    full: (flags & FILE_FLAG_FULL) !== 0,
    crcStored,
    crcComputed,
    crcOk: crcStored === crcComputed,
    damaged: false,
    warnings: [],
    errors: [],
  };
  const warn = (code: string, message: string, offset: number) =>
    info.warnings.push({ code, message, context: { offset }, severity: 'warning' });
  if (!info.crcOk && (flags & FILE_FLAG_NO_CRC32) === 0) {
    warn('evtx.file.header_crc', `file header CRC32 mismatch (stored 0x${hex8(crcStored)}, computed 0x${hex8(crcComputed)})`, 124);
  }
  if (info.majorVersion !== 3 || (info.minorVersion !== 1 && info.minorVersion !== 2)) {
    warn('evtx.file.version', `unexpected format version ${info.majorVersion}.${info.minorVersion}`, 36);
  }
  if (info.headerBlockSize !== FILE_HEADER_SIZE) {
    warn('evtx.file.header_block_size', `header block size ${info.headerBlockSize}, expected 4096; chunks are read at 4096`, 40);
  }
  if ((flags & ~(FILE_FLAG_DIRTY | FILE_FLAG_FULL | FILE_FLAG_NO_CRC32)) !== 0) {
    warn('evtx.file.flags', `unknown file flags 0x${flags.toString(16)}`, 120);
  }
  if (info.dirty) warn('evtx.file.dirty', 'file is marked dirty (not closed cleanly); header counts are stale', 120);
  return info;
}

export function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
