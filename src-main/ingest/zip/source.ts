/**
 * Random-access byte source. The zip reader reads the central directory from the end and each
 * member's data by range, so the worker can back this with a file handle (`fs.promises.open` +
 * `handle.read`) and never hold a large archive in memory; tests and nested archives use
 * `bytesSource`.
 */
export interface RandomAccessSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Reads `length` bytes at `offset` (fewer only at the end of the source). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function bytesSource(bytes: Uint8Array): RandomAccessSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(Math.max(0, offset), Math.min(bytes.length, offset + length)),
  };
}
