/**
 * Substitution and value-token values (libyal EVTX doc §4.7 "Value types"; MS-EVEN6 §2.2.18):
 * every scalar type, the array forms (0x80 bit: strings NUL-separated, fixed-size items back to
 * back) and nested BinXML (0x21, 0x23). Values are decoded from `[pos, pos + size)` inside the
 * chunk; the caller always realigns to `pos + size` afterwards (the descriptor size is
 * authoritative).
 */
import { ByteCursor } from '../byte-cursor';
import { EvtxFormatError } from '../errors';
import { decodeAnsi, decodeUtf16, decodeUtf16Bytes } from '../text';
import type { ChunkContext } from './context';
import * as F from './format';
import { Fragment } from './nodes';
import type { Scalar, Value } from './nodes';
import type { XNode } from './nodes';
import * as C from './value-cache';

const T_NULL = 0x00, T_STRING = 0x01, T_ANSI = 0x02, T_I8 = 0x03, T_U8 = 0x04, T_I16 = 0x05, T_U16 = 0x06,
  T_I32 = 0x07, T_U32 = 0x08, T_I64 = 0x09, T_U64 = 0x0a, T_F32 = 0x0b, T_F64 = 0x0c, T_BOOL = 0x0d, T_BINARY = 0x0e,
  T_GUID = 0x0f, T_SIZET = 0x10, T_FILETIME = 0x11, T_SYSTIME = 0x12, T_SID = 0x13, T_HEX32 = 0x14, T_HEX64 = 0x15,
  T_EVTHANDLE = 0x20, T_BINXML = 0x21, T_EVTXML = 0x23, T_ARRAY = 0x80;

const TWO53 = 9007199254740992;
// Module-local aliases: cheaper than namespace getters in the CJS form tsx/esbuild emit.
const { filetimeAt, formatGuid, formatSid, hexInt, hexUpper, sidLength, systemtimeAt } = F;
const FragmentClass = Fragment;
const { cachedAt, remember, slotFor, KIND_BINARY, KIND_GUID, KIND_HEX, KIND_SID, KIND_UTF16, VALUE_CACHE_MAX_BYTES } = C;

/*
 * Cached decoders for the value types that repeat from record to record (value-cache.ts): on a
 * hit no string is built at all.
 */
function utf16Value(b: Uint8Array, p: number, size: number): string {
  if (size > VALUE_CACHE_MAX_BYTES) return decodeUtf16Bytes(b, p, size);
  const slot = slotFor(b, p, size, KIND_UTF16);
  return cachedAt(slot, b, p, size, KIND_UTF16) ?? remember(slot, b, p, size, KIND_UTF16, decodeUtf16Bytes(b, p, size));
}
function guidValue(b: Uint8Array, p: number): string {
  const slot = slotFor(b, p, 16, KIND_GUID);
  return cachedAt(slot, b, p, 16, KIND_GUID) ?? remember(slot, b, p, 16, KIND_GUID, formatGuid(b, p));
}
function hexValue(b: Uint8Array, p: number, size: 4 | 8): string {
  const slot = slotFor(b, p, size, KIND_HEX);
  return cachedAt(slot, b, p, size, KIND_HEX) ?? remember(slot, b, p, size, KIND_HEX, hexInt(b, p, size));
}
/** Caller checked that the SID's `sidLength` bytes are inside the value. */
function sidValue(b: Uint8Array, p: number): string {
  const n = sidLength(b, p);
  if (n > VALUE_CACHE_MAX_BYTES) return formatSid(b, p);
  const slot = slotFor(b, p, n, KIND_SID);
  return cachedAt(slot, b, p, n, KIND_SID) ?? remember(slot, b, p, n, KIND_SID, formatSid(b, p));
}
function binaryValue(b: Uint8Array, p: number, end: number): string {
  const n = end - p;
  if (n > VALUE_CACHE_MAX_BYTES) return hexUpper(b, p, end);
  const slot = slotFor(b, p, n, KIND_BINARY);
  return cachedAt(slot, b, p, n, KIND_BINARY) ?? remember(slot, b, p, n, KIND_BINARY, hexUpper(b, p, end));
}
function u16At(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8);
}
function u32At(b: Uint8Array, p: number): number {
  return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
}
function i32At(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
}

