/**
 * Reads one evidence file once, read-only, computing its SHA-256 and keeping its first bytes
 * for format sniffing. Memory stays at one read buffer whatever the file size.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const HEAD_BYTES = 64 * 1024;
const READ_BUFFER = 1024 * 1024;

export interface HashedFile { sha256: string; bytes: number; head: Uint8Array }

/**
 * Read buffers left by finished hashes, for the next one in this thread: a worker hashes a batch of
 * small files one after the other, and a fresh 1 MiB buffer per file was garbage (and external
 * memory the GC is driven by) for every file. A list, not one buffer: hashes may run concurrently.
 */
const spareBuffers: Buffer[] = [];
const MAX_SPARE_BUFFERS = 2;

export async function hashFile(
  absPath: string,
  onBytes: (bytesDone: number) => void = () => {},
  isCancelled: () => boolean = () => false,
): Promise<HashedFile> {
  const fh = await open(absPath, 'r');
  const buf = spareBuffers.pop() ?? Buffer.allocUnsafe(READ_BUFFER);
  try {
    const hash = createHash('sha256');
    let head: Uint8Array = new Uint8Array(0);
    let done = 0;
    for (;;) {
      if (isCancelled()) throw Object.assign(new Error('cancelled'), { code: 'cancelled' });
      const { bytesRead } = await fh.read(buf, 0, READ_BUFFER, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      if (head.length < HEAD_BYTES) head = withMore(head, buf.subarray(0, Math.min(HEAD_BYTES - head.length, bytesRead)));
      done += bytesRead;
      onBytes(done);
    }
    return { sha256: hash.digest('hex'), bytes: done, head };
  } finally {
    await fh.close();
    // no read is in flight here: each is awaited before the next step
    if (spareBuffers.length < MAX_SPARE_BUFFERS) spareBuffers.push(buf);
  }
}

/** A copy of `head` followed by `more` (the head is kept after `more`'s buffer is reused). */
function withMore(head: Uint8Array, more: Uint8Array): Uint8Array {
  const out = new Uint8Array(head.length + more.length);
  out.set(head, 0);
  out.set(more, head.length);
  return out;
}
