/**
 * Splits a stream of JSON text into top-level records without parsing them: JSON lines, one
 * object, a top-level array of objects, concatenated (pretty-printed) objects, and evtx_dump's
 * `Record N` separator lines. Each record's text is handed to the sink with its position; the
 * caller parses it. Bounds record length and nesting depth; in JSON-lines mode a record must end
 * on its own line, so one bad line costs one record, never the rest of the file.
 *
 * Linear in the input whatever it holds: every character is scanned once; a record that spans
 * pushes keeps its earlier text as pieces joined once at its end; a line that is not JSON (or the
 * rest of a broken or over-long record) is skipped by searching for the next newline, keeping only
 * its first characters for the message, so a 200 MB line of junk costs one pass and a few bytes.
 */
import { wholeJsonLine } from './whole-line';

export interface JsonPosition {
  offset: number;
  line: number;
}

export type JsonMode = 'json' | 'jsonl' | 'auto';

export interface SplitterSink {
  /** `parsed`: the record's value when the splitter already parsed it (a whole JSON line), so the sink need not parse it again. */
  record(text: string, pos: JsonPosition, parsed?: unknown): void;
  issue(code: string, message: string, pos: JsonPosition): void;
}

export interface SplitterLimits {
  maxRecordLength: number;
  maxDepth: number;
}

const RECORD_SEPARATOR = /^Record \d+\s*$/; // evtx_dump -o json
/** Characters of a junk line kept for its message (and to recognise evtx_dump separators). */
const JUNK_HEAD = 80;

/** A line being skipped because it is not JSON: where it began, its first characters, its length. */
interface JunkLine {
  pos: JsonPosition;
  head: string;
  length: number;
}

export class JsonRecordSplitter {
  private buf = '';
  private i = 0;
  private base = 0;
  private line = 1;
  private mode: 'json' | 'jsonl' | 'auto';
  /** Depth of the record level: 0, or 1 inside a top-level array. */
  private level = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  /** Start index (in buf) of the pending record, -1 none; 0 when it began in an earlier push (its text so far is in `parts`). */
  private start = -1;
  /** The pending record's text from earlier pushes: kept as pieces, joined once when it ends (no re-copy per push). */
  private parts: string[] = [];
  private partsLength = 0;
  private startPos: JsonPosition = { offset: 0, line: 1 };
  /** Discarding the rest of an over-long or too-deep record. */
  private discarding = false;
  /** Skipping the rest of a line (junk at the top level, or a broken JSON line). */
  private skipLine = false;
  /** The junk line being skipped, null when the skipped rest of a line was already reported. */
  private junk: JunkLine | null = null;
  private arrayPos: JsonPosition | null = null;
  /** Records handed out since the top-level array opened (a JSON line `[]` holds none: an error). */
  private arrayRecords = 0;
  private scalar = false;
  /** Index in `buf` up to which the whole-line fast path is not tried again (it failed on this line). */
  private noWholeLineUntil = -1;

  constructor(private readonly sink: SplitterSink, private readonly limits: SplitterLimits, mode: JsonMode = 'auto') {
    this.mode = mode;
  }

  get detectedMode(): 'json' | 'jsonl' | 'auto' {
    return this.mode;
  }

  /** Characters held in memory: the last push plus an unfinished record (at most `maxRecordLength`). */
  get buffered(): number {
    return this.buf.length + this.partsLength;
  }

  push(chunk: string): void {
    if (this.start >= 0 && !this.discarding) {
      const piece = this.buf.slice(this.start);
      this.parts.push(piece);
      this.partsLength += piece.length;
      this.start = 0;
    }
    this.base += this.buf.length;
    this.buf = chunk;
    this.i = 0;
    this.noWholeLineUntil = -1;
    this.scan();
  }

  /** Length of the pending record up to (not including) buf index `i`. */
  private recordLength(i: number): number {
    return this.partsLength + i - this.start;
  }

  private dropPending(): void {
    this.start = -1;
    this.parts = [];
    this.partsLength = 0;
  }

  end(): void {
    this.scan();
    const pos = this.pos(this.i);
    if (this.skipLine && this.junk) this.endJunk();
    if (this.start >= 0 || this.discarding) {
      if (this.scalar && this.start >= 0 && this.depth === this.level && !this.inString) {
        this.emit(this.buf.length);
      } else {
        this.sink.issue('json.truncated', `input ends inside a record that started at line ${this.startPos.line}; that record is dropped`, this.startPos);
      }
    } else if (this.level === 1) {
      this.sink.issue('json.truncated', `input ends inside the top-level array opened at line ${this.arrayPos?.line ?? 1} (records before are kept)`, pos);
    }
    this.dropPending();
    this.discarding = false;
  }

  private pos(index: number): JsonPosition {
    return { offset: this.base + index, line: this.line };
  }

