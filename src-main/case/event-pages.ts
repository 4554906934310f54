/**
 * Every normalised event of a case, handed to the renderer in pages (the event explorer caches
 * them). One call reads one page of one evidence file: an EVTX file a range of chunk slots at a
 * time (chunks are independent, plan-reads.ts), other formats from the start, stopping once the
 * page is full, so a page never holds more than `limit` events of bounded size in memory, whatever
 * the file. The renderer walks a file with the cursor each page returns until it is null.
 */
import { open, stat } from 'node:fs/promises';
import type { NormalisedEvent } from '../model/event';
import { normaliseEvent } from '../model/normalise';
import { eventXml } from '../export/event-xml';
import { ByteTextDecoder, EventXmlReader, type ReadEvent } from '../ingest/xml/index';
import { JsonEventReader } from '../ingest/json/index';
import { eventFields } from './case-findings';
import { ApiError } from '../shared/errors';
import { MAX_EVENT_SOURCE_CHARS, type EventPage, type EventSource, type EventSourceRequest, type ExplorerEvent, type EventPageRequest } from '../shared/contract-events';
import { EVTX_SLOTS_PER_ITEM } from '../evidence-reading/plan-reads';
import { WorkerPool, WorkerTaskError } from '../evidence-reading/pool';
import { ingestWorkerScript } from '../evidence-reading/worker-script';
import { PausedRead } from './paused-read';

const EVTX_HEADER = 4096;
const SLOT = 65536;
/** A field value longer than this is cut (with its length said), so one page stays bounded. */
export const MAX_FIELD_CHARS = 4096;
/** Fields kept per event (the System header first); the rest are counted in `(fields cut)`. */
const MAX_FIELDS = 256;

function cut(v: string): string {
  return v.length > MAX_FIELD_CHARS ? `${v.slice(0, MAX_FIELD_CHARS)}… [cut: ${v.length} characters]` : v;
}

function explorerEvent(e: NormalisedEvent): ExplorerEvent {
  const all = Object.entries(eventFields(e));
  const fields: Record<string, string> = {};
  for (const [k, v] of all.slice(0, MAX_FIELDS)) Object.defineProperty(fields, k, { value: cut(v), enumerable: true, writable: true, configurable: true });
  if (all.length > MAX_FIELDS) fields['(fields cut)'] = String(all.length - MAX_FIELDS);
  const guid = typeof e.data.ProcessGuid === 'string' ? e.data.ProcessGuid : e.view && 'process_guid' in e.view ? (e.view.process_guid as string | null) : null;
  return {
    evidence: e.evidence, record_id: e.record_id, time: e.time, event_id: e.event_id, channel: e.channel,
    provider: e.system.provider_name, dest: e.dest, process_guid: guid ?? null, fields,
    ...(e.recovered ? { recovered: String(e.recovered) } : {}),
  };
}

/** The reads held open between pages (at most MAX_OPEN_READS: the explorer reads one file at a time). */
const openReads = new Map<string, PausedRead>();
const MAX_OPEN_READS = 2;

/**
 * One page of a file read as a whole (JSON, XML, archives): continues the paused read that ended
 * where this page starts, else starts one (skipping to the page), so a file read page after page
 * is parsed once.
 */
async function readWholeFilePage(file: string, req: EventPageRequest, pool?: WorkerPool): Promise<EventPage> {
  const key = `${file}\u0000${req.format}`;
  let read = openReads.get(key);
  if (!read || read.position !== req.skip) {
    read?.cancel();
    for (const [k, r] of openReads) if (openReads.size >= MAX_OPEN_READS) { r.cancel(); openReads.delete(k); }
    const own = pool ? null : new WorkerPool(ingestWorkerScript(), 1);
    const run = pool ?? own!;
    const fresh: PausedRead = new PausedRead(
      async (signal, onBatch) => {
        try {
          const r = await run.run({ kind: 'parse-file', absPath: file, relPath: req.path, format: req.format }, () => {}, signal, onBatch);
          return { errors: r.summary.errors + r.members.reduce((n, m) => n + m.summary.errors, 0) };
        } finally {
          await own?.close();
        }
      },
      explorerEvent, req.limit, () => { if (openReads.get(key) === fresh) openReads.delete(key); },
    );
    read = fresh;
    openReads.set(key, read);
    // A page that starts inside the file: the events before it are read and dropped, a page at a time.
    while (read.position < req.skip) {
      const { end } = await read.take(Math.min(MAX_SKIP_PAGE, req.skip - read.position));
      if (end) break;
    }
  }
  try {
    const { events, end } = await read.take(req.limit);
    if (end) openReads.delete(key);
    return { path: req.path, events, next: end ? null : { chunkFrom: 0, skip: read.position }, errors: end ? read.errors : 0 };
  } catch (err) {
    openReads.delete(key);
    throw err;
  }
}
const MAX_SKIP_PAGE = 2000;

