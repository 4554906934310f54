/**
 * Raw DEFLATE (RFC 1951, zip method 8) inflated by Node's native zlib as a stream: compressed
 * blocks go in only as fast as the caller takes the output (backpressure), so the bytes held at a
 * time stay bounded however far a member inflates; the caller checks sizes and ratios per chunk
 * and stops early by leaving its loop, which tears the inflater down.
 */
import { once } from 'node:events';
import { createInflateRaw } from 'node:zlib';

/** Output bytes per chunk the inflater hands back. */
const OUTPUT_CHUNK = 256 * 1024;

/**
 * Inflates `blocks` (a member's compressed bytes, in order). Damaged or truncated data rejects with
 * zlib's error; an error of `blocks` itself (a short read) rejects with that error.
 */
export async function* inflateRaw(blocks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, void> {
  const inflater = createInflateRaw({ chunkSize: OUTPUT_CHUNK });
  const stop = new AbortController();
  const feed = (async () => {
    try {
      for await (const block of blocks) {
        if (stop.signal.aborted) return;
        if (!inflater.write(block)) await once(inflater, 'drain', { signal: stop.signal });
      }
      inflater.end();
    } catch (e) {
      if (!stop.signal.aborted) inflater.destroy(e as Error);
    }
  })();
  try {
    for await (const chunk of inflater) yield chunk as Uint8Array;
  } finally {
    stop.abort();
    inflater.destroy();
    await feed;
  }
}