/**
 * Parser for nested BinXML values, installed by tokens.ts (keeps this module free of an import
 * cycle, so hot calls into it are plain function calls).
 */
let nestedParser: ((cur: ByteCursor, ctx: ChunkContext, depth: number) => XNode[]) | null = null;
export function setNestedParser(fn: (cur: ByteCursor, ctx: ChunkContext, depth: number) => XNode[]): void {
  nestedParser = fn;
}

/** A nested BinXML value (0x21, 0x23) of `size` > 0 bytes at `pos` (caller checked it is inside the chunk). */
export function nestedValue(ctx: ChunkContext, pos: number, size: number, depth: number): Fragment {
  if (nestedParser === null) bad(ctx, pos, 'nested BinXML parser not installed');
  return new FragmentClass(nestedParser(new ByteCursor(ctx.buf, pos, pos + size), ctx, depth + 1));
}

/** Byte size of one item of a fixed-size type, 0 for variable-size types. */
function fixedSize(type: number, size = 8): number {
  switch (type) {
    case T_I8: case T_U8: return 1;
    case T_I16: case T_U16: return 2;
    case T_I32: case T_U32: case T_F32: case T_BOOL: case T_HEX32: return 4;
    case T_I64: case T_U64: case T_F64: case T_FILETIME: case T_HEX64: return 8;
    case T_GUID: case T_SYSTIME: return 16;
    case T_SIZET: return size === 4 ? 4 : 8;
    default: return 0;
  }
}

