/** The explorer's open event in its raw form (Event XML, or the file's own text), read from the evidence where its page was read. */
import type { EventSource } from '../../src-main/shared/contract';
import type { TriageClient } from './bridge';
import type { PageSource } from './event-index';

/** The raw form of the open event: loading, read, or why not. */
export type OpenSource = { state: 'loading' } | { state: 'read'; source: EventSource } | { state: 'unavailable'; why: string };

/** Asks main for the event at `at` (checked against its record id); never throws: a failure is the reason shown. */
export async function readOpenSource(api: TriageClient, root: string, at: PageSource | null, recordId: number | null): Promise<OpenSource> {
  if (!at) return { state: 'unavailable', why: 'This event was cached before the app kept where each event was read from: "Re-read evidence" reads it again with its place.' };
  try {
    const source: EventSource | null = await api.call('readEventSource', { root, ...at, recordId });
    return source && typeof source.text === 'string' ? { state: 'read', source } : { state: 'unavailable', why: 'The evidence gave no raw form for this event.' };
  } catch (err) {
    return { state: 'unavailable', why: `The raw event cannot be read from the evidence: ${(err as Error).message}` };
  }
}
