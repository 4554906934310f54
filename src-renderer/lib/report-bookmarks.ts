/**
 * The case's bookmarked events as the report request carries them (issue 19): each bookmark with
 * its event read from the explorer's cache (by its place, or found again by file and record after
 * a re-read), within saveReport's bounds (shared/report-request-bounds.ts).
 */
import type { ExplorerEvent, ReportBookmark } from '../../src-main/shared/contract';
import { MAX_BOOKMARK_TEXT, MAX_REPORT_BOOKMARKS } from '../../src-main/shared/report-request-bounds';
import { bookmarkKey } from '../state/event-explorer.svelte';
import type { CaseDb, EventBookmark } from './case-db';
import { summaryLine } from './explorer-kinds';

const cut = (s: string): string => (s.length > MAX_BOOKMARK_TEXT ? `${s.slice(0, MAX_BOOKMARK_TEXT - 1)}…` : s);
const cutOrNull = (s: string | null): string | null => (s === null ? null : cut(s));

/** What a bookmark says when its event is no longer in the cache: the file and record from its key. */
function withoutEvent(b: EventBookmark): ReportBookmark {
  const m = /^(.*)#(\d+)$/.exec(b.key);
  return {
    time: null, host: null, channel: null, eventId: null,
    summary: 'The event is not in the case\'s event cache (open the Events tab to read the events again).',
    evidence: cut(m ? m[1]! : b.key.replace(/@.*$/, '')), recordId: m ? Number(m[2]) : null,
    note: cut(b.note), by: cut(b.by), at: b.at,
  };
}

function fromEvent(b: EventBookmark, e: ExplorerEvent): ReportBookmark {
  return {
    time: e.time, host: cutOrNull(e.dest), channel: cutOrNull(e.channel), eventId: e.event_id,
    summary: cut(summaryLine(e) || '(no field to show)'), evidence: cut(e.evidence), recordId: e.record_id,
    note: cut(b.note), by: cut(b.by), at: b.at,
  };
}

export async function reportBookmarks(db: CaseDb, fingerprint: string): Promise<ReportBookmark[]> {
  const marks = (await db.bookmarks.where('fingerprint').equals(fingerprint).toArray()).slice(0, MAX_REPORT_BOOKMARKS);
  if (marks.length === 0) return [];
  const stored = await db.caseEvents.bulkGet(marks.map((b) => [fingerprint, b.seq] as [string, number]));
  const byKey = new Map<string, ExplorerEvent>();
  const missing = new Set<string>();
  marks.forEach((b, i) => {
    const e = stored[i]?.e;
    if (e && bookmarkKey(e) === b.key) byKey.set(b.key, e);
    else missing.add(b.key);
  });
  // A re-read may have placed an event elsewhere: one pass over the case's events finds the rest.
  if (missing.size > 0) {
    await db.caseEvents.where('fingerprint').equals(fingerprint).until(() => missing.size === 0).each((s) => {
      const k = bookmarkKey(s.e);
      if (missing.delete(k)) byKey.set(k, s.e);
    });
  }
  return marks.map((b) => { const e = byKey.get(b.key); return e ? fromEvent(b, e) : withoutEvent(b); });
}
