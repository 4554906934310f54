import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { inflateRaw } from '../../../src-main/ingest/zip/inflate-raw';

async function* blocksOf(bytes: Uint8Array, size: number, counter?: { pulled: number }): AsyncGenerator<Uint8Array> {
  for (let o = 0; o < bytes.length; o += size) {
    if (counter) counter.pulled++;
    yield bytes.subarray(o, o + size);
  }
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

describe('inflateRaw: native zlib under backpressure', () => {
  it('gives back the original bytes whatever the block size', async () => {
    const data = Buffer.from(Array.from({ length: 5_000 }, (_, i) => `<Event n="${i}"/>\n`).join(''));
    const packed = deflateRawSync(data);
    for (const size of [3, 4096, packed.length]) {
      expect((await collect(inflateRaw(blocksOf(packed, size)))).equals(data)).toBe(true);
    }
  });

  it('rejects damaged and truncated data with an error', async () => {
    const packed = deflateRawSync(Buffer.from('x'.repeat(100_000) + 'y'.repeat(1000)));
    const damaged = Buffer.from(packed);
    damaged[0] = 0xff; // block type 11: reserved (RFC 1951 §3.2.3)
    await expect(collect(inflateRaw(blocksOf(damaged, 64)))).rejects.toThrow();
    await expect(collect(inflateRaw(blocksOf(packed.subarray(0, packed.length - 5), 64)))).rejects.toThrow();
    await expect(collect(inflateRaw(blocksOf(new Uint8Array(0), 64)))).rejects.toThrow();
  });

  it('passes on an error of the blocks themselves', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield deflateRawSync(Buffer.from('abc')).subarray(0, 2);
      throw new Error('short read');
    }
    await expect(collect(inflateRaw(failing()))).rejects.toThrow('short read');
  });

  it('a caller that stops early stops the feeding too (a bomb is not inflated to its end)', async () => {
    const packed = deflateRawSync(Buffer.alloc(64 * 1024 ** 2)); // 64 MiB of zeros: ~64 KB packed
    const counter = { pulled: 0 };
    let out = 0;
    for await (const c of inflateRaw(blocksOf(packed, 256, counter))) {
      out += c.length;
      if (out > 1024 * 1024) break;
    }
    expect(out).toBeGreaterThan(1024 * 1024);
    expect(out).toBeLessThan(8 * 1024 * 1024);
    // Backpressure: about the writable side's 16 KiB of compressed bytes pulled, not the whole ~64 KB member.
    expect(packed.length).toBeGreaterThan(60 * 1024);
    expect(counter.pulled * 256).toBeLessThan(40 * 1024);
  });
});
