/**
 * Byte → text decoding for text evidence (XML, JSON): detects UTF-8 / UTF-16LE / UTF-16BE by BOM,
 * or, without a BOM, by the zero-byte pattern of UTF-16 text that starts with ASCII (`<\0`, `\0<`).
 * Pure: no fs. `TextDecoder` exists in Node and in the renderer.
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** Bytes of BOM to skip (0 when there is none). */
  bomLength: number;
}

/** Detects the encoding from the first bytes (4 are enough; fewer give a best guess). */
function detectEncoding(head: Uint8Array): DetectedEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // No BOM: UTF-16 text starting with ASCII has a zero in every other byte.
  const pairs = Math.min(4, head.length >> 1);
  if (pairs >= 1) {
    let le = 0;
    let be = 0;
    for (let i = 0; i < pairs; i++) {
      const a = head[2 * i]!;
      const b = head[2 * i + 1]!;
      if (a !== 0 && b === 0) le++;
      else if (a === 0 && b !== 0) be++;
    }
    if (le === pairs) return { encoding: 'utf-16le', bomLength: 0 };
    if (be === pairs) return { encoding: 'utf-16be', bomLength: 0 };
  }
  return { encoding: 'utf-8', bomLength: 0 };
}

/** Decodes a whole buffer (BOM removed; invalid sequences become U+FFFD, never a throw). */
export function decodeText(bytes: Uint8Array): string {
  const { encoding, bomLength } = detectEncoding(bytes);
  return new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(bytes.subarray(bomLength));
}

/**
 * Bytes decoded per call by `pushEach`. Decoding larger blocks at once is much slower: the 15 MB
 * JSON-lines member of the shared corpus took 87–118 ms to decode in the zip inflater's 256 KiB
 * chunks and 11 ms in 64 KiB slices (same process, best of 8; 128 KiB chunks were slow too).
 */
const DECODE_SLICE = 64 * 1024;
/**
 * How far past `DECODE_SLICE` bytes a slice may go to end just after a newline byte, so that a
 * slice's text ends with a whole line: the JSON-lines reader reads a line that is whole in one
 * piece of text with one `JSON.parse` (json/whole-line.ts) and walks a line cut between two
 * pieces character by character.
 */
const LINE_REACH = 16 * 1024;
/** How far into a block `pushEach` looks for the newline that ends the bytes carried from the block before. */
const CARRY_REACH = DECODE_SLICE + LINE_REACH;

/**
 * Where the slice of `bytes` that starts at `at` ends: `DECODE_SLICE` bytes on, or just after the
 * first newline byte (0x0A) in the `LINE_REACH` bytes after that, when there is one. Only a
 * choice of cut: the decoder keeps what a cut splits (a UTF-16 unit, a UTF-8 sequence), so the
 * text is the same wherever the cuts fall (in UTF-8 a 0x0A byte is always a whole newline).
 */
export function decodeSliceEnd(bytes: Uint8Array, at: number): number {
  const end = at + DECODE_SLICE;
  if (end >= bytes.length) return bytes.length;
  const nl = bytes.subarray(end, Math.min(bytes.length, end + LINE_REACH)).indexOf(10);
  return nl < 0 ? end : end + nl + 1;
}

/**
 * Incremental decoder: feed byte chunks in order, get text out. The encoding is decided from the
 * first 4 bytes (buffered until they arrive); multi-byte sequences split across chunks are kept.
 */
export class ByteTextDecoder {
  private decoder: TextDecoder | null = null;
  /**
   * UTF-8 only: a second decoder that is never given `stream` (see `piece`). Node's TextDecoder
   * decodes UTF-8 through its fast path (simdutf, V8's own UTF-8 decoder) only until its first
   * `stream: true` call, and through ICU's converter after it: ASCII JSON lines 64 KiB at a time,
   * ~8–11 ms per 13 MB streamed against ~2 ms whole (Node 20.20, process CPU, 4 runs).
   */
  private whole: TextDecoder | null = null;
  /** The streaming decoder holds no partial sequence (nothing decoded yet, or it last took a piece ending with a newline byte). */
  private clean = true;
  private pending: Uint8Array = new Uint8Array(0);
  /** UTF-8 only: bytes after a block's last newline, not decoded yet (`pushEach`; at most a slice's worth). */
  private carry: Uint8Array | null = null;
  private detected: DetectedEncoding | null = null;

