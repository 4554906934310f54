/** CRC-32 (IEEE 802.3, as in ZIP), incremental: the same CRC as EVTX's, one implementation. */
import { crc32 } from '../evtx/crc32';

/** Continue a CRC: start with `crc32Update(0, data)`; the result is the final CRC of everything so far. */
export function crc32Update(crc: number, data: Uint8Array): number {
  return crc32(data, 0, data.length, crc);
}
