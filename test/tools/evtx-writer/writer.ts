// EvtxWriter: file header (v3.1) + 64 KiB chunks; records fill chunks in order, a new chunk when one is full.

import { crc32 } from './crc32';
import { CHUNK_SIZE, ChunkBuilder } from './chunk';
import { eventToInstance } from './event';
import type { WrittenEvent } from './event';
import type { SlotValue, Template } from './binxml';

const FILE_HEADER_BLOCK = 4096;
const FLAG_DIRTY = 0x1;

export interface EvtxWriterOptions {
  /** Set the header's dirty flag (0x1), as on a live log copied while open. Default false. */
  dirty?: boolean;
  /** EventRecordID of the first record. Default 1. */
  firstRecordId?: bigint | number;
  /** Write this chunk count into the header instead of the real one (stale-header files). */
  headerChunkCount?: number;
}

export class EvtxWriter {
  private readonly chunks: ChunkBuilder[] = [];
  private nextRecordId: bigint;

  constructor(private readonly options: EvtxWriterOptions = {}) {
    this.nextRecordId = BigInt(options.firstRecordId ?? 1);
  }

  /** Append one event; it gets the next EventRecordID. */
  add(event: WrittenEvent): this {
    const { template, values } = eventToInstance(event, this.nextRecordId);
    return this.addInstance(template, values, event.timeCreated);
  }

  /**
   * Append one record holding any template instance (hostile inputs: deep BinXml nesting,
   * repeated substitutions); it gets the next record identifier.
   */
  addInstance(template: Template, values: SlotValue[], written: bigint): this {
    const id = this.nextRecordId;
    let chunk = this.chunks.at(-1);
    if (!chunk || !chunk.tryAdd(id, written, template, values)) {
      chunk = new ChunkBuilder();
      this.chunks.push(chunk);
      chunk.tryAdd(id, written, template, values);
    }
    this.nextRecordId++;
    return this;
  }

  addAll(events: Iterable<WrittenEvent>): this {
    for (const e of events) this.add(e);
    return this;
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(FILE_HEADER_BLOCK + this.chunks.length * CHUNK_SIZE);
    const v = new DataView(out.buffer);
    out.set(new TextEncoder().encode('ElfFile\0'), 0);
    const n = this.chunks.length;
    v.setBigUint64(8, 0n, true); // first chunk number
    v.setBigUint64(16, BigInt(Math.max(n - 1, 0)), true); // last chunk number
    v.setBigUint64(24, this.nextRecordId, true); // next record identifier
    v.setUint32(32, 128, true); // header size
    v.setUint16(36, 1, true); // minor version
    v.setUint16(38, 3, true); // major version
    v.setUint16(40, FILE_HEADER_BLOCK, true); // header block size
    v.setUint16(42, this.options.headerChunkCount ?? n, true);
    v.setUint32(120, this.options.dirty ? FLAG_DIRTY : 0, true);
    v.setUint32(124, crc32(out.subarray(0, 120)), true);
    this.chunks.forEach((c, i) => out.set(c.toBytes(), FILE_HEADER_BLOCK + i * CHUNK_SIZE));
    return out;
  }
}
