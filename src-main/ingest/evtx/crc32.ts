/**
 * CRC-32 as in RFC 1952 (zlib/IEEE, reflected, poly 0xEDB88320); libyal EVTX doc §2 and §3.
 * Slicing-by-8 tables: about four times faster than the byte-wise loop on 64 KiB chunks.
 */
const T = (() => {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();

/**
 * Node's zlib.crc32 (same polynomial) when the runtime offers it: a computation, not I/O, and
 * about 20× faster; reached through process.getBuiltinModule so this module stays importable
 * anywhere (it falls back to the table code below).
 */
type NativeCrc = (data: Uint8Array, value?: number) => number;
const native: NativeCrc | null = (() => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const z = proc?.getBuiltinModule?.('node:zlib') as { crc32?: NativeCrc } | undefined;
  return typeof z?.crc32 === 'function' ? z.crc32 : null;
})();

/** Continues a CRC over `bytes[start, end)`; start a new one with `crc = 0`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  if (native !== null && end - start >= 64) return native(bytes.subarray(start, end), crc) >>> 0;
  return crc32Table(bytes, start, end, crc);
}

/** The portable table-driven CRC-32 (slicing-by-8). */
export function crc32Table(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  let c = ~crc;
  let i = start;
  const t = T;
  for (; i + 8 <= end; i += 8) {
    const a = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c = t[1792 + (a & 0xff)]! ^ t[1536 + ((a >>> 8) & 0xff)]! ^ t[1280 + ((a >>> 16) & 0xff)]! ^ t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^ t[512 + bytes[i + 5]!]! ^ t[256 + bytes[i + 6]!]! ^ t[bytes[i + 7]!]!;
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