function u64Value(b: Uint8Array, p: number): number | string {
  const hi = u32At(b, p + 4);
  const v = hi * 0x100000000 + u32At(b, p);
  if (v < TWO53) return v;
  return ((BigInt(hi) << 32n) | BigInt(u32At(b, p))).toString();
}
function i64Value(b: Uint8Array, p: number): number | string {
  const hi = i32At(b, p + 4);
  const v = hi * 0x100000000 + u32At(b, p);
  if (v < TWO53 && v > -TWO53) return v;
  return ((BigInt(hi) << 32n) + BigInt(u32At(b, p))).toString();
}
function real(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

let f32buf: DataView | null = null;
function f32At(b: Uint8Array, p: number): number {
  f32buf ??= new DataView(new ArrayBuffer(8));
  for (let i = 0; i < 4; i++) f32buf.setUint8(i, b[p + i]!);
  return f32buf.getFloat32(0, true);
}
function f64At(b: Uint8Array, p: number): number {
  f32buf ??= new DataView(new ArrayBuffer(8));
  for (let i = 0; i < 8; i++) f32buf.setUint8(i, b[p + i]!);
  return f32buf.getFloat64(0, true);
}

/** One fixed-size scalar at `p` (caller has bounds-checked `fixedSize`). */
function fixedScalar(b: Uint8Array, p: number, type: number, size: number): Scalar {
  switch (type) {
    case T_I8: return (b[p]! << 24) >> 24;
    case T_U8: return b[p]!;
    case T_I16: return (u16At(b, p) << 16) >> 16;
    case T_U16: return u16At(b, p);
    case T_I32: return i32At(b, p);
    case T_U32: return u32At(b, p);
    case T_I64: return i64Value(b, p);
    case T_U64: return u64Value(b, p);
    case T_F32: return real(f32At(b, p));
    case T_F64: return real(f64At(b, p));
    case T_BOOL: return u32At(b, p) !== 0; // 32-bit; any non-zero is true (irregular values occur)
    case T_HEX32: return hexValue(b, p, 4);
    case T_HEX64: return hexValue(b, p, 8);
    case T_SIZET: return hexValue(b, p, size === 4 ? 4 : 8);
    case T_FILETIME: return filetimeAt(b, p);
    case T_SYSTIME: return systemtimeAt(b, p);
    case T_GUID: return guidValue(b, p);
    default: return null;
  }
}

function bad(ctx: ChunkContext, pos: number, msg: string): never {
  throw new EvtxFormatError('evtx.binxml.value', msg, { chunk: ctx.chunkIndex, offset: pos });
}

/** Decodes a value of `type` stored in `[pos, pos + size)` of the chunk. */
export function decodeValue(ctx: ChunkContext, pos: number, size: number, type: number, depth: number): Value {
  const b = ctx.buf;
  const end = pos + size;
  if (end > b.length) bad(ctx, pos, `value of ${size} bytes overruns chunk`);
  switch (type) {
    case T_NULL: return null;
    case T_STRING: return utf16Value(b, pos, size);
    case T_ANSI: return decodeAnsi(b, pos, size, ctx.ansiCodepage);
    case T_BINARY: return binaryValue(b, pos, end);
    case T_SID:
      if (size < 8 || sidLength(b, pos) > size) bad(ctx, pos, `SID of ${size} bytes is incomplete`);
      return sidValue(b, pos);
    case T_BINXML: case T_EVTXML: return size === 0 ? null : nestedValue(ctx, pos, size, depth);
    case T_EVTHANDLE: return hexUpper(b, pos, end); // no peer decodes it; keep the bytes
    default: break;
  }
  if (type & T_ARRAY) return decodeArray(ctx, pos, size, type & 0x7f);
  const fs = fixedSize(type, size);
  if (fs === 0) bad(ctx, pos, `unknown value type 0x${type.toString(16)}`);
  if (size < fs) {
    if (size === 0) return null;
    bad(ctx, pos, `value type 0x${type.toString(16)} needs ${fs} bytes, descriptor says ${size}`);
  }
  return fixedScalar(b, pos, type, size);
}

function decodeArray(ctx: ChunkContext, pos: number, size: number, type: number): Scalar[] {
  const b = ctx.buf;
  const end = pos + size;
  const out: Scalar[] = [];
  if (type === T_STRING) {
    let start = pos;
    for (let p = pos; p + 1 < end; p += 2) {
      if (b[p] === 0 && b[p + 1] === 0) {
        out.push(decodeUtf16(b, start, (p - start) >> 1));
        start = p + 2;
      }
    }
    if (start + 1 < end) out.push(decodeUtf16(b, start, (end - start) >> 1));
    return out;
  }
  if (type === T_ANSI) {
    let start = pos;
    for (let p = pos; p < end; p++) {
      if (b[p] === 0) {
        out.push(decodeAnsi(b, start, p - start, ctx.ansiCodepage));
        start = p + 1;
      }
    }
    if (start < end) out.push(decodeAnsi(b, start, end - start, ctx.ansiCodepage));
    return out;
  }
  if (type === T_SID) {
    let p = pos;
    while (p + 8 <= end && p + sidLength(b, p) <= end) {
      out.push(sidValue(b, p));
      p += sidLength(b, p);
    }
    return out;
  }
  const fs = fixedSize(type);
  if (fs === 0) bad(ctx, pos, `unsupported array type 0x${(type | T_ARRAY).toString(16)}`);
  for (let p = pos; p + fs <= end; p += fs) out.push(fixedScalar(b, p, type, fs));
  return out;
}

/**
 * A value token (0x05/0x45) in the stream: u8 type, then for strings a u16 character count and
 * the characters; fixed-size types are read at their natural size.
 */
export function readValueToken(cur: ByteCursor, ctx: ChunkContext): Value {
  const type = cur.u8('value.type');
  if (type === T_STRING) {
    const n = cur.u16('value.char_count');
    const p = cur.pos;
    cur.skip(n * 2, 'value.chars');
    return decodeUtf16(cur.buf, p, n);
  }
  if (type === T_ANSI) {
    const n = cur.u16('value.byte_count');
    const p = cur.pos;
    cur.skip(n, 'value.bytes');
    return decodeAnsi(cur.buf, p, n, ctx.ansiCodepage);
  }
  const fs = fixedSize(type);
  if (fs === 0) bad(ctx, cur.pos - 1, `value token of unsupported type 0x${type.toString(16)}`);
  const p = cur.pos;
  cur.skip(fs, 'value.fixed');
  return fixedScalar(cur.buf, p, type, fs);
}
