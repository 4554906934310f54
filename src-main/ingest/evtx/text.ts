/**
 * UTF-16LE and ANSI text decoding without per-byte allocations. Short strings are built with
 * String.fromCharCode (cheaper than a TextDecoder call); long ones, and any string holding a
 * surrogate, go through TextDecoder('utf-16le') so lone surrogates become U+FFFD consistently.
 */
const utf16 = new TextDecoder('utf-16le');
const ansiDecoders = new Map<string, TextDecoder>();

/** Decodes `count` UTF-16LE code units at `pos` (caller has bounds-checked `pos + 2*count`). */
export function decodeUtf16(buf: Uint8Array, pos: number, count: number): string {
  if (count <= 0) return '';
  if (count <= 24) {
    let s = '';
    for (let i = 0, p = pos; i < count; i++, p += 2) {
      const c = buf[p]! | (buf[p + 1]! << 8);
      if (c >= 0xd800 && c <= 0xdfff) return utf16.decode(buf.subarray(pos, pos + count * 2));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf16.decode(buf.subarray(pos, pos + count * 2));
}

/** Decodes a UTF-16LE byte range, dropping trailing NUL characters. */
export function decodeUtf16Bytes(buf: Uint8Array, start: number, byteLen: number): string {
  let n = byteLen >> 1;
  while (n > 0 && buf[start + 2 * n - 2] === 0 && buf[start + 2 * n - 1] === 0) n--;
  return decodeUtf16(buf, start, n);
}

/** Decodes an ANSI byte range with a codepage (default windows-1252), dropping trailing NULs. */
export function decodeAnsi(buf: Uint8Array, start: number, len: number, codepage = 'windows-1252'): string {
  let n = len;
  while (n > 0 && buf[start + n - 1] === 0) n--;
  let d = ansiDecoders.get(codepage);
  if (!d) {
    d = new TextDecoder(codepage);
    ansiDecoders.set(codepage, d);
  }
  return d.decode(buf.subarray(start, start + n));
}
