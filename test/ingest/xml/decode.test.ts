/**
 * The incremental decoder: `pushEach` (decoding in slices) gives the same text as one `push` of
 * the whole block, whatever the encoding and wherever a slice cuts a character, and never hands
 * out an empty piece.
 */
import { describe, expect, it } from 'vitest';
import { ByteTextDecoder, decodeSliceEnd, decodeText } from '../../../src-main/ingest/xml/decode';

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i + (bigEndian ? 1 : 0)] = c & 0xff;
    out[2 * i + (bigEndian ? 0 : 1)] = c >> 8;
  }
  return out;
}

/** Over 64 KiB with multi-byte characters throughout, so slices cut characters. */
const TEXT = Array.from({ length: 9000 }, (_, i) => `{"n":${i},"s":"é€𝄞 ${'x'.repeat(i % 7)}"}\n`).join('');

describe('ByteTextDecoder.pushEach', () => {
  it.each([
    ['UTF-8', new TextEncoder().encode(TEXT)],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(TEXT)])],
    ['UTF-16LE with BOM', new Uint8Array([0xff, 0xfe, ...utf16(TEXT, false)])],
    ['UTF-16BE without BOM', utf16(TEXT, true)],
  ])('%s: the same text as the whole block at once, in blocks of any size', (_name, bytes) => {
    expect(bytes.length).toBeGreaterThan(2 * 65536);
    const whole = new ByteTextDecoder();
    const expected = whole.push(bytes) + whole.end();
    expect(expected).toBe(decodeText(bytes));
    for (const block of [bytes.length, 262144, 65537, 3]) {
      const d = new ByteTextDecoder();
      const pieces: string[] = [];
      for (let at = 0; at < bytes.length; at += block) d.pushEach(bytes.subarray(at, at + block), (t) => pieces.push(t));
      pieces.push(d.end());
      expect(pieces.slice(0, -1).every((p) => p.length > 0)).toBe(true);
      expect(pieces.join('')).toBe(expected);
    }
  });

  it('hands a large block out in several pieces (none of more than 64 KiB of bytes)', () => {
    const bytes = new TextEncoder().encode('a'.repeat(300_000));
    const d = new ByteTextDecoder();
    const pieces: string[] = [];
    d.pushEach(bytes, (t) => pieces.push(t));
    expect(pieces.map((p) => p.length)).toEqual([65536, 65536, 65536, 65536, 37856]);
  });

  it('ends a piece just after a newline when one comes within 16 KiB past 64 KiB (lines stay whole), else at 64 KiB', () => {
    const line = `{"a":"${'x'.repeat(1830)}"}\n`; // 1,839 bytes
    const bytes = new TextEncoder().encode(line.repeat(600));
    const d = new ByteTextDecoder();
    const pieces: string[] = [];
    d.pushEach(bytes, (t) => pieces.push(t));
    pieces.push(d.end());
    expect(pieces.join('')).toBe(line.repeat(600));
    expect(pieces.length).toBeGreaterThan(10);
    // every piece but the block's rest (and the empty end) is 64 KiB and up to the next line's end
    for (const p of pieces.slice(0, -2)) {
      expect(p.endsWith('\n')).toBe(true);
      expect(p.length).toBeGreaterThanOrEqual(65536);
      expect(p.length).toBeLessThanOrEqual(65536 + 16384);
    }
    // no newline within reach: the 64 KiB cut
    const long = new TextEncoder().encode(`${'y'.repeat(65536 + 16384)}\n`);
    expect(decodeSliceEnd(long, 0)).toBe(65536);
    expect(decodeSliceEnd(long, 65536)).toBe(long.length);
  });
});
