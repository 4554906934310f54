/**
 * Streaming Event XML reader: feed text (or bytes) in chunks, get RawEvents out.
 *
 * Accepts an `<Events>` root (Event Viewer / `wevtutil qe /f:xml /e:Events`), bare `<Event>`
 * siblings (`wevtutil qe /f:xml`, one-event-per-line logs), any namespace prefix. Refuses
 * DTDs (`xml.dtd_refused`, the whole file stops). Bounds depth, attributes, token length and
 * event size. After an error inside an event (malformed, too long, too deep), the events before
 * are kept and reading resumes at the next `<Event` start tag; a truncated document is reported
 * with the position of the unfinished element.
 */
import { setOwn } from '../../model/fields';
import type { RawEvent } from '../../model/raw-event';
import type { IngestIssue, IssueContext } from '../../shared/ingest-issues';
import { IssueSamples, type UnstoredIssues } from '../issue-samples';
import { ByteTextDecoder } from './decode';
import type { BuildResult, XmlNode } from './event-builder';
import { buildRawEvent, localName } from './event-builder';
import type { Position, XmlToken } from './tokenizer';
import { XmlTokenizer } from './tokenizer';

export interface XmlReaderOptions {
  /** Evidence path for issue contexts. */
  path?: string;
  /** Deepest element nesting (the Event schema needs about 6). Default 64. */
  maxDepth?: number;
  /** Most attributes on one element. Default 64. */
  maxAttributes?: number;
  /** Longest token (tag, text run, CDATA, comment) in characters. Default 4 MiB. */
  maxTokenLength?: number;
  /** Largest event, in characters of text and elements. Default 16 MiB. */
  maxEventChars?: number;
  /** Most elements in one event. Default 100 000. */
  maxEventElements?: number;
  /** File-level issues kept as samples (every one is counted; reading goes on after them). Default 100. */
  maxIssues?: number;
}

export interface ReadEvent {
  event: RawEvent;
  /** Problems of this event only (bad number, bad time, undeclared entity). */
  issues: IngestIssue[];
  /** Where the `<Event>` start tag is. */
  line: number;
  offset: number;
  /** Just past the event's end tag (its start tag, for `<Event/>`): the event's text is [offset, end). */
  end: number;
}

/** Codes that lose no data (marked `severity: 'warning'`). */
const XML_WARNINGS: ReadonlySet<string> = new Set(['xml.entity', 'xml.event_field', 'xml.text_outside_event']);

const RESYNC = /<(?:[A-Za-z_][-\w.]*:)?Event[\s>/]/;

interface OpenElement {
  name: string;
  pos: Position;
  node: XmlNode | null;
}

export class EventXmlReader {
  private readonly log: IssueSamples;
  private readonly tokenizer: XmlTokenizer;
  private readonly opts: Required<Omit<XmlReaderOptions, 'path'>>;
  private readonly path: string | undefined;
  private stack: OpenElement[] = [];
  private out: ReadEvent[] = [];
  private eventIssues: IngestIssue[] = [];
  private eventStart: Position | null = null;
  private eventChars = 0;
  private eventElements = 0;
  private fatal = false;
  private finished = false;
  private bytes: ByteTextDecoder | null = null;
  private eventsRead = 0;
  private textOutsideReported = false;

  constructor(options: XmlReaderOptions = {}) {
    this.path = options.path;
    this.opts = {
      maxDepth: options.maxDepth ?? 64,
      maxAttributes: options.maxAttributes ?? 64,
      maxTokenLength: options.maxTokenLength ?? 4 * 1024 * 1024,
      maxEventChars: options.maxEventChars ?? 16 * 1024 * 1024,
      maxEventElements: options.maxEventElements ?? 100_000,
      maxIssues: options.maxIssues ?? 100,
    };
    this.log = new IssueSamples(this.opts.maxIssues);
    this.tokenizer = new XmlTokenizer(
      {
        token: (t) => this.onToken(t),
        warning: (code, message, pos) => this.eventIssues.push(this.issue(code, message, pos)),
        error: (code, message, pos) => this.onError(code, message, pos),
      },
      { maxTokenLength: this.opts.maxTokenLength, maxAttributes: this.opts.maxAttributes },
    );
  }

