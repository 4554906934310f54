/** The explorer's bookmarks: events the analyst tagged with a note, kept in the cache by file and record (so they survive a re-read). */
import type { ExplorerEvent } from '../../src-main/shared/contract';
import type { EventBookmark } from '../lib/case-db';
import { describeDbError } from '../lib/db-errors';
import type { EventExplorer } from './event-explorer.svelte';

/** A bookmark's key: the event's evidence file and record id (or time and EventID): the same after a re-read. */
export function bookmarkKey(e: Pick<ExplorerEvent, 'evidence' | 'record_id' | 'time' | 'event_id'>): string {
  return e.record_id !== null ? `${e.evidence}#${e.record_id}` : `${e.evidence}@${e.time ?? ''}#${e.event_id ?? ''}`;
}
/** Longest bookmark note kept. */
export const MAX_NOTE_CHARS = 4000;

/** Saves an event's bookmark with its note (again: replaces the note), or removes it (`note` null). */
export async function saveBookmark(ex: EventExplorer, e: ExplorerEvent, seq: number, note: string | null, by: string): Promise<void> {
  const fingerprint = ex.current.fingerprint;
  const key = bookmarkKey(e);
  if (note === null) {
    await ex.db.bookmarks.delete([fingerprint, key]);
    const next = new Map(ex.bookmarks);
    next.delete(key);
    ex.bookmarks = next;
    return;
  }
  const b: EventBookmark = { fingerprint, key, seq, note: note.slice(0, MAX_NOTE_CHARS), by, at: new Date().toISOString() };
  try {
    await ex.db.bookmarks.put(b);
    ex.bookmarks = new Map(ex.bookmarks).set(b.key, b);
  } catch (err) {
    ex.error = describeDbError(err) ?? `The bookmark cannot be saved: ${(err as Error).message}`;
  }
}
