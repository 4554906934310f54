/** The contract's event-explorer shapes: one page of a case's normalised events (case/event-pages.ts). */
import type { EvidenceFormat } from './evidence-formats';

/** The formats whose events can be paged. */
export const PAGED_FORMATS = ['evtx', 'xml', 'json', 'jsonl', 'zip'] as const;
export type PagedFormat = (typeof PAGED_FORMATS)[number] & EvidenceFormat;
/** Most events one page may ask for. */
export const MAX_EVENT_PAGE = 2000;

export interface EventPageRequest {
  root: string;
  /** The evidence file, relative to the folder, as in `EvidenceEntry.path` (not an archive member). */
  path: string;
  format: PagedFormat;
  /** EVTX: the first chunk slot of the range; 0 for other formats. */
  chunkFrom: number;
  /** Events of the range to pass over before the page starts (a range holding more than one page). */
  skip: number;
  limit: number;
}

/** A normalised event as the explorer shows it: where it is from, its header, every field as text. */
export interface ExplorerEvent {
  evidence: string;
  record_id: number | null;
  time: string | null;
  event_id: number | null;
  channel: string | null;
  provider: string | null;
  dest: string | null;
  process_guid: string | null;
  /** Every field as text (System header first, then EventData); long values cut, with their length said. */
  fields: Record<string, string>;
  /** Recovered EVTX records: why the record is not allocated. */
  recovered?: string;
}

export interface EventPage {
  path: string;
  events: ExplorerEvent[];
  /** Where the next page of this file starts; null at its end. */
  next: { chunkFrom: number; skip: number } | null;
  /** Records or parts of this range that could not be read. */
  errors: number;
}

/** Where one event is: the page request that read it, at the event's own place (`skip`), and its record id to check. */
export interface EventSourceRequest {
  root: string;
  path: string;
  format: PagedFormat;
  chunkFrom: number;
  skip: number;
  /** The record id the cache holds for it: a different one at that place means the file changed. */
  recordId: number | null;
}

/** Longest raw event text handed to the renderer (characters); the rest is cut, with its length said. */
export const MAX_EVENT_SOURCE_CHARS = 1 << 20;

/** One event as the evidence holds it (the explorer's "Raw Event XML"). */
export interface EventSource {
  /**
   * `evtx-record`: Event XML rendered from the binary record as the EVTX parser read it (an .evtx
   * file holds BinXml, not text); `xml-original`: the event's own text in the XML file;
   * `json-original`: the JSON text the event was read from (JSON holds no Event XML);
   * `archive-member`: Event XML rendered from the fields read from a member of a zip archive.
   */
  kind: 'evtx-record' | 'xml-original' | 'json-original' | 'archive-member';
  /** The text (cut at MAX_EVENT_SOURCE_CHARS, with its length said). */
  text: string;
  /** JSON sources: Event XML rendered from the fields read from the JSON; else null. */
  renderedXml: string | null;
  /** Where it was read, in words: file, format, chunk range or line. */
  from: string;
  /** Set when the event at that place is not the cached one (its record id differs): the file changed since it was read. */
  mismatch: string | null;
}
