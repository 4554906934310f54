/**
 * Push-style readers for each event format, for bytes that arrive as a stream (archive members):
 * EVTX is cut into its 4096-byte header and 64 KiB chunk slots as the bytes come, XML and JSON go
 * through their streaming readers. Problems go into the summary, events to `emit`.
 */
import type { EvidenceFormat } from '../ingest/sniff';
import { CHUNK_SIZE, FILE_HEADER_SIZE, addChunkToSummary, chunkOptionsOf, emptySummary, parseChunk, parseFileHeader } from '../ingest/evtx/index';
import type { ChunkOptions, WantsData } from '../ingest/evtx/index';
import { ChunkRecordSender } from './chunk-record-sender';
import type { RawEvent } from '../model/raw-event';
import type { IngestIssue } from '../shared/ingest-issues';
import { addError, addReaderIssues, addWarning, type FileReadSummary } from './file-summary';
import { pushInSlices, textReaderFor } from './read-text-events';

export interface StreamParser {
  push(bytes: Uint8Array): Promise<void>;
  end(): Promise<void>;
}

/** Where events go; a promise only when the reading must wait (a full batch's flush): no promise per event. */
type Emit = (raw: RawEvent) => Promise<void> | undefined;

function withPath(issue: IngestIssue, path: string): IngestIssue {
  return { ...issue, context: { ...issue.context, path } };
}

class EvtxStreamParser implements StreamParser {
  private buf = new Uint8Array(FILE_HEADER_SIZE);
  private fill = 0;
  private slot = -1; // -1 while reading the file header
  private readonly evtx = emptySummary();
  private failed = false;
  private headerDamaged = false;

  /** Sends the chunk's allocated records as they are read (chunk-record-sender.ts). */
  private readonly sender: ChunkRecordSender;
  private readonly chunkOptions: ChunkOptions;

  constructor(private readonly path: string, private readonly summary: FileReadSummary, private readonly emit: Emit, wantsData: WantsData | null) {
    this.sender = new ChunkRecordSender(emit);
    this.chunkOptions = chunkOptionsOf({ onRecord: this.sender.take, wantsData });
  }

  async push(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length && !this.failed) {
      const n = Math.min(this.buf.length - this.fill, bytes.length - at);
      this.buf.set(bytes.subarray(at, at + n), this.fill);
      this.fill += n;
      at += n;
      if (this.fill === this.buf.length) await this.flush();
    }
  }

  async end(): Promise<void> {
    if (!this.failed && this.fill > 0) await this.flush();
    for (const w of this.evtx.warnings) addWarning(this.summary, withPath(w, this.path));
    for (const e of this.evtx.chunkErrors) addError(this.summary, withPath(e, this.path));
    for (const e of this.evtx.errors) addError(this.summary, withPath(e, this.path));
    this.summary.recovered += this.evtx.recordsRecovered;
    if (!this.failed && this.evtx.chunksRead === 0 && this.evtx.chunksSkipped > 0 && this.evtx.recordsRecovered === 0) {
      const issue = { code: 'evtx.no_valid_chunk', message: `no valid chunk: ${this.evtx.chunksSkipped} slot(s) without a chunk signature`, context: { path: this.path } };
      this.summary.fatal ??= issue;
      addError(this.summary, issue);
    }
  }

  private async flush(): Promise<void> {
    const bytes = this.buf.subarray(0, this.fill);
    if (this.slot < 0) {
      try {
        const header = parseFileHeader(bytes);
        for (const w of header.warnings) addWarning(this.summary, withPath(w, this.path));
      } catch (err) {
        // a damaged header (first bytes overwritten) over intact chunks: decided by the first chunk
        if ((err as { code?: string }).code === 'evtx.file.bad_magic' && bytes.length === FILE_HEADER_SIZE) {
          this.headerDamaged = true;
          this.buf = new Uint8Array(CHUNK_SIZE);
          this.slot++;
          this.fill = 0;
          return;
        }
        const e = err as { code?: string; message: string };
        const issue = { code: e.code ?? 'evtx.file.bad_header', message: e.message, context: { path: this.path, offset: 0 } };
        this.summary.fatal = issue;
        addError(this.summary, issue);
        this.failed = true;
        return;
      }
      this.buf = new Uint8Array(CHUNK_SIZE);
    } else {
      if (this.headerDamaged && this.slot === 0) {
        const both = new Uint8Array(FILE_HEADER_SIZE + bytes.length);
        both.set(bytes, FILE_HEADER_SIZE);
        try {
          for (const e of parseFileHeader(both.subarray(0, FILE_HEADER_SIZE + 8)).errors) this.evtx.chunkErrors.push(e);
        } catch (err) { // no chunk signature either: not EVTX
          const e = err as { code?: string; message: string };
          const issue = { code: e.code ?? 'evtx.file.bad_magic', message: e.message, context: { path: this.path, offset: 0 } };
          this.summary.fatal = issue;
          addError(this.summary, issue);
          this.failed = true;
          return;
        }
      }
      let r;
      try {
        r = parseChunk(bytes, this.slot, this.chunkOptions); // allocated records handed to `sender` as read
      } catch (e) {
        await this.sender.abandon();
        throw e;
      }
      addChunkToSummary(this.evtx, r);
      await this.sender.settle();
      // indexed: a for-of with an `await` in it made an iterator result object per record
      const recovered = r.recovered;
      for (let i = 0; i < recovered.length; i++) { const full = this.emit(recovered[i]!); if (full) await full; }
    }
    this.slot++;
    this.fill = 0;
  }
}

class TextStreamParser implements StreamParser {
  private readonly reader;
  constructor(format: 'xml' | 'json' | 'jsonl', path: string, private readonly summary: FileReadSummary, private readonly emit: Emit) {
    this.reader = textReaderFor(format, path);
  }

  async push(bytes: Uint8Array): Promise<void> {
    if (!this.reader.stopped) await pushInSlices(this.reader, bytes.slice(), (events) => this.deliver(events));
  }

  async end(): Promise<void> {
    await this.deliver(this.reader.end());
    addReaderIssues(this.summary, this.reader);
  }

  private async deliver(events: { event: RawEvent; issues: IngestIssue[] }[]): Promise<void> {
    // indexed: a for-of with an `await` in it made an iterator result object per event
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      for (let j = 0; j < e.issues.length; j++) addWarning(this.summary, e.issues[j]!);
      const full = this.emit(e.event);
      if (full) await full;
    }
  }
}

/**
 * A stream parser for an event format; null for formats that hold no events here. `wantsData`:
 * whether an EVTX record's EventData is read at all (ingest/evtx `ChunkOptions.wantsData`; null: always).
 */
export function streamParserFor(format: EvidenceFormat, path: string, summary: FileReadSummary, emit: Emit, wantsData: WantsData | null = null): StreamParser | null {
  switch (format) {
    case 'evtx': return new EvtxStreamParser(path, summary, emit, wantsData);
    case 'xml': case 'json': case 'jsonl': return new TextStreamParser(format, path, summary, emit);
    default: return null;
  }
}