  /** The first file-level issues (refused DTD, malformed, truncated, over-long token…); `unstoredIssues` counts the rest. */
  get issues(): IngestIssue[] {
    return this.log.samples;
  }

  /** Issues past the sample cap: counted, not kept. */
  get unstoredIssues(): UnstoredIssues {
    return this.log.unstored;
  }

  /** True once reading stopped for good (a refused DTD: nothing after it is trusted). */
  get stopped(): boolean {
    return this.fatal;
  }

  /** Events completed so far. */
  get count(): number {
    return this.eventsRead;
  }

  /** Feeds decoded text; returns the events completed by it. */
  push(chunk: string): ReadEvent[] {
    this.feed(chunk);
    return this.take();
  }

  private feed(chunk: string): void {
    if (!this.fatal && !this.finished) this.tokenizer.push(chunk);
  }

  /** Feeds raw bytes (UTF-8 / UTF-16LE / UTF-16BE, BOM or not); returns the events completed by them. */
  pushBytes(chunk: Uint8Array): ReadEvent[] {
    this.bytes ??= new ByteTextDecoder();
    this.bytes.pushEach(chunk, (text) => this.feed(text));
    return this.take();
  }

  /** End of input: flushes and reports a truncated document. */
  end(): ReadEvent[] {
    if (this.finished) return this.take();
    if (this.bytes) this.feed(this.bytes.end()); // its events are returned below with the rest
    this.finished = true;
    if (this.fatal) return this.take();
    const leftover = this.tokenizer.end();
    const endPos = this.tokenizer.position();
    if (this.stack.length > 0) {
      const open = this.stack[this.stack.length - 1]!;
      const inEvent = this.eventStart !== null;
      this.addIssue(this.issue('xml.truncated',
        `document ends inside <${open.name}> opened at line ${open.pos.line}, column ${open.pos.column}` +
        `${inEvent ? ' (that event is dropped)' : ''}; input stopped at offset ${endPos.offset}, line ${endPos.line}`, open.pos));
    } else if (leftover > 0) {
      this.addIssue(this.issue('xml.truncated', `document ends inside a tag at line ${endPos.line}, column ${endPos.column}`, endPos));
    }
    return this.take();
  }

  private take(): ReadEvent[] {
    const o = this.out;
    this.out = [];
    return o;
  }

  private issue(code: string, message: string, pos: Position): IngestIssue {
    const context: IssueContext = { offset: pos.offset, line: pos.line };
    if (this.path !== undefined) context.path = this.path;
    const i: IngestIssue = { code, message: `${message} (line ${pos.line}, column ${pos.column})`, context };
    if (XML_WARNINGS.has(code)) i.severity = 'warning';
    return i;
  }

  private addIssue(i: IngestIssue): void {
    this.log.add(i);
  }

  private onError(code: string, message: string, pos: Position): void {
    this.addIssue(this.issue(code, message, pos));
    if (code === 'xml.dtd_refused') {
      this.fatal = true; // a hostile document: nothing after this is trusted
      return;
    }
    if (this.fatal) return;
    this.recover();
  }

  /** Drops the event being built, keeps any root, and resumes at the next `<Event`. */
  private recover(): void {
    const rootDepth = this.stack.findIndex((e) => e.node !== null);
    if (rootDepth >= 0) this.stack.length = rootDepth;
    else if (this.stack.length > 1) this.stack.length = 1;
    this.eventStart = null;
    this.eventIssues = [];
    this.tokenizer.resync(RESYNC);
  }

  private onToken(t: XmlToken): void {
    if (t.type === 'text') return this.onText(t.text, t.pos);
    if (t.type === 'open') return this.onOpen(t.name, t.attrs, t.selfClosing, t.pos, t.end);
    return this.onClose(t.name, t.pos, t.end);
  }

  private onText(text: string, pos: Position): void {
    const top = this.stack[this.stack.length - 1];
    if (top?.node) {
      this.eventChars += text.length;
      if (this.eventChars > this.opts.maxEventChars) return this.tokenizerError('xml.event_too_large', `event larger than ${this.opts.maxEventChars} characters`, pos);
      top.node.text += text;
      return;
    }
    if (!this.textOutsideReported && text.trim() !== '') {
      this.textOutsideReported = true;
      this.eventIssues = [];
      this.addIssue(this.issue('xml.text_outside_event', `text outside any event ignored: ${JSON.stringify(text.trim().slice(0, 40))}`, skipWhitespace(text, pos)));
    }
  }

