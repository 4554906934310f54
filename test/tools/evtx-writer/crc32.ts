// CRC-32 (IEEE 802.3 / RFC 1952, the zlib one), as used by EVTX file and chunk headers.
import { crc32 as crc32Range } from '../../../src-main/ingest/evtx/crc32';

/** CRC-32 over one or more byte ranges, as if they were concatenated (the oracles check every CRC the writer sets). */
export function crc32(...parts: Uint8Array[]): number {
  let c = 0;
  for (const p of parts) c = crc32Range(p, 0, p.length, c);
  return c;
}
