/**
 * A tag that a push cut in two: its text so far in pieces, the quote it is inside, where it began.
 * The tokenizer scans each character of a tag once, however many pushes it spans, and joins the
 * pieces once at its `>` (a 3 MB attribute value in 64 KiB pushes is not searched again per push).
 */
import type { Position } from './tokenizer';

export class PendingTag {
  private readonly parts: string[] = [];
  /** Characters so far. */
  length = 0;
  /** The quote character (`"` or `'`) the tag text is inside at its end, 0 when none. */
  quote = 0;

  constructor(readonly start: Position) {}

  add(piece: string, quote: number): void {
    this.parts.push(piece);
    this.length += piece.length;
    this.quote = quote;
  }

  /** The text of the earlier pushes (joined only when an error rewinds to the tag's start). */
  head(): string {
    return this.parts.join('');
  }

  /** The whole tag, given its last piece. */
  text(last: string): string {
    return this.parts.join('') + last;
  }
}

/**
 * Where a tag ends: the index in `b` of its `>` (or of a stray `<`, which the caller reports),
 * scanning from `from` inside quote `quote`; `end` -1 when not in `b`, with the quote at its end.
 */
export function scanTagEnd(b: string, from: number, quote: number): { end: number; quote: number } {
  let q = quote;
  for (let i = from; i < b.length; i++) {
    const c = b.charCodeAt(i);
    if (q) {
      if (c === q) q = 0;
    } else if (c === 34 || c === 39) q = c;
    else if (c === 62 || c === 60) return { end: i, quote: 0 };
  }
  return { end: -1, quote: q };
}
