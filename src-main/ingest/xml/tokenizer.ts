/**
 * A small incremental XML tokenizer for Event XML. Feed string chunks; it emits open/close/text
 * tokens through a sink. It refuses any `<!DOCTYPE`, `<!ENTITY` or other `<!` declaration
 * (billion laughs, XXE), bounds token length and attribute count, and reports positions
 * (character offset in the decoded text, 1-based line and column).
 *
 * Comments, processing instructions and the XML declaration are skipped. CDATA becomes text.
 * Element depth and document structure are checked by the consumer (reader.ts), which also
 * decides whether to resynchronise after an error.
 */
import { PendingTag, scanTagEnd } from './pending-tag';
import { decodeEntities } from './entities';

export interface Position {
  offset: number;
  line: number;
  column: number;
}

export type XmlToken =
  | { type: 'open'; name: string; attrs: Array<[string, string]>; selfClosing: boolean; pos: Position; end: number }
  | { type: 'close'; name: string; pos: Position; end: number }
  | { type: 'text'; text: string; pos: Position };

export interface TokenizerLimits {
  /** Longest token (tag, text run, comment, CDATA) in characters. */
  maxTokenLength: number;
  maxAttributes: number;
}

export interface TokenizerSink {
  token(t: XmlToken): void;
  /** A problem inside a token that does not stop parsing (bad entity). */
  warning(code: string, message: string, pos: Position): void;
  /** A fatal problem at `pos`; the tokenizer stops unless `resync()` is called from here. */
  error(code: string, message: string, pos: Position): void;
}