/** Reads one page. `file` is the real path of the evidence file (already resolved inside a granted root). */
export async function readEventPage(file: string, req: EventPageRequest, pool?: WorkerPool): Promise<EventPage> {
  if (req.format !== 'evtx') return readWholeFilePage(file, req, pool);
  const own = pool ? null : new WorkerPool(ingestWorkerScript(), 1);
  const run = pool ?? own!;
  const want = req.skip + req.limit;
  const events: ExplorerEvent[] = [];
  let seen = 0;
  let full = false;
  const stop = new AbortController();
  let chunkTo: number | undefined;
  let slots = 0;
  if (req.format === 'evtx') {
    slots = Math.max(1, Math.ceil(Math.max(0, (await stat(file)).size - EVTX_HEADER) / SLOT));
    chunkTo = Math.min(slots, req.chunkFrom + EVTX_SLOTS_PER_ITEM);
  }
  let errors = 0;
  try {
    const r = await run.run(
      { kind: 'parse-file', absPath: file, relPath: req.path, format: req.format, ...(req.format === 'evtx' ? { chunkFrom: req.chunkFrom, chunkTo } : {}) },
      () => {}, stop.signal,
      (batch) => {
        for (const e of batch) {
          if (full) return;
          if (seen++ < req.skip) continue;
          events.push(explorerEvent(e));
          if (seen > want) { full = true; events.pop(); stop.abort(); return; }
        }
      },
    );
    errors = r.summary.errors + r.members.reduce((n, m) => n + m.summary.errors, 0);
  } catch (err) {
    if (!(full && err instanceof WorkerTaskError && err.code === 'cancelled')) throw err;
  } finally {
    await own?.close();
  }
  // Full: the same range again from where this page ended. Else the next EVTX range, or the end.
  const next = full
    ? { chunkFrom: req.chunkFrom, skip: want }
    : req.format === 'evtx' && chunkTo !== undefined && chunkTo < slots ? { chunkFrom: chunkTo, skip: 0 } : null;
  return { path: req.path, events, next, errors };
}

/** The one event at a page's place, read by the worker: an EVTX file's chunk range, an archive from the start, skipping to it. */
async function workerEventAt(file: string, req: EventSourceRequest, pool?: WorkerPool): Promise<NormalisedEvent | null> {
  const own = pool ? null : new WorkerPool(ingestWorkerScript(), 1);
  const run = pool ?? own!;
  const range = req.format === 'evtx'
    ? { chunkFrom: req.chunkFrom, chunkTo: Math.min(Math.max(1, Math.ceil(Math.max(0, (await stat(file)).size - EVTX_HEADER) / SLOT)), req.chunkFrom + EVTX_SLOTS_PER_ITEM) }
    : {};
  const stop = new AbortController();
  let seen = 0;
  let found: NormalisedEvent | null = null;
  try {
    await run.run(
      { kind: 'parse-file', absPath: file, relPath: req.path, format: req.format, ...range },
      () => {}, stop.signal,
      (batch) => {
        for (const e of batch) {
          if (found) return;
          if (seen++ === req.skip) { found = e; stop.abort(); return; }
        }
      },
    );
  } catch (err) {
    if (!(found && err instanceof WorkerTaskError && err.code === 'cancelled')) throw err;
  } finally {
    await own?.close();
  }
  return found;
}

const TEXT_BLOCK = 1024 * 1024;
/** Text kept behind the reader while looking for an event: more than its largest event (16 Mi characters). */
const MAX_KEPT_CHARS = 20 * 1024 * 1024;

/**
 * The `index`-th event of an Event XML or JSON file with its own text: the file is read from the
 * start in 1 MiB blocks through the same streaming reader the worker uses (so the count matches
 * its events), keeping only the text since the last event, so memory stays bounded.
 */
