// Growable little-endian byte buffer with a base offset (the chunk-relative position of byte 0).

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  /** `base` is the chunk-relative offset at which this buffer's first byte will land. */
  constructor(readonly base = 0, initial = 256) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  /** Chunk-relative offset of the next byte written. */
  get pos(): number {
    return this.base + this.length;
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.ensure(1);
    this.view.setUint8(this.length, v);
    this.length += 1;
    return this;
  }
  u16(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
    return this;
  }
  u32(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
    return this;
  }
  u64(v: bigint): this {
    this.ensure(8);
    this.view.setBigUint64(this.length, BigInt.asUintN(64, v), true);
    this.length += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }
  /** UTF-16LE code units, no terminator. */
  utf16(s: string): this {
    this.ensure(s.length * 2);
    for (let i = 0; i < s.length; i++) this.view.setUint16(this.length + i * 2, s.charCodeAt(i), true);
    this.length += s.length * 2;
    return this;
  }
  zeros(n: number): this {
    this.ensure(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
    return this;
  }

  /** Overwrite a u32 at a buffer-relative index (for sizes known only afterwards). */
  patchU32(index: number, v: number): void {
    this.view.setUint32(index, v >>> 0, true);
  }
  patchU16(index: number, v: number): void {
    this.view.setUint16(index, v, true);
  }

  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