const NAME_RE = /^[A-Za-z_:][-A-Za-z0-9._:]*$/;
const ATTR_RE = /\s*([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

export class XmlTokenizer {
  private buf = '';
  private pos = 0;
  /** Absolute offset of buf[0]. */
  private base = 0;
  private line = 1;
  /** Absolute offset of the first character of the current line. */
  private lineStart = 0;
  private stoppedFlag = false;
  /** Set by `resync()`: the scan that reported the error goes on with the skip in the same push. */
  private resumed = false;
  private resyncPattern: RegExp | null = null;
  private skipping = false;
  /** Characters of the current text run already handed out as pieces (a run is cut at push boundaries). */
  private textRun = 0;
  /** Where that run began (errors about the run point there). */
  private textRunStart: Position | null = null;
  /** A tag cut by a push, continued by the next one. */
  private tag: PendingTag | null = null;
  /** The start of the tag being handed out (errors about it point there). */
  private tagAt: Position | null = null;
  /**
   * A cut tag being handed out or refused: a resync from here rewinds to its `<`, so the skip
   * reads the tag's text (a quoted `<Event` in it, say) exactly as a whole read does.
   */
  private cutTag: PendingTag | null = null;

  constructor(private readonly sink: TokenizerSink, private readonly limits: TokenizerLimits) {}

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /** Current position (start of the next unconsumed character). */
  position(): Position {
    const offset = this.base + this.pos;
    return { offset, line: this.line, column: offset - this.lineStart + 1 };
  }

  stop(): void {
    this.stoppedFlag = true;
  }

  /**
   * After an error: skip input (from the next character on) until `pattern` matches, then go on.
   * The pattern must match the start of a token, e.g. `/<Event[\s>/]/`.
   */
  resync(pattern: RegExp): void {
    this.resyncPattern = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
    this.skipping = true;
    this.stoppedFlag = false;
    this.resumed = true;
    this.textRun = 0;
    this.textRunStart = null;
    this.tag = null;
    if (this.cutTag) this.rewind(this.cutTag);
    this.advanceTo(Math.min(this.pos + 1, this.buf.length));
  }

  /** Puts the earlier pieces of cut tag `t` back in front of the buffer and goes back to its `<`. */
  private rewind(t: PendingTag): void {
    this.cutTag = null;
    this.buf = t.head() + this.buf.slice(this.pos);
    this.base = t.start.offset;
    this.pos = 0;
    this.line = t.start.line;
    this.lineStart = t.start.offset - t.start.column + 1;
    this.nextNl = -2;
  }

  push(chunk: string): void {
    if (this.stoppedFlag) return;
    this.buf = this.pos > 0 ? this.buf.slice(this.pos) + chunk : this.buf + chunk;
    this.base += this.pos;
    this.pos = 0;
    this.nextNl = -2;
    this.run(false);
  }

  /** End of input. Returns the number of unconsumed characters (a partial token when > 0). */
  end(): number {
    if (!this.stoppedFlag) this.run(true);
    if (this.skipping) return 0;
    return this.stoppedFlag ? 0 : this.buf.length - this.pos + (this.tag?.length ?? 0);
  }

  /** Index in `buf` of the next newline at or after `pos` (-1: none in buf; -2: not yet looked up). */
  private nextNl = -2;

  private advanceTo(to: number): void {
    const b = this.buf;
    // The cached next newline keeps this linear even for exports with no newline at all.
    if (this.nextNl === -2 || (this.nextNl >= 0 && this.nextNl < this.pos)) this.nextNl = b.indexOf('\n', this.pos);
    while (this.nextNl >= 0 && this.nextNl < to) {
      this.line++;
      this.lineStart = this.base + this.nextNl + 1;
      this.nextNl = b.indexOf('\n', this.nextNl + 1);
    }
    this.pos = to;
  }

  private fail(code: string, message: string, at: Position = this.tagAt ?? this.position()): void {
    this.stoppedFlag = true;
    this.sink.error(code, message, at);
  }

  private tooLong(what: string, at?: Position): void {
    this.fail('xml.token_too_long', `${what} longer than ${this.limits.maxTokenLength} characters (an over-long line or token); parsing stopped here`, at);
  }

  /** Waits for more input (or, at the end, leaves the partial token for `end()`), unless it is already over the limit. */
  private wait(what: string): void {
    if (this.buf.length - this.pos > this.limits.maxTokenLength) this.tooLong(what);
  }

  /**
   * Scans what is buffered. An error ends a scan; when the sink asked for a resync from its error
   * handler, the skip starts at once on the same buffer, so nothing waits for a later push (an
   * `end()` or an empty push would otherwise leave the rest of a whole-document push unread).
   */
  private run(final: boolean): void {
    do {
      this.resumed = false;
      this.scan(final);
    } while (this.resumed && !this.stoppedFlag);
  }

  private scan(final: boolean): void {
    const max = this.limits.maxTokenLength;
    while (!this.stoppedFlag && this.pos < this.buf.length) {
      const b = this.buf;
      if (this.skipping) {
        const re = this.resyncPattern!;
        re.lastIndex = this.pos;
        const m = re.exec(b);
        if (!m) {
          // keep a tail that could be the start of a match
          const keep = Math.max(this.pos, b.length - 16);
          this.advanceTo(keep);
          return;
        }
        this.advanceTo(m.index);
        this.skipping = false;
        continue;
      }
      const p = this.pos;
      if (this.tag) {
        // The rest of a tag the last push cut.
        const t = this.tag;
        const { end, quote } = scanTagEnd(b, p, t.quote);
        const upTo = end < 0 ? b.length : end + 1;
        if (t.length + upTo - p > max) {
          this.tag = null;
          this.cutTag = t;
          this.tooLong('tag', t.start);
          this.cutTag = null;
          return;
        }
        if (end < 0) {
          if (final) return; // a partial tag at the end: end() reports it
          t.add(b.slice(p), quote);
          this.advanceTo(b.length);
          return;
        }
        this.tag = null;
        this.cutTag = t;
        const ok = this.finishTag(t.text(b.slice(p, upTo)), t.start, upTo);
        this.cutTag = null;
        if (!ok) return;
        continue;
      }
      if (b.charCodeAt(p) !== 60 /* < */) {
        const lt = b.indexOf('<', p);
        const endText = lt < 0 ? b.length : lt;
        if (this.textRun + endText - p > max) return this.tooLong('text', this.textRunStart ?? undefined);
        if (lt < 0 && !final) {
          // The run goes on in the next push: hand out what is here now (up to an entity reference
          // the push may have cut), so a long run is never kept, re-joined and searched again.
          const amp = b.lastIndexOf('&');
          const cut = amp >= p && b.indexOf(';', amp) < 0 ? amp : b.length;
          if (cut > p) {
            if (this.textRun === 0) this.textRunStart = this.position();
            this.textRun += cut - p;
            this.emitText(b.slice(p, cut), false);
            if (this.stoppedFlag) return;
            this.advanceTo(cut);
          }
          return;
        }
        this.textRun = 0;
        this.textRunStart = null;
        this.emitText(b.slice(p, endText), false);
        if (this.stoppedFlag) return;
        this.advanceTo(endText);
        continue;
      }
      // Markup. Need enough characters to decide what it is.
      const rem = b.length - p;
      if (rem < 2) return; // a lone `<`: more input, or a partial token at the end
      if (b.charCodeAt(p + 1) === 33 /* ! */ && rem < 9) {
        const s = b.slice(p);
        if ('<!--'.startsWith(s) || '<![CDATA['.startsWith(s)) return;
      }
      if (b.startsWith('<!--', p)) {
        const e = b.indexOf('-->', p + 4);
        if (e < 0) return this.wait('comment');
        if (e + 3 - p > max) return this.tooLong('comment');
        this.advanceTo(e + 3);
        continue;
      }
      if (b.startsWith('<![CDATA[', p)) {
        const e = b.indexOf(']]>', p + 9);
        if (e < 0) return this.wait('CDATA section');
        if (e + 3 - p > max) return this.tooLong('CDATA section');
        this.emitText(b.slice(p + 9, e), true);
        this.advanceTo(e + 3);
        continue;
      }
      if (b.startsWith('<!', p)) {
        const what = /^<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)?/i.exec(b.slice(p, p + 12))![1] ?? 'declaration';
        return this.fail('xml.dtd_refused', `<!${what.toUpperCase()} found: DTDs and entity declarations are refused (entity expansion / external entity risk)`);
      }
      if (b.startsWith('<?', p)) {
        const e = b.indexOf('?>', p + 2);
        if (e < 0) return this.wait('processing instruction');
        if (e + 2 - p > max) return this.tooLong('processing instruction');
        this.advanceTo(e + 2);
        continue;
      }
      // A start or end tag: up to its `>` (honouring quoted values), or a stray `<` that emitOpen reports.
      const { end: gt, quote } = scanTagEnd(b, p + 1, 0);
      if (gt < 0) {
        if (b.length - p > max) return this.tooLong('tag');
        if (final) return;
        // Cut by the push: keep it as a piece and go on from here with the next push.
        this.tag = new PendingTag(this.position());
        this.tag.add(b.slice(p), quote);
        this.advanceTo(b.length);
        return;
      }
      if (gt + 1 - p > max) return this.tooLong('tag');
      if (!this.finishTag(b.slice(p, gt + 1), this.position(), gt + 1)) return;
    }
  }

  /**
   * Hands out a whole tag (`src` from its `<` to its last character) that began at `tagPos`; the
   * input is consumed up to buf index `after`. False when the tokenizer stopped.
   */
  private finishTag(src: string, tagPos: Position, after: number): boolean {
    this.tagAt = tagPos;
    try {
      if (src.charCodeAt(1) === 47 /* / */) {
        const name = src.slice(2, -1).trim();
        if (!NAME_RE.test(name)) {
          this.fail('xml.malformed', `bad end tag </${name.slice(0, 40)}>`);
          return false;
        }
        this.sink.token({ type: 'close', name, pos: tagPos, end: tagPos.offset + src.length });
        // as for a start tag: after a resync the skip starts inside this tag, not past the next character
        if (!this.skipping && !this.stoppedFlag) this.advanceTo(after);
        return true;
      }
      if (!this.emitOpen(src.slice(1, -1), tagPos)) return false;
      // the sink may have stopped or asked for a resync
      if (!this.skipping && !this.stoppedFlag) this.advanceTo(after);
      return true;
    } finally {
      this.tagAt = null;
    }
  }

  private emitText(raw: string, cdata: boolean): void {
    const pos = this.position();
    if (cdata) {
      this.sink.token({ type: 'text', text: raw, pos });
      return;
    }
    const { text, problems } = decodeEntities(raw);
    for (const pr of problems) this.sink.warning('xml.entity', pr, pos);
    this.sink.token({ type: 'text', text, pos });
  }

  private emitOpen(inner: string, pos: Position): boolean {
    if (inner.includes('<')) {
      this.fail('xml.malformed', 'unexpected "<" inside a tag');
      return false;
    }
    let body = inner;
    let selfClosing = false;
    if (body.endsWith('/')) {
      selfClosing = true;
      body = body.slice(0, -1);
    }
    const nameMatch = /^[^\s/>]+/.exec(body);
    const name = nameMatch ? nameMatch[0] : '';
    if (!NAME_RE.test(name)) {
      this.fail('xml.malformed', `bad element name <${name.slice(0, 40)}>`);
      return false;
    }
    const attrs: Array<[string, string]> = [];
    let i = name.length;
    ATTR_RE.lastIndex = i;
    for (;;) {
      ATTR_RE.lastIndex = i;
      const m = ATTR_RE.exec(body);
      if (!m) break;
      if (attrs.length >= this.limits.maxAttributes) {
        this.fail('xml.too_many_attributes', `element <${name}> has more than ${this.limits.maxAttributes} attributes`);
        return false;
      }
      const raw = m[2] ?? m[3] ?? '';
      const { text, problems } = decodeEntities(raw);
      for (const pr of problems) this.sink.warning('xml.entity', pr, pos);
      attrs.push([m[1]!, text]);
      i = ATTR_RE.lastIndex;
    }
    if (body.slice(i).trim() !== '') {
      this.fail('xml.malformed', `bad attribute syntax in <${name}>: ${JSON.stringify(body.slice(i, i + 40))}`);
      return false;
    }
    this.sink.token({ type: 'open', name, attrs, selfClosing, pos, end: pos.offset + inner.length + 2 });
    return true;
  }
}
