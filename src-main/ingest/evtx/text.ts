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

// windows-1252 0x80–0x9F (WHATWG index); Node's TextDecoder treats the label as latin1.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Decodes an ANSI byte range with a codepage (default windows-1252), dropping trailing NULs. */
export function decodeAnsi(buf: Uint8Array, start: number, len: number, codepage = 'windows-1252'): string {
  let n = len;
  while (n > 0 && buf[start + n - 1] === 0) n--;
  if (codepage === 'windows-1252') {
    let s = '';
    for (let i = start; i < start + n; i++) {
      const c = buf[i]!;
      s += String.fromCharCode(c >= 0x80 && c < 0xa0 ? CP1252_HIGH[c - 0x80]! : c);
    }
    return s;
  }
  let d = ansiDecoders.get(codepage);
  if (!d) {
    d = new TextDecoder(codepage);
    ansiDecoders.set(codepage, d);
  }
  return d.decode(buf.subarray(start, start + n));
}
