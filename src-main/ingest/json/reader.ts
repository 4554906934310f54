/**
 * Streaming JSON / JSON-lines reader for Windows events: evtx_dump JSON, Winlogbeat/ECS and flat
 * NXLog/OTRF records, one per line, as an array, or as concatenated objects. Each bad line or
 * record is an issue with its line number, never a failure of the file.
 */
import type { RawEvent } from '../../model/raw-event';
import type { IngestIssue, IssueContext } from '../../shared/ingest-issues';
import { IssueSamples, type UnstoredIssues } from '../issue-samples';
import { ByteTextDecoder } from '../xml/decode';
import type { ReadEvent } from '../xml/reader';
import type { JsonObject } from './shapes/common';
import { isObject } from './shapes/common';
import { fromEvtxDump, isEvtxDump } from './shapes/evtx-dump';
import { fromFlat, isFlat } from './shapes/flat';
import { fromWinlogbeat, isWinlogbeat } from './shapes/winlogbeat';
import type { JsonMode, JsonPosition } from './splitter';
import { JsonRecordSplitter } from './splitter';

/** Codes that lose no data (marked `severity: 'warning'`). */
const JSON_WARNINGS: ReadonlySet<string> = new Set(['json.time_from_receipt', 'json.event_field']);

type JsonShape = 'evtx_dump' | 'winlogbeat' | 'flat';

export interface JsonReaderOptions {
  path?: string;
  /** `jsonl`: one record per line (a broken line costs one record); `json`: array / object(s); `auto` (default) decides from the first record. */
  mode?: JsonMode;
  /** Longest record (line) in characters. Default 4 MiB. */
  maxRecordLength?: number;
  /** Deepest nesting inside a record. Default 64. */
  maxDepth?: number;
  /** File-level issues kept as samples (every one is counted; reading never stops for them). Default 100. */
  maxIssues?: number;
}

/** Same shape as the XML reader's events (so the worker handles both alike), plus the JSON shape. */
export interface JsonReadEvent extends ReadEvent {
  shape: JsonShape;
}

type ShapeResult = { event: RawEvent; shape: JsonShape; problems: string[]; timeFromReceipt: boolean } | { error: string };

/** Maps one parsed JSON record to a RawEvent, whatever its shape. */
function recordToRawEvent(value: unknown): ShapeResult {
  if (!isObject(value)) return { error: 'record is not a JSON object' };
  let o: JsonObject = value;
  if (isObject(o['_source'])) o = o['_source'] as JsonObject; // an Elasticsearch hit
  const problems: string[] = [];
  if (isEvtxDump(o)) return { event: fromEvtxDump(o, problems), shape: 'evtx_dump', problems, timeFromReceipt: false };
  if (isWinlogbeat(o)) return { event: fromWinlogbeat(o, problems), shape: 'winlogbeat', problems, timeFromReceipt: false };
  if (isFlat(o)) {
    const f = fromFlat(o, problems);
    return { event: f.event, shape: 'flat', problems, timeFromReceipt: f.timeFromReceipt };
  }
  return { error: 'not a Windows event record (no Event.System, winlog or EventID/Channel)' };
}

export class JsonEventReader {
  private readonly log: IssueSamples;
  private readonly splitter: JsonRecordSplitter;
  private readonly path: string | undefined;
  private out: JsonReadEvent[] = [];
  private bytes: ByteTextDecoder | null = null;
  private finished = false;
  private receiptWarned = false;
  private eventsRead = 0;

  constructor(options: JsonReaderOptions = {}) {
    this.path = options.path;
    this.log = new IssueSamples(options.maxIssues ?? 100);
    this.splitter = new JsonRecordSplitter(
      { record: (text, pos, parsed) => this.onRecord(text, pos, parsed), issue: (code, message, pos) => this.addIssue(code, message, pos) },
      { maxRecordLength: options.maxRecordLength ?? 4 * 1024 * 1024, maxDepth: options.maxDepth ?? 64 },
      options.mode ?? 'auto',
    );
  }

