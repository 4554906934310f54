import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ExplorerEvent } from '../../../src-main/shared/contract';
import { bookmarkKey, MAX_NOTE_CHARS, saveBookmark } from '../../../src-renderer/state/explorer-bookmarks';
import type { EventExplorer } from '../../../src-renderer/state/event-explorer.svelte';
import { freshDb } from '../mount-app';

const FP = 'b'.repeat(64);
const ev = (over: Partial<ExplorerEvent> = {}): ExplorerEvent => ({ evidence: 'S.evtx', record_id: 9, time: '2026-11-17T08:00:00.000Z', event_id: 4624, channel: null, provider: null, dest: 'H', process_guid: null, fields: {}, ...over });

describe('explorer bookmarks', () => {
  it('keys an event by file and record, or by file, time and EventID without a record', () => {
    expect(bookmarkKey(ev())).toBe('S.evtx#9');
    expect(bookmarkKey(ev({ record_id: null }))).toBe('S.evtx@2026-11-17T08:00:00.000Z#4624');
  });

  it('saves a note (cut to its longest), replaces it, and removes the bookmark', async () => {
    const db = freshDb();
    const ex = { current: { fingerprint: FP }, db, bookmarks: new Map(), error: null } as unknown as EventExplorer;
    await saveBookmark(ex, ev(), 3, 'x'.repeat(MAX_NOTE_CHARS + 10), 'K. Analyst');
    expect((await db.bookmarks.get([FP, 'S.evtx#9']))!.note).toHaveLength(MAX_NOTE_CHARS);
    await saveBookmark(ex, ev(), 3, 'again', 'K. Analyst');
    expect(ex.bookmarks.get('S.evtx#9')).toMatchObject({ note: 'again', by: 'K. Analyst', seq: 3 });
    expect(await db.bookmarks.count()).toBe(1);
    await saveBookmark(ex, ev(), -1, null, '');
    expect(ex.bookmarks.size).toBe(0);
    expect(await db.bookmarks.count()).toBe(0);
  });
});
