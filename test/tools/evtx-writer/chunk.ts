// One 64 KiB chunk: 512-byte header (string and template tables, CRCs), records from 512 to the free-space offset.

import { ByteWriter } from './bytes';
import { crc32 } from './crc32';
import { writeFragment } from './binxml';
import type { SlotValue, Template } from './binxml';
import { ChunkTables } from './tables';

export const CHUNK_SIZE = 0x10000;
const CHUNK_HEADER_SIZE = 512;
const RECORD_MAGIC = 0x00002a2a;

export class ChunkBuilder {
  private tables = new ChunkTables();
  private readonly data = new Uint8Array(CHUNK_SIZE);
  private free = CHUNK_HEADER_SIZE;
  private lastRecordOffset = 0;
  firstRecordId = 0n;
  lastRecordId = 0n;
  count = 0;

  /** Encode a record at the free-space offset; false (and nothing changed) if it does not fit. */
  tryAdd(recordId: bigint, written: bigint, template: Template, values: SlotValue[]): boolean {
    const staged = this.tables.clone();
    const w = new ByteWriter(this.free, 1024);
    w.u32(RECORD_MAGIC).u32(0).u64(recordId).u64(written);
    writeFragment(w, template, values, staged);
    // Windows keeps records 8-byte aligned; pad before the trailing size copy.
    while ((w.length + 4) % 8 !== 0) w.u8(0);
    const size = w.length + 4;
    w.u32(size);
    w.patchU32(4, size);
    // A record must not end exactly at the chunk end: libevtx (20181227) then silently drops it.
    if (this.free + size >= CHUNK_SIZE) {
      if (this.count === 0) throw new Error(`record ${recordId} (${size} bytes) cannot fit in an empty chunk`);
      return false;
    }
    this.data.set(w.toBytes(), this.free);
    this.lastRecordOffset = this.free;
    this.free += size;
    this.tables = staged;
    if (this.count === 0) this.firstRecordId = recordId;
    this.lastRecordId = recordId;
    this.count++;
    return true;
  }

  /** The finished chunk bytes with header fields and CRCs. */
  toBytes(): Uint8Array {
    const d = this.data;
    const v = new DataView(d.buffer);
    d.set(new TextEncoder().encode('ElfChnk\0'), 0);
    // Record numbers (8, 16) and identifiers (24, 32): the same numbering in files we write.
    v.setBigUint64(8, this.firstRecordId, true);
    v.setBigUint64(16, this.lastRecordId, true);
    v.setBigUint64(24, this.firstRecordId, true);
    v.setBigUint64(32, this.lastRecordId, true);
    v.setUint32(40, 128, true);
    v.setUint32(44, this.lastRecordOffset, true);
    v.setUint32(48, this.free, true);
    v.setUint32(52, crc32(d.subarray(CHUNK_HEADER_SIZE, this.free)), true);
    v.setUint32(120, 0, true);
    this.tables.stringBuckets.forEach((off, i) => v.setUint32(128 + 4 * i, off, true));
    this.tables.templateBuckets.forEach((off, i) => v.setUint32(384 + 4 * i, off, true));
    v.setUint32(124, crc32(d.subarray(0, 120), d.subarray(128, CHUNK_HEADER_SIZE)), true);
    return d.slice();
  }
}