  get encoding(): TextEncodingName | null {
    return this.detected?.encoding ?? null;
  }

  push(chunk: Uint8Array): string {
    if (this.carry !== null) {
      const carry = this.carry;
      this.carry = null;
      return this.piece(carry) + this.piece(chunk);
    }
    if (this.decoder) return this.piece(chunk);
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending, 0);
    joined.set(chunk, this.pending.length);
    if (joined.length < 4) {
      this.pending = joined;
      return '';
    }
    return this.start(joined, true);
  }

  /**
   * `push` in slices (`decodeSliceEnd`), each slice's text (when not empty) handed to `take`, in
   * order. In UTF-8, the bytes after the block's last newline (at most a slice's worth) wait for
   * the next block, so that every slice ends with a newline and decodes through the fast path
   * (`piece`): a block's last slice ends where the block does, wherever that is. Before, the zip
   * inflater's 256 KiB blocks sent half the corpus's 15 MB JSON-lines member through the streaming
   * decoder (its last slice, and the next block's first).
   */
  pushEach(chunk: Uint8Array, take: (text: string) => void): void {
    let at = 0;
    if (this.carry !== null) {
      const carry = this.carry;
      this.carry = null;
      const nl = chunk.subarray(0, CARRY_REACH).indexOf(0x0a);
      const joined = new Uint8Array(carry.length + (nl < 0 ? 0 : nl + 1));
      joined.set(carry, 0);
      if (nl >= 0) { joined.set(chunk.subarray(0, nl + 1), carry.length); at = nl + 1; }
      const text = this.piece(joined);
      if (text !== '') take(text);
    }
    while (at < chunk.length) {
      const end = decodeSliceEnd(chunk, at);
      let slice = chunk.subarray(at, end);
      let rest: Uint8Array | null = null;
      if (end === chunk.length && this.whole !== null && slice[slice.length - 1] !== 0x0a) {
        const nl = slice.lastIndexOf(0x0a);
        if (nl >= 0) { rest = slice.slice(nl + 1); slice = slice.subarray(0, nl + 1); }
      }
      const text = this.push(slice);
      if (text !== '') take(text);
      this.carry = rest;
      at = end;
    }
  }

  end(): string {
    if (!this.decoder) {
      const rest = this.pending;
      this.pending = new Uint8Array(0);
      return rest.length ? this.start(rest, false) : '';
    }
    // The carry starts just after a newline, where the streaming decoder holds nothing.
    const carried = this.carry === null ? '' : this.whole!.decode(this.carry);
    this.carry = null;
    return carried + this.decoder.decode();
  }

  private start(bytes: Uint8Array, stream: boolean): string {
    this.detected = detectEncoding(bytes);
    this.decoder = new TextDecoder(this.detected.encoding, { fatal: false, ignoreBOM: true });
    if (this.detected.encoding === 'utf-8') this.whole = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
    this.pending = new Uint8Array(0);
    const rest = bytes.subarray(this.detected.bomLength);
    return stream ? this.piece(rest) : this.decoder.decode(rest, { stream });
  }

  /**
   * One piece of the stream. In UTF-8 a newline byte (0x0A) is always a whole character that ends
   * any sequence before it (a cut one becomes U+FFFD there), so after it a decoder holds nothing:
   * a piece that starts clean and ends with one decodes alone (`whole`) to the text the stream
   * would give (test/ingest/xml/decode.test.ts compares both on random bytes). Any other piece, and
   * all of UTF-16, goes through the streaming decoder, which keeps a sequence the cut splits.
   */
  private piece(chunk: Uint8Array): string {
    const n = chunk.length;
    const endsLine = n > 0 && chunk[n - 1] === 0x0a;
    if (this.whole !== null && this.clean && endsLine) return this.whole.decode(chunk);
    const text = this.decoder!.decode(chunk, { stream: true });
    this.clean = this.whole !== null && endsLine;
    return text;
  }
}