  private emit(endExclusive: number): void {
    const tail = this.buf.slice(this.start, endExclusive);
    const text = this.parts.length ? this.parts.join('') + tail : tail;
    this.dropPending();
    this.scalar = false;
    this.arrayRecords++;
    this.sink.record(text, this.startPos);
  }

  private reset(): void {
    this.dropPending();
    this.depth = this.level;
    this.inString = false;
    this.escape = false;
    this.discarding = false;
    this.scalar = false;
  }

  /** Keeps the first characters of the junk line and counts the rest. */
  private takeJunk(from: number, to: number): void {
    const j = this.junk!;
    if (j.head.length < JUNK_HEAD) j.head += this.buf.slice(from, Math.min(to, from + JUNK_HEAD - j.head.length));
    j.length += to - from;
  }

  private endJunk(): void {
    const { head, length, pos } = this.junk!;
    this.junk = null;
    const text = head.trim();
    const max = this.limits.maxRecordLength;
    if (length > max) {
      this.sink.issue('json.line_too_long', `line of ${length} characters is not JSON and longer than the ${max} allowed; skipped to the next newline`, pos);
    } else if (text !== '' && (length > JUNK_HEAD || !RECORD_SEPARATOR.test(text))) {
      this.sink.issue('json.bad_line', `not JSON: ${JSON.stringify(text.slice(0, 60))}`, pos);
    }
  }