async function textEventAt(file: string, format: 'xml' | 'json' | 'jsonl', index: number): Promise<{ read: ReadEvent; text: string } | null> {
  const reader = format === 'xml' ? new EventXmlReader({ path: file }) : new JsonEventReader({ path: file, mode: format === 'jsonl' ? 'jsonl' : 'json' });
  const fh = await open(file, 'r');
  let kept = '';
  let keptFrom = 0;
  let seen = 0;
  const look = (events: ReadEvent[]): { read: ReadEvent; text: string } | null => {
    for (const ev of events) {
      if (seen++ === index) return { read: ev, text: kept.slice(Math.max(0, ev.offset - keptFrom), Math.max(0, ev.end - keptFrom)) };
      // Text before this event's end is not needed any more.
      if (ev.end > keptFrom) { kept = kept.slice(ev.end - keptFrom); keptFrom = ev.end; }
    }
    return null;
  };
  try {
    const decoder = new ByteTextDecoder();
    for (;;) {
      const buf = new Uint8Array(TEXT_BLOCK);
      const { bytesRead } = await fh.read(buf, 0, TEXT_BLOCK, null);
      const text = bytesRead === 0 ? decoder.end() : decoder.push(buf.subarray(0, bytesRead));
      kept += text;
      if (kept.length > MAX_KEPT_CHARS) { keptFrom += kept.length - MAX_KEPT_CHARS; kept = kept.slice(kept.length - MAX_KEPT_CHARS); }
      const hit = look(reader.push(text)) ?? (bytesRead === 0 ? look(reader.end()) : null);
      if (hit || bytesRead === 0 || reader.stopped) return hit;
    }
  } finally {
    await fh.close();
  }
}

function cutSource(text: string): string {
  return text.length > MAX_EVENT_SOURCE_CHARS ? `${text.slice(0, MAX_EVENT_SOURCE_CHARS)}… [cut: ${text.length} characters]` : text;
}

function mismatchOf(req: EventSourceRequest, recordId: number | null): string | null {
  return req.recordId !== null && recordId !== req.recordId
    ? `the cached event is record ${req.recordId}, this place of the file now holds record ${recordId ?? '(none)'}: the file changed since its events were read`
    : null;
}

/**
 * One event as the evidence holds it, at the place its page was read from: EVTX as Event XML
 * rendered from the record the parser read (export/event-xml.ts), XML and JSON files as their own
 * text (JSON also as Event XML rendered from its fields), archive members as Event XML rendered
 * from their fields. `file` is the real path (already resolved inside a granted root).
 */
export async function readEventSource(file: string, req: EventSourceRequest, pool?: WorkerPool): Promise<EventSource> {
  const missing = () => new ApiError('not_found', `${req.path} holds no event at that place any more: the file changed since its events were read`, { path: req.path });
  if (req.format === 'evtx') {
    const e = await workerEventAt(file, req, pool);
    if (!e) throw missing();
    return {
      kind: 'evtx-record', text: cutSource(eventXml(e)), renderedXml: null, mismatch: mismatchOf(req, e.record_id),
      from: `${req.path}: binary EVTX, record ${e.record_id ?? '(none)'} in the chunks from ${req.chunkFrom}${e.recovered ? ` (recovered: ${e.recovered})` : ''}; Event XML rendered from the record as read (the file holds binary XML, not text)`,
    };
  }
  if (req.format === 'zip') {
    const e = await workerEventAt(file, req, pool);
    if (!e) throw missing();
    return {
      kind: 'archive-member', text: cutSource(eventXml(e)), renderedXml: null, mismatch: mismatchOf(req, e.record_id),
      from: `${e.evidence}: a member of the archive ${req.path}; Event XML rendered from the fields read from it (the member's own text is not read back out of the archive)`,
    };
  }
  const hit = await textEventAt(file, req.format, req.skip);
  if (!hit) throw missing();
  const e = normaliseEvent(hit.read.event, { evidence: req.path });
  const line = `line ${hit.read.line}`;
  if (req.format === 'xml') {
    return { kind: 'xml-original', text: cutSource(hit.text), renderedXml: null, mismatch: mismatchOf(req, e.record_id), from: `${req.path}: Event XML file, ${line}; the event's own text` };
  }
  const shape = 'shape' in hit.read ? ` (${String(hit.read.shape)})` : '';
  return {
    kind: 'json-original', text: cutSource(hit.text), renderedXml: cutSource(eventXml(e)), mismatch: mismatchOf(req, e.record_id),
    from: `${req.path}: JSON${req.format === 'jsonl' ? ' lines' : ''}${shape}, ${line}; JSON carries no Event XML, so the XML below it is rendered from the fields read`,
  };
}
