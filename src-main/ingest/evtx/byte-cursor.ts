/**
 * Labelled, bounds-checked little-endian reads over a byte buffer (libyal EVTX doc §1: all
 * integers are little-endian). Positions are absolute indexes into `buf`; for chunk data they are
 * therefore chunk-relative offsets, which is what BinXML name/template offsets refer to.
 */
import { EvtxFormatError, outOfBounds } from './errors';

export class ByteCursor {
  // `declare`d, so the constructor alone creates the fields. As class fields (ES2022 define
  // semantics, what esbuild emits for our target) each was first defined as undefined and then
  // stored again: two stores per field, `pos` and `end` widened by V8 from heap object to any
  // tagged value (no small-integer field), and the first cursors' map replaced (--trace-generalization).
  declare readonly buf: Uint8Array;
  declare pos: number;
  declare end: number;
  constructor(buf: Uint8Array, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = Math.min(end, buf.length);
  }

  /** Re-points the cursor at [pos, end) of the same buffer (a cursor reused record after record). */
  span(pos: number, end: number): this {
    this.pos = pos;
    this.end = Math.min(end, this.buf.length);
    return this;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  u8(label: string): number {
    const p = this.pos;
    if (p + 1 > this.end) outOfBounds(label, p, 1, this.end);
    this.pos = p + 1;
    return this.buf[p]!;
  }

  u16(label: string): number {
    const p = this.pos;
    if (p + 2 > this.end) outOfBounds(label, p, 2, this.end);
    this.pos = p + 2;
    const b = this.buf;
    return b[p]! | (b[p + 1]! << 8);
  }

  u32(label: string): number {
    const p = this.pos;
    if (p + 4 > this.end) outOfBounds(label, p, 4, this.end);
    this.pos = p + 4;
    const b = this.buf;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** u64 as a JS number; exact up to 2^53 (record ids, chunk numbers). */
  u64(label: string): number {
    const lo = this.u32(label);
    const hi = this.u32(label);
    return hi * 0x100000000 + lo;
  }

  skip(n: number, label: string): void {
    if (n < 0 || this.pos + n > this.end) outOfBounds(label, this.pos, n, this.end);
    this.pos += n;
  }

  /** Moves to an absolute position inside [0, end]. */
  seek(pos: number, label: string): void {
    if (pos < 0 || pos > this.end) {
      throw new EvtxFormatError('evtx.bounds', `${label}: seek to ${pos} outside [0, ${this.end}]`, { offset: pos });
    }
    this.pos = pos;
  }

  /** A view (no copy) of the next `n` bytes. */
  bytes(n: number, label: string): Uint8Array {
    const p = this.pos;
    if (n < 0 || p + n > this.end) outOfBounds(label, p, n, this.end);
    this.pos = p + n;
    return this.buf.subarray(p, p + n);
  }
}

/** Unchecked helpers for callers that have already bounds-checked a fixed-size structure. */
export function u16At(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8);
}
export function u32At(b: Uint8Array, p: number): number {
  return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
}
/** u64 as a JS number (exact below 2^53). */
export function u64At(b: Uint8Array, p: number): number {
  return u32At(b, p + 4) * 0x100000000 + u32At(b, p);
}
