/**
 * The I/O half of the EVTX reader: streams a file's header and its 64 KiB chunk slots from a
 * read-only file handle, one slot at a time (memory does not grow with the file), and feeds the
 * pure parser in `ingest/evtx`. Every slot to EOF is visited; the header's chunk count is never
 * trusted (dirty logs hold more chunks than it says). A chunk range [from, to) lets several
 * workers share one file.
 */
import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';
import { IngestError } from '../shared/ingest-issues';
import {
  addChunkToSummary, CHUNK_SIZE, chunkOptionsOf, chunkSlotCount, emptySummary, FILE_HEADER_SIZE, parseChunk, parseFileHeader,
} from '../ingest/evtx/index';
import type { ChunkOptions, ChunkResult, EvtxSummary, FileHeaderInfo } from '../ingest/evtx/index';

/** Slots per read (1 MiB); two such buffers are in use at a time. */
const BLOCK_SLOTS = 16;
/**
 * Slots of a range's first read, which has nothing to overlap with: one slot, so parsing starts as
 * soon as it is in (the next 1 MiB block is read meanwhile) rather than after a whole block.
 */
const FIRST_READ_SLOTS = 1;

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

function readAt(fd: number, buf: Uint8Array, offset: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buf, offset, buf.length - offset, position, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

/** Fills `buf` from `position` unless the file ends first; the bytes read. */
async function readFully(fd: number, buf: Uint8Array, position: number): Promise<number> {
  let got = 0;
  while (got < buf.length) {
    const n = await readAt(fd, buf, got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** `readFully` without leaving the thread: for the few small reads with nothing to overlap. */
function readFullySync(fd: number, buf: Uint8Array, position: number): number {
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** A read's result: slots [first, first + slots) asked for, `got` bytes of them read. */
interface Block { first: number; slots: number; buf: Uint8Array; got: number }

/**
 * An open EVTX file. Opening it (open, stat, the 4 KiB header) and a range's first slot are
 * synchronous calls, and so is closing it: a worker reads a large file as many chunk ranges, each
 * of which opened, stat'ed, read the header, read its first block and closed through the thread
 * pool, one round trip after the other with nothing to overlap (~0.5 ms per range on a busy 2-core
 * machine against ~0.1 ms for the same calls made synchronously, file in the page cache). The 1 MiB
 * blocks after the first slot are read asynchronously, overlapping the parsing. For worker threads
 * and the CLI: the app's main process never reads evidence itself (it hands items to the pool).
 */
export class EvtxSource {
  /** Reads not yet landed: close() waits for them (the descriptor's number could be reused). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    private readonly fd: number,
    readonly path: string,
    readonly fileSize: number,
    readonly header: FileHeaderInfo,
  ) {}

  /** Opens `path` read-only and parses its header. Throws `IngestError` (`evtx.file.*`). */
  static async open(path: string): Promise<EvtxSource> {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new IngestError('evtx.file.open', `cannot open: ${(e as Error).message}`, { path });
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new IngestError('evtx.file.open', 'not a regular file', { path });
      // the header block and the first chunk's signature (a damaged header is told by it)
      const head = new Uint8Array(Math.min(FILE_HEADER_SIZE + 8, st.size));
      readFullySync(fd, head, 0);
      let header: FileHeaderInfo;
      try {
        header = parseFileHeader(head);
      } catch (e) {
        const err = e as IngestError;
        throw new IngestError(err.code ?? 'evtx.file.bad_magic', err.message, { path, offset: 0 });
      }
      return new EvtxSource(fd, path, st.size, header);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Number of 64 KiB slots after the 4096-byte header, to EOF. */
  get slotCount(): number {
    return chunkSlotCount(this.fileSize);
  }

  /**
   * Yields the slots of [from, to) in order. The first slot is read at once, then 16 slots (1 MiB)
   * at a time into one of two buffers, the next block's read overlapping the parsing of the current
   * one (memory stays at 2 MiB whatever the file size; the pair goes back to a small per-thread
   * spare list at the end). Buffers are reused unless `copy` is true, so a consumer must finish
   * with `bytes` before asking for the next slot, and must not keep it after the read ends.
   */
  async *chunks(from = 0, to = this.slotCount, copy = false): AsyncGenerator<ChunkSlot> {
    const end = Math.min(to, this.slotCount);
    const start = Math.max(0, from);
    if (start >= end) return;
    if (this.closed) throw new Error('EvtxSource: read after close');
    const bufs = [takeBlock(), takeBlock()];
    const readBlock = async (first: number, buf: Uint8Array): Promise<Block> => {
      const slots = Math.min(BLOCK_SLOTS, end - first);
      const reading = readFully(this.fd, buf.subarray(0, slots * CHUNK_SIZE), FILE_HEADER_SIZE + first * CHUNK_SIZE);
      this.inFlight.add(reading);
      try {
        return { first, slots, buf, got: await reading };
      } finally {
        this.inFlight.delete(reading);
      }
    };
    let which = 0;
    let pending: Promise<Block> | null = null;
    try {
      const firstSlots = Math.min(FIRST_READ_SLOTS, end - start);
      let blk: Block | null = { first: start, slots: firstSlots, buf: bufs[0]!, got: readFullySync(this.fd, bufs[0]!.subarray(0, firstSlots * CHUNK_SIZE), FILE_HEADER_SIZE + start * CHUNK_SIZE) };
      while (blk !== null) {
        const next: number = blk.first + blk.slots;
        which ^= 1;
        pending = blk.got === blk.slots * CHUNK_SIZE && next < end ? readBlock(next, bufs[which]!) : null;
        for (let k = 0; k * CHUNK_SIZE < blk.got; k++) {
          const s = k * CHUNK_SIZE;
          const view = blk.buf.subarray(s, Math.min(blk.got, s + CHUNK_SIZE));
          yield { index: blk.first + k, bytes: copy ? view.slice() : view };
        }
        blk = pending === null ? null : await pending;
        pending = null;
      }
    } finally {
      // A read still in flight (the consumer stopped early) must land before its buffer is reused.
      if (pending !== null) await (pending as Promise<unknown>).catch(() => {});
      returnBlock(bufs[0]!);
      returnBlock(bufs[1]!);
    }
  }

  /** Closes the file once every read in flight has landed. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    closeSync(this.fd);
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
