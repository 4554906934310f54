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

/**
 * Bytes of every kind a hostile file may hold: ASCII, newlines, whole 2-, 3- and 4-byte sequences,
 * and invalid ones (cut sequences, lone continuation bytes, overlongs, UTF-16 surrogates in UTF-8,
 * code points past U+10FFFF, 5-byte forms, 0xFF), a BOM and NUL.
 */
const ATOMS = [[0x41], [0x0a], [0x0a], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9d, 0x84, 0x9e], [0xc3], [0xe2, 0x82], [0xf0, 0x9d], [0x80], [0xbf], [0xff], [0xfe],
  [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xef, 0xbb, 0xbf], [0x00]];

describe('ByteTextDecoder on UTF-8 that is not valid', () => {
  it('gives the text one streaming TextDecoder gives for the same pieces, wherever they are cut', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 12) % n; // not the low bits, which repeat with a short period
    };
    for (let t = 0; t < 400; t++) {
      const bytes: number[] = [0x7b]; // '{': no BOM, no UTF-16 zero pattern, so the stream is UTF-8
      const atoms = 20 + rnd(400);
      for (let i = 0; i < atoms; i++) bytes.push(...ATOMS[rnd(ATOMS.length)]!);
      const all = new Uint8Array(bytes);
      // cuts: anywhere, and often just after a newline byte (where the reader's slices end)
      const cuts = [0];
      while (cuts[cuts.length - 1]! < all.length) {
        const from = cuts[cuts.length - 1]!;
        const nl = all.indexOf(0x0a, from + 1);
        cuts.push(rnd(2) === 0 && nl >= 0 ? nl + 1 : Math.min(all.length, from + 1 + rnd(12)));
      }
      const reference = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
      const d = new ByteTextDecoder();
      // the same cuts through pushEach (which carries a block's bytes after its last newline over), and both mixed
      const each = new ByteTextDecoder();
      const mixed = new ByteTextDecoder();
      let expected = '';
      let got = '';
      let gotEach = '';
      let gotMixed = '';
      for (let k = 1; k < cuts.length; k++) {
        const piece = all.subarray(cuts[k - 1], cuts[k]);
        expected += reference.decode(piece, { stream: true });
        got += d.push(piece);
        each.pushEach(piece, (text) => { gotEach += text; });
        if (k % 3 === 0) gotMixed += mixed.push(piece);
        else mixed.pushEach(piece, (text) => { gotMixed += text; });
      }
      expected += reference.decode();
      got += d.end();
      gotEach += each.end();
      gotMixed += mixed.end();
      expect(got).toBe(expected);
      expect(gotEach).toBe(expected);
      expect(gotMixed).toBe(expected);
    }
  });
});

describe('ByteTextDecoder.pushEach in blocks cut anywhere', () => {
  it('decodes UTF-8 lines through the non-streaming decoder: the bytes after a block\'s last newline wait for the next block', () => {
    const bytes = new TextEncoder().encode(TEXT);
    const streamed: number[] = [];
    const real = TextDecoder.prototype.decode;
    const spy = function (this: TextDecoder, input?: AllowSharedBufferSource, options?: TextDecodeOptions): string {
      if (options?.stream) streamed.push(input ? (input as Uint8Array).byteLength : 0);
      return real.call(this, input, options);
    };
    TextDecoder.prototype.decode = spy;
    try {
      const d = new ByteTextDecoder();
      let got = '';
      for (let at = 0; at < bytes.length; at += 100_003) d.pushEach(bytes.subarray(at, at + 100_003), (t) => { got += t; });
      got += d.end();
      expect(got).toBe(TEXT);
    } finally {
      TextDecoder.prototype.decode = real;
    }
    // only the first 4 bytes (the encoding's detection) may go through the streaming decoder
    expect(streamed.reduce((a, b) => a + b, 0)).toBeLessThan(100);
  });
});
