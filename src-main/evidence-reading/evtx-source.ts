/**
 * The I/O half of the EVTX reader: streams a file's header and its 64 KiB chunk slots from a
 * read-only file handle, one slot at a time (memory does not grow with the file), and feeds the
 * pure parser in `ingest/evtx`. Every slot to EOF is visited; the header's chunk count is never
 * trusted (dirty logs hold more chunks than it says). A chunk range [from, to) lets several
 * workers share one file.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { IngestError } from '../shared/ingest-issues';
import {
  addChunkToSummary, CHUNK_SIZE, chunkOptionsOf, chunkSlotCount, emptySummary, FILE_HEADER_SIZE, parseChunk, parseFileHeader,
} from '../ingest/evtx/index';
import type { ChunkOptions, ChunkResult, EvtxSummary, FileHeaderInfo } from '../ingest/evtx/index';

/** Slots per read (1 MiB); two such buffers are in use at a time. */
const BLOCK_SLOTS = 16;

/**
 * Read buffers left by finished reads, for the next one in this thread: a worker reads a large
 * file as many chunk ranges, and a fresh pair per range would leave megabytes of garbage each.
 */
const spareBlocks: Uint8Array[] = [];
const MAX_SPARE_BLOCKS = 4;
function takeBlock(): Uint8Array {
  return spareBlocks.pop() ?? new Uint8Array(BLOCK_SLOTS * CHUNK_SIZE);
}
function returnBlock(b: Uint8Array): void {
  if (spareBlocks.length < MAX_SPARE_BLOCKS) spareBlocks.push(b);
}

/**
 * Gives this thread the pair of read buffers a read takes, their pages written (the warm-up's
 * job, warm-up.ts): its samples are smaller than a buffer, so a fresh worker's first large file
 * otherwise first-touched ~2 MiB of them inside the thread pool's reads (~580 page faults on the
 * pool threads in the first pass over StolenSzechuan System.evtx with two workers, none after).
 */
export function prepareReadBlocks(): void {
  while (spareBlocks.length < 2) spareBlocks.push(new Uint8Array(BLOCK_SLOTS * CHUNK_SIZE));
  for (const b of spareBlocks) b.fill(0);
}

export interface ChunkSlot {
  index: number;
  /** The slot's bytes (65,536, or fewer for a short tail). A view into a reused buffer unless `copy`. */
  bytes: Uint8Array;
}

async function readFully(fh: FileHandle, buf: Uint8Array, position: number): Promise<number> {
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

export class EvtxSource {
  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    readonly fileSize: number,
    readonly header: FileHeaderInfo,
  ) {}

  /** Opens `path` read-only and parses its header. Throws `IngestError` (`evtx.file.*`). */
  static async open(path: string): Promise<EvtxSource> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      throw new IngestError('evtx.file.open', `cannot open: ${(e as Error).message}`, { path });
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new IngestError('evtx.file.open', 'not a regular file', { path });
      // the header block and the first chunk's signature (a damaged header is told by it)
      const head = new Uint8Array(Math.min(FILE_HEADER_SIZE + 8, st.size));
      await readFully(fh, head, 0);
      let header: FileHeaderInfo;
      try {
        header = parseFileHeader(head);
      } catch (e) {
        const err = e as IngestError;
        throw new IngestError(err.code ?? 'evtx.file.bad_magic', err.message, { path, offset: 0 });
      }
      return new EvtxSource(fh, path, st.size, header);
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  /** Number of 64 KiB slots after the 4096-byte header, to EOF. */
  get slotCount(): number {
    return chunkSlotCount(this.fileSize);
  }

  /**
   * Yields the slots of [from, to) in order. Reads 16 slots (1 MiB) at a time into one of two
   * buffers, the next block's read overlapping the parsing of the current one (memory stays at
   * 2 MiB whatever the file size; the pair goes back to a small per-thread spare list at the end).
   * Buffers are reused unless `copy` is true, so a consumer must finish with `bytes` before asking
   * for the next slot, and must not keep it after the read ends.
   */
  async *chunks(from = 0, to = this.slotCount, copy = false): AsyncGenerator<ChunkSlot> {
    const end = Math.min(to, this.slotCount);
    const start = Math.max(0, from);
    if (start >= end) return;
    const bufs = [takeBlock(), takeBlock()];
    const readBlock = async (first: number, buf: Uint8Array): Promise<{ first: number; buf: Uint8Array; got: number; full: boolean }> => {
      const want = Math.min(BLOCK_SLOTS, end - first) * CHUNK_SIZE;
      const got = await readFully(this.fh, buf.subarray(0, want), FILE_HEADER_SIZE + first * CHUNK_SIZE);
      return { first, buf, got, full: got === want };
    };
    let which = 0;
    let pending: ReturnType<typeof readBlock> | null = readBlock(start, bufs[0]!);
    try {
      while (pending !== null) {
        const blk: Awaited<ReturnType<typeof readBlock>> = await pending;
        const next = blk.first + BLOCK_SLOTS;
        which ^= 1;
        pending = blk.full && next < end ? readBlock(next, bufs[which]!) : null;
        for (let k = 0; k * CHUNK_SIZE < blk.got; k++) {
          const s = k * CHUNK_SIZE;
          const view = blk.buf.subarray(s, Math.min(blk.got, s + CHUNK_SIZE));
          yield { index: blk.first + k, bytes: copy ? view.slice() : view };
        }
      }
    } finally {
      // A read still in flight (the consumer stopped early) must land before its buffer is reused.
      if (pending !== null) await (pending as Promise<unknown>).catch(() => {});
      returnBlock(bufs[0]!);
      returnBlock(bufs[1]!);
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

export interface ReadEvtxOptions extends ChunkOptions {
  /** First slot (inclusive). Default 0. */
  from?: number;
  /** Last slot (exclusive). Default: every slot to EOF. */
  to?: number;
  /**
   * Called with each parsed chunk, in order; may return a promise (backpressure). Returning
   * (or resolving to) `false` stops the read early.
   */
  onChunk?: (result: ChunkResult) => void | boolean | Promise<void | boolean>;
  /** A slot for which this is true is not parsed (nor counted): a detail read's chunk filter. */
  skipSlot?: (bytes: Uint8Array, index: number) => boolean;
}

/**
 * Reads a whole file (or a slot range) chunk by chunk and returns its summary; records (and
 * recovered records) are handed to `onChunk` and not kept. The file-header warnings and errors
 * are included only when the range starts at slot 0, so ranges of one file can be summed
 * without duplicates.
 */
export async function readEvtxFile(path: string, options: ReadEvtxOptions = {}): Promise<{ header: FileHeaderInfo; summary: EvtxSummary }> {
  const src = await EvtxSource.open(path);
  const summary = emptySummary();
  try {
    const from = options.from ?? 0;
    if (from === 0) {
      summary.warnings.push(...src.header.warnings.map((w) => ({ ...w, context: { ...w.context, path } })));
      summary.chunkErrors.push(...src.header.errors.map((e) => ({ ...e, context: { ...e.context, path } })));
    }
    const chunkOptions = chunkOptionsOf(options); // one shape for every caller (chunk.ts)
    for await (const slot of src.chunks(from, options.to ?? src.slotCount)) {
      if (options.skipSlot?.(slot.bytes, slot.index)) continue;
      const r = parseChunk(slot.bytes, slot.index, chunkOptions);
      addChunkToSummary(summary, r);
      if (options.onChunk && (await options.onChunk(r)) === false) break;
    }
  } finally {
    await src.close();
  }
  return { header: src.header, summary };
}
