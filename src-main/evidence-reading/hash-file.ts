/**
 * Reads one evidence file once, read-only, computing its SHA-256 and keeping its first bytes
 * for format sniffing. Memory stays at one read buffer whatever the file size.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const HEAD_BYTES = 64 * 1024;
const READ_BUFFER = 1024 * 1024;

export interface HashedFile { sha256: string; bytes: number; head: Uint8Array }

export async function hashFile(
  absPath: string,
  onBytes: (bytesDone: number) => void = () => {},
  isCancelled: () => boolean = () => false,
): Promise<HashedFile> {
  const fh = await open(absPath, 'r');
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(READ_BUFFER);
    const head = Buffer.alloc(HEAD_BYTES);
    let headLen = 0;
    let done = 0;
    for (;;) {
      if (isCancelled()) throw Object.assign(new Error('cancelled'), { code: 'cancelled' });
      const { bytesRead } = await fh.read(buf, 0, READ_BUFFER, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      if (headLen < HEAD_BYTES) {
        const n = Math.min(HEAD_BYTES - headLen, bytesRead);
        buf.copy(head, headLen, 0, n);
        headLen += n;
      }
      done += bytesRead;
      onBytes(done);
    }
    return { sha256: hash.digest('hex'), bytes: done, head: new Uint8Array(head.buffer, head.byteOffset, headLen) };
  } finally {
    await fh.close();
  }
}