  private tokenizerError(code: string, message: string, pos: Position): void {
    this.tokenizer.stop();
    this.onError(code, message, pos);
  }

  private onOpen(qname: string, attrList: Array<[string, string]>, selfClosing: boolean, pos: Position, end: number): void {
    if (this.stack.length >= this.opts.maxDepth) {
      return this.tokenizerError('xml.depth_exceeded', `elements nested deeper than ${this.opts.maxDepth}`, pos);
    }
    const name = localName(qname);
    const parent = this.stack[this.stack.length - 1];
    let node: XmlNode | null = null;
    if (parent?.node || name === 'Event') {
      if (!parent?.node) {
        this.eventStart = pos;
        this.eventChars = 0;
        this.eventElements = 0;
        this.eventIssues = [];
      }
      if (++this.eventElements > this.opts.maxEventElements) {
        return this.tokenizerError('xml.event_too_large', `event has more than ${this.opts.maxEventElements} elements`, pos);
      }
      const attrs: Record<string, string> = {};
      for (const [k, v] of attrList) {
        setOwn(attrs, localName(k), v);
        this.eventChars += k.length + v.length;
      }
      node = { name, attrs, children: [], text: '' };
      parent?.node?.children.push(node);
    }
    if (selfClosing) {
      if (node && !parent?.node) this.finishEvent(node, end);
      return;
    }
    this.stack.push({ name: qname, pos, node });
  }

  private onClose(qname: string, pos: Position, end: number): void {
    const top = this.stack[this.stack.length - 1];
    if (!top || top.name !== qname) {
      return this.tokenizerError('xml.malformed', top ? `</${qname}> closes <${top.name}> opened at line ${top.pos.line}` : `</${qname}> without a start tag`, pos);
    }
    this.stack.pop();
    const parent = this.stack[this.stack.length - 1];
    if (top.node && !parent?.node) this.finishEvent(top.node, end);
  }

  private finishEvent(node: XmlNode, end: number): void {
    const start = this.eventStart ?? { offset: 0, line: 0, column: 0 };
    let built: BuildResult;
    try {
      built = buildRawEvent(node);
    } catch (e) {
      this.addIssue(this.issue('xml.event_unreadable', `event could not be read: ${(e as Error).message}`, start));
      return;
    }
    const issues = this.eventIssues;
    for (const p of built.problems) issues.push(this.issue('xml.event_field', p, start));
    if (built.event.EventRecordID !== null) for (const i of issues) i.context.recordId = built.event.EventRecordID;
    this.out.push({ event: built.event, issues, line: start.line, offset: start.offset, end });
    this.eventsRead++;
    this.eventIssues = [];
    this.eventStart = null;
  }
}

/** The position of the first non-whitespace character of a text token that starts at `pos`
 * (only exact when the text had no entity references before it, which whitespace cannot have). */
function skipWhitespace(text: string, pos: Position): Position {
  const lead = /^\s*/.exec(text)![0];
  const nl = lead.lastIndexOf('\n');
  if (nl < 0) return { offset: pos.offset + lead.length, line: pos.line, column: pos.column + lead.length };
  const lines = lead.split('\n').length - 1;
  return { offset: pos.offset + lead.length, line: pos.line + lines, column: lead.length - nl };
}

export interface XmlReadResult {
  events: ReadEvent[];
  /** The first file-level issues; `unstoredIssues` counts the rest. */
  issues: IngestIssue[];
  unstoredIssues: UnstoredIssues;
}

/** Reads a whole document given as text. */
export function readEventXml(text: string, options: XmlReaderOptions = {}): XmlReadResult {
  const r = new EventXmlReader(options);
  const events = r.push(text);
  events.push(...r.end());
  return { events, issues: r.issues, unstoredIssues: r.unstoredIssues };
}

/** Reads a whole document given as bytes (UTF-8 / UTF-16 with or without BOM). */
export function readEventXmlBytes(bytes: Uint8Array, options: XmlReaderOptions = {}): XmlReadResult {
  const r = new EventXmlReader(options);
  const events = r.pushBytes(bytes);
  events.push(...r.end());
  return { events, issues: r.issues, unstoredIssues: r.unstoredIssues };
}
