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