  /** The first file-level issues (see `unstoredIssues` for the rest, counted). */
  get issues(): IngestIssue[] {
    return this.log.samples;
  }

  /** Issues past the sample cap: counted, not kept. */
  get unstoredIssues(): UnstoredIssues {
    return this.log.unstored;
  }

  /** Never true: no problem of a JSON file stops the reading of the lines after it. */
  get stopped(): boolean {
    return false;
  }

  get count(): number {
    return this.eventsRead;
  }

  push(chunk: string): JsonReadEvent[] {
    if (!this.finished) this.splitter.push(chunk);
    return this.take();
  }

  pushBytes(chunk: Uint8Array): JsonReadEvent[] {
    this.bytes ??= new ByteTextDecoder();
    this.bytes.pushEach(chunk, (text) => { if (!this.finished) this.splitter.push(text); });
    return this.take();
  }

  end(): JsonReadEvent[] {
    if (this.finished) return this.take();
    if (this.bytes) this.splitter.push(this.bytes.end()); // its events are returned below with the rest
    this.finished = true;
    this.splitter.end();
    return this.take();
  }

  private take(): JsonReadEvent[] {
    const o = this.out;
    this.out = [];
    return o;
  }

  private context(pos: JsonPosition): IssueContext {
    const c: IssueContext = { line: pos.line, offset: pos.offset };
    if (this.path !== undefined) c.path = this.path;
    return c;
  }

  private addIssue(code: string, message: string, pos: JsonPosition): void {
    const issue: IngestIssue = { code, message: `${message} (line ${pos.line})`, context: this.context(pos) };
    if (JSON_WARNINGS.has(code)) issue.severity = 'warning';
    this.log.add(issue);
  }

  private onRecord(text: string, pos: JsonPosition, parsed: unknown): void {
    let value: unknown = parsed;
    try {
      if (value === undefined) value = JSON.parse(text);
    } catch (e) {
      this.addIssue('json.bad_record', `invalid JSON: ${(e as Error).message.slice(0, 120)}`, pos);
      return;
    }
    const r = recordToRawEvent(value);
    if ('error' in r) {
      this.addIssue('json.not_an_event', r.error, pos);
      return;
    }
    if (r.timeFromReceipt && !this.receiptWarned) {
      this.receiptWarned = true;
      this.addIssue('json.time_from_receipt', 'EventTime has no time zone; TimeCreated is taken from @timestamp (when the collector received the record, UTC). Sysmon events still order by their UtcTime', pos);
    }
    const issues = r.problems.length === 0 ? [] : this.eventIssues(r.problems, r.event, pos);
    this.out.push({ event: r.event, issues, line: pos.line, offset: pos.offset, end: pos.offset + text.length, shape: r.shape });
    this.eventsRead++;
  }

  /** An event's problems as its warnings (most events have none: no context made for them). */
  private eventIssues(problems: string[], event: RawEvent, pos: JsonPosition): IngestIssue[] {
    const ctx = this.context(pos);
    if (event.EventRecordID !== null) ctx.recordId = event.EventRecordID;
    return problems.map((p) => ({ code: 'json.event_field', message: `${p} (line ${pos.line})`, context: { ...ctx }, severity: 'warning' }));
  }
}

export interface JsonReadResult {
  events: JsonReadEvent[];
  /** The first file-level issues; `unstoredIssues` counts the rest. */
  issues: IngestIssue[];
  unstoredIssues: UnstoredIssues;
}

export function readJsonEvents(text: string, options: JsonReaderOptions = {}): JsonReadResult {
  const r = new JsonEventReader(options);
  const events = r.push(text);
  events.push(...r.end());
  return { events, issues: r.issues, unstoredIssues: r.unstoredIssues };
}

export function readJsonEventsBytes(bytes: Uint8Array, options: JsonReaderOptions = {}): JsonReadResult {
  const r = new JsonEventReader(options);
  const events = r.pushBytes(bytes);
  events.push(...r.end());
  return { events, issues: r.issues, unstoredIssues: r.unstoredIssues };
}