  /**
   * Reads the buffer from `this.i` to its end, one state at a time: the rest of a skipped line,
   * inside a string, between records, inside a scalar record, inside an object or array. Each
   * step takes the index of the character it reads and returns the index it stopped at (the loop
   * goes on after it), so a step can jump over a run (a skipped line, a string's plain text).
   */
  private scan(): void {
    const b = this.buf;
    const n = b.length;
    for (let i = this.i; i < n; i++) {
      if (i > this.noWholeLineUntil && this.mode === 'jsonl' && this.level === 0 && this.start < 0 && this.depth === 0 && !this.skipLine && !this.inString && !this.discarding) {
        const end = this.wholeLine(i);
        if (end >= 0) { i = end; continue; }
      }
      if (this.skipLine) {
        i = this.skipRestOfLine(i);
        if (i < 0) break;
        continue;
      }
      if (this.inString) {
        i = this.stringStep(i);
        continue;
      }
      const c = b.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.depth === this.level && this.start < 0 && !this.discarding) i = this.betweenRecordsStep(i, c);
      else if (this.scalar && this.depth === this.level) i = this.scalarStep(i, c);
      else this.recordStep(i, c);
    }
    this.i = n;
  }

  /**
   * JSON lines, between records: the rest of the line (up to its newline, in this push) as one
   * record when it is exactly one JSON object within the limits (whole-line.ts), instead of a walk
   * over every character (most of a log is such lines). Returns the newline's index, or -1 when
   * the line is anything else (the walk reads it, with its issues, as before).
   */
  private wholeLine(i: number): number {
    const nl = this.buf.indexOf('\n', i);
    const r = nl < 0 ? null : wholeJsonLine(this.buf, i, nl, this.limits);
    if (r === null) {
      // not tried again on this line (in this push): a line of junk or white space costs one search, not one per character
      this.noWholeLineUntil = nl < 0 ? this.buf.length : nl;
      return -1;
    }
    this.startPos = this.pos(r.start);
    this.scalar = false;
    this.arrayRecords++;
    this.sink.record(r.text, this.startPos, r.value);
    this.line++;
    return nl;
  }

  /**
   * The rest of a skipped line: one search to its end, however long (never a character-by-character
   * walk and never kept in the buffer). Returns the newline's index, or -1 when the line goes on
   * past this push.
   */
  private skipRestOfLine(i: number): number {
    const b = this.buf;
    const nl = b.indexOf('\n', i);
    const end = nl < 0 ? b.length : nl;
    if (this.junk) this.takeJunk(i, end);
    if (nl < 0) return -1;
    this.skipLine = false;
    if (this.junk) this.endJunk();
    this.endArrayLine(); // the skipped rest of the line was reported (junk, too long, too deep)
    this.line++;
    return nl;
  }

  /** A character inside a string (RFC 8259 section 7): an escape, the closing quote, or a plain run. */
  private stringStep(i: number): number {
    const b = this.buf;
    const c = b.charCodeAt(i);
    if (c === 10) {
      // A raw newline cannot be inside a JSON string, even after a backslash (an escape takes
      // one character and a newline is not one it may take): the record is broken here, and
      // the next line is a line of its own.
      this.brokenRecord('line ends inside a string');
      this.line++;
    } else if (this.escape) this.escape = false;
    else if (c === 92) this.escape = true;
    else if (c === 34) this.inString = false;
    else {
      // The plain run of the string, in one tight loop (most of a log record is string
      // content): up to the next quote, backslash or newline, which the code above handles.
      const n = b.length;
      let j = i + 1;
      while (j < n) {
        const d = b.charCodeAt(j);
        if (d === 34 || d === 92 || d === 10) break;
        j++;
      }
      i = j - 1;
    }
    if (!this.discarding && this.start >= 0 && this.recordLength(i) >= this.limits.maxRecordLength) this.tooLong();
    return i;
  }

  /** Between records: white space, the top-level array's brackets and commas, a record's start, or junk. */
  private betweenRecordsStep(i: number, c: number): number {
    if (c === 10 && this.level === 1 && this.mode === 'jsonl') {
      this.sink.issue('json.bad_line', 'line ends inside the top-level array it opened (records before are kept)', this.arrayPos!);
      this.endArrayLine();
      return i;
    }
    if (c === 32 || c === 9 || c === 13 || c === 10 || c === 0xfeff) return i;
    if (this.level === 1 && c === 44 /* , */) return i;
    if (this.level === 1 && c === 93 /* ] */) {
      if (this.arrayRecords === 0 && this.mode === 'jsonl') this.sink.issue('json.bad_line', 'array without a record', this.arrayPos!);
      this.level = 0;
      this.depth = 0;
      return i;
    }
    if (this.level === 0 && c === 91 /* [ */) {
      this.level = 1;
      this.depth = 1;
      this.arrayPos = this.pos(i);
      this.arrayRecords = 0;
      if (this.mode === 'auto') this.mode = 'json';
      return i;
    }
    if (c === 123 /* { */ || (this.level === 1 && (c === 34 || c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110))) {
      this.start = i;
      this.startPos = this.pos(i);
      if (c === 123) this.depth++;
      else {
        this.scalar = true;
        if (c === 34) this.inString = true;
      }
      return i;
    }
    // junk at the top level (evtx_dump "Record N" lines are expected and silent)
    this.skipLine = true;
    this.junk = { pos: this.pos(i), head: '', length: 0 };
    return i - 1; // the skip reads this line from its first character
  }

  /** Inside a scalar record of a top-level array (a string, number, true, false or null). */
  private scalarStep(i: number, c: number): number {
    if (c === 44 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9) {
      this.emit(i);
      if (c === 10) this.line--;
      return i - 1; // let the level logic see the separator
    }
    if (c === 34) this.inString = true;
    return i;
  }

  /** Inside an object or array: nesting (bounded by `maxDepth`), the record's end, a newline's meaning. */
  private recordStep(i: number, c: number): void {
    const { maxRecordLength, maxDepth } = this.limits;
    if (c === 34) this.inString = true;
    else if (c === 123 || c === 91) {
      this.depth++;
      if (!this.discarding && this.depth - this.level > maxDepth) {
        this.sink.issue('json.depth_exceeded', `record nested deeper than ${maxDepth}; dropped`, this.startPos);
        this.dropPending();
        this.discarding = true;
        if (this.mode === 'jsonl') {
          this.reset();
          this.skipLine = true;
        }
      }
    } else if (c === 125 || c === 93) {
      this.depth--;
      if (this.depth === this.level) {
        if (this.discarding) this.reset();
        else if (this.start >= 0) {
          if (this.mode === 'auto') this.mode = this.startPos.line === this.line ? 'jsonl' : 'json';
          this.emit(i + 1);
        }
      } else if (this.depth < this.level) {
        this.reset();
      }
    } else if (c === 10 && this.mode === 'jsonl') {
      this.brokenRecord('line ends before the record does');
    } else if (c === 10 && this.mode === 'auto' && this.start >= 0) {
      this.mode = 'json'; // the first record spans lines: pretty-printed JSON
    }
    if (!this.discarding && this.start >= 0 && this.recordLength(i) >= maxRecordLength) this.tooLong();
  }

  /** A record that cannot continue past this point: reported, dropped, scanning goes on after it. */
  private brokenRecord(why: string): void {
    if (!this.discarding) this.sink.issue('json.bad_line', `${why} (record from line ${this.startPos.line} dropped)`, this.startPos);
    this.reset();
    this.endArrayLine();
  }

  /**
   * JSON lines: a line is a whole value, so a top-level array cannot go on past its newline (the
   * next line would otherwise be read inside it, and a `]` or `,` line vanish without an issue).
   */
  private endArrayLine(): void {
    if (this.mode !== 'jsonl' || this.level === 0) return;
    this.level = 0;
    this.depth = 0;
  }

  private tooLong(): void {
    this.sink.issue('json.record_too_long', `record longer than ${this.limits.maxRecordLength} characters (an over-long line); dropped`, this.startPos);
    this.dropPending();
    this.discarding = true;
    if (this.mode !== 'json') {
      // JSON lines: skip to the end of this line and go on with the next one.
      this.reset();
      this.skipLine = true;
    }
  }
}

