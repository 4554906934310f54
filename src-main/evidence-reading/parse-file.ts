/**
 * Reads one evidence file (or one chunk range of a large EVTX file) into normalised events,
 * batch by batch. The file's problems are counted in its summary; only a file that cannot be
 * read at all gets a `fatal` issue. Archives are read by read-archive.ts.
 */
import { readEvtxFile } from './evtx-source';
import { ChunkRecordSender } from './chunk-record-sender';
import type { EvtxSummary, WantsData } from '../ingest/evtx/index';
import { normaliseEvent } from '../model/normalise';
import { identityOf } from '../model/event-identity';
import type { EvidenceFormat } from '../ingest/sniff';
import { IngestError } from '../shared/ingest-issues';
import { EventBatcher, type EventSink } from './event-batcher';
import { addError, addWarning, emptyFileSummary, type FileReadSummary } from './file-summary';
import { readTextEvents, textReaderFor } from './read-text-events';
import { readArchive, type MemberResult } from './read-archive';
import { SharedZipBudget } from '../ingest/zip/index';
import { CHUNK_HEADER_SIZE, hasChunkMagic } from '../ingest/evtx/chunk-header';
import { u64At } from '../ingest/evtx/byte-cursor';
import type { RawEvent } from '../model/raw-event';
import type { EventContent } from './messages';

export interface ParseFileRequest {
  absPath: string;
  relPath: string;
  format: EvidenceFormat;
  /** EVTX only: chunk slot range [from, to). */
  chunkFrom?: number;
  chunkTo?: number;
  /** Archives: the case's shared inflation budget (see ingest/zip/budget.ts); without it the archive has a budget of its own. */
  zipBudget?: SharedArrayBuffer;
  /** Archives: what joins the archive's path and its members' names (default `!/`). */
  memberSeparator?: string;
  /** Detail reads: the only record ids (EventRecordID) wanted, sorted (see `wantedRecords`). */
  records?: number[];
  /**
   * Detail reads of a file with a wanted event that has no record id: the only event identities
   * wanted (model/event-identity.ts), matched on each normalised event, whatever the format.
   */
  identities?: string[];
  /** What of each event is sent (messages.ts `EventContent`; default `'all'`). */
  content?: EventContent;
  /** With content `'viewed'` or `'counted'`: the `channel|EventID` keys whose view-less events keep their data (messages.ts). */
  dataKeys?: readonly string[];
}

export interface ParseCallbacks {
  /** Where the batches go: a function of the events, or a worker's packing sink (event-batcher.ts). */
  batch: EventSink;
  progress: (bytesDone: number, events: number) => void;
  isCancelled: () => boolean;
}

const CHUNK_BYTES = 65536;

function cancelled(): Error {
  return Object.assign(new Error('cancelled'), { code: 'cancelled' });
}

export interface ParsedFile { summary: FileReadSummary; members: MemberResult[] }

interface WantedRecords { keep: (raw: RawEvent) => boolean; chunkMayHold: (slot: Uint8Array) => boolean }

/**
 * A detail read's filter (api/event-details.ts): only the events with a wanted record id are
 * normalised and sent, and an EVTX chunk whose header gives a sane record id range (as
 * ingest/evtx/chunk.ts reads it) holding none of them is not parsed. Records recovered from a
 * chunk's slack and exported logs (whose EventRecordIDs differ from the record headers' ids)
 * can be missed by the chunk test: the caller reads a file again whole when an id is missing.
 */
export function wantedRecords(sorted: readonly number[]): WantedRecords {
  const set = new Set(sorted);
  const anyIn = (lo: number, hi: number): boolean => {
    let a = 0;
    let b = sorted.length;
    while (a < b) { const m = (a + b) >>> 1; if (sorted[m]! < lo) a = m + 1; else b = m; }
    return a < sorted.length && sorted[a]! <= hi;
  };
  return {
    keep: (raw) => raw.EventRecordID !== null && set.has(raw.EventRecordID),
    chunkMayHold: (slot) => {
      if (slot.length < CHUNK_HEADER_SIZE || !hasChunkMagic(slot)) return true; // damaged: only recovery can tell
      const first = u64At(slot, 24);
      const last = u64At(slot, 32);
      if (!(last >= first && last - first < 4096)) return true;
      return anyIn(first, last);
    },
  };
}

/**
 * The batcher's `addRaw`, sending only the events whose identity is wanted (all of them without
 * `identities`; those are packed straight from the raw event at the worker edge).
 */
type Send = (raw: RawEvent, evidence: string) => Promise<void> | undefined;

function sendWanted(batcher: EventBatcher, identities: readonly string[] | undefined): Send {
  if (!identities) return (raw, evidence) => batcher.addRaw(raw, evidence);
  const set = new Set(identities);
  return (raw, evidence) => {
    const e = normaliseEvent(raw, { evidence });
    return set.has(identityOf(e)) ? batcher.add(e) : undefined;
  };
}

