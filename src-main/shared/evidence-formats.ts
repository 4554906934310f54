/** The evidence formats the reader tells apart by content (`ingest/sniff.ts`), as the contract names them. */
export type EvidenceFormat = 'evtx' | 'xml' | 'json' | 'jsonl' | 'zip' | 'unknown';
