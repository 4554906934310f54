/**
 * Every normalised event of a case, handed to the renderer in pages (the event explorer caches
 * them). One call reads one page of one evidence file: an EVTX file a range of chunk slots at a
 * time (chunks are independent, plan-reads.ts), other formats from the start, stopping once the
 * page is full, so a page never holds more than `limit` events of bounded size in memory, whatever
 * the file. The renderer walks a file with the cursor each page returns until it is null.
 */
import { stat } from 'node:fs/promises';
import type { NormalisedEvent } from '../model/event';
import { eventFields } from './case-findings';
import type { EventPage, ExplorerEvent, EventPageRequest } from '../shared/contract-events';
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