/**
 * Reads an EVTX file (or its chunk range) and sends its records: each allocated record as soon as
 * it is read (chunk-record-sender.ts: a chunk's RawEvents are not all alive at once), its
 * recovered records once the chunk is read. Returns the read's summary.
 */
async function sendEvtxRecords(req: ParseFileRequest, send: Send, wanted: WantedRecords | null, wantsData: WantsData | null, cb: ParseCallbacks, count: () => number): Promise<EvtxSummary> {
  const keep = wanted?.keep ?? (() => true);
  const sendKept = (raw: RawEvent) => (keep(raw) ? send(raw, req.relPath) : undefined);
  const sender = new ChunkRecordSender(sendKept);
  let chunksDone = 0;
  try {
    const { summary } = await readEvtxFile(req.absPath, {
      from: req.chunkFrom, to: req.chunkTo,
      ...(wanted ? { skipSlot: (slot: Uint8Array) => !wanted.chunkMayHold(slot) } : {}),
      wantsData,
      onRecord: sender.take,
      onChunk: async (r) => {
        await sender.settle();
        if (cb.isCancelled()) throw cancelled();
        // recovered records (slack, older generations, damaged chunks) are evidence too, flagged.
        // Indexed: a for-of with an `await` in it made an iterator result object per record.
        const recovered = r.recovered;
        for (let i = 0; i < recovered.length; i++) { const full = sendKept(recovered[i]!); if (full) await full; }
        chunksDone++;
        cb.progress(chunksDone * CHUNK_BYTES, count());
      },
    });
    return summary;
  } catch (e) {
    await sender.abandon(); // a flush under way is waited for (its failure is then the read's)
    throw e;
  }
}

export async function parseEvidenceFile(req: ParseFileRequest, cb: ParseCallbacks): Promise<ParsedFile> {
  const summary = emptyFileSummary();
  let members: MemberResult[] = [];
  const batcher = new EventBatcher(cb.batch, undefined, req.content, req.dataKeys);
  const send = sendWanted(batcher, req.identities);
  const evidence = req.relPath;
  const wanted = req.records ? wantedRecords(req.records) : null;
  const keep = wanted?.keep ?? (() => true);
  try {
    switch (req.format) {
      case 'evtx': {
        // a detail read by identity normalises every event whole (sendWanted): its data is read
        const s = await sendEvtxRecords(req, send, wanted, req.identities ? null : batcher.wantsData, cb, () => batcher.count);
        for (const w of s.warnings) addWarning(summary, { ...w, context: { ...w.context, path: evidence } });
        for (const e of s.chunkErrors) addError(summary, { ...e, context: { ...e.context, path: evidence } });
        for (const e of s.errors) addError(summary, { ...e, context: { ...e.context, path: evidence } });
        summary.recovered += s.recordsRecovered;
        if (s.chunksRead === 0 && s.chunksSkipped > 0 && s.recordsRecovered === 0) {
          const issue = {
            code: 'evtx.no_valid_chunk',
            message: `no valid chunk in slots ${req.chunkFrom ?? 0}-${(req.chunkTo ?? s.chunksSkipped) - 1}: ${s.chunksSkipped} slot(s) without a chunk signature`,
            context: { path: evidence, chunk: req.chunkFrom ?? 0 },
          };
          summary.fatal = issue;
          addError(summary, issue);
        }
        break;
      }
      case 'xml': case 'json': case 'jsonl': {
        await readTextEvents(
          req.absPath, textReaderFor(req.format, evidence), summary,
          (raw) => (keep(raw) ? send(raw, evidence) : undefined),
          (bytes) => cb.progress(bytes, batcher.count),
          cb.isCancelled,
        );
        break;
      }
      case 'zip': {
        const st = { bytes: 0 };
        /** Counts an event handed on (progress every 1,000). */
        const counted = () => { if (++st.bytes % 1000 === 0) cb.progress(0, batcher.count); };
        members = await readArchive(req.absPath, req.relPath, summary, {
          budget: req.zipBudget ? new SharedZipBudget(req.zipBudget) : undefined,
          memberSeparator: req.memberSeparator,
          // as for an EVTX file: a detail read by identity normalises every event whole (sendWanted)
          wantsData: req.identities ? null : batcher.wantsData,
          // a promise only for a full batch (as `send`): none per event
          event: (raw, member) => {
            const full = keep(raw) ? send(raw, member) : undefined;
            if (full) return full.then(counted);
            counted();
            return undefined;
          },
          isCancelled: cb.isCancelled,
        });
        break;
      }
      default:
        break;
    }
    await batcher.flush();
  } catch (err) {
    if ((err as { code?: string }).code === 'cancelled') throw err;
    await batcher.flush();
    const issue = err instanceof IngestError
      ? { ...err.toIssue(), context: { ...err.context, path: evidence } }
      : { code: 'read_failed', message: err instanceof Error ? err.message : String(err), context: { path: evidence } };
    summary.fatal = issue;
    addError(summary, issue);
  }
  // An archive's own count is zero: its events belong to its members.
  summary.records = req.format === 'zip' ? 0 : batcher.count;
  return { summary, members };
}
