/**
 * The explorer's reads that make the cache: the first read of a case's events from the evidence
 * (once per case: each page cached with its column and text pages, and indexed as it comes), and
 * the index pages made again from the cached events for a case cached before the current index.
 */
import { PAGED_FORMATS, type EventPage, type PagedFormat } from '../../src-main/shared/contract';
import { EVENT_INDEX_FORMAT } from '../lib/case-db';
import { indexPages, type PageSource } from '../lib/event-index';
import { yieldToPage } from '../lib/yield-to-page';
import type { EventExplorer } from './event-explorer.svelte';

/** Events per API page and per cache read. */
const PAGE = 1000;

/** A case cached before the v4 index: its index pages made again from the cached events (never the evidence). */
export async function rebuildIndex(ex: EventExplorer, fp: string): Promise<void> {
  let next = 0;
  let pageNo = 0;
  for (;;) {
    const rows = await ex.db.caseEvents.where('[fingerprint+seq]').between([fp, next], [fp, Infinity]).limit(PAGE).toArray();
    if (rows.length === 0) break;
    const { columns, texts } = indexPages(fp, pageNo++, rows[0]!.seq, rows.map((r) => r.e), null);
    await ex.db.transaction('rw', [ex.db.eventColumns, ex.db.eventTexts], async () => {
      await ex.db.eventColumns.put(columns);
      await ex.db.eventTexts.put(texts);
    });
    ex.index.addColumns(columns);
    ex.index.addTexts(texts);
    ex.textRows = ex.index.textRows;
    ex.touched();
    next = rows[rows.length - 1]!.seq + 1;
    await yieldToPage();
  }
  ex.total = ex.index.length;
  await ex.db.eventLoads.update(fp, { index: EVENT_INDEX_FORMAT });
  ex.touched();
}

/** The first read of a case: every event from the evidence through the paged API, each page cached with its index pages and indexed. */
export async function readEvidence(ex: EventExplorer, fp: string): Promise<void> {
  const errors: string[] = [];
  let seq = 0;
  let pageNo = 0;
  let shown = Date.now();
  // One cache write in flight while the next page is asked for.
  let writing: Promise<void> = Promise.resolve();
  const files = ex.current.evidence.filter((e) => !e.error && e.archive === undefined && (PAGED_FORMATS as readonly string[]).includes(e.format));
  for (const f of files) {
    let cursor: { chunkFrom: number; skip: number } | null = { chunkFrom: 0, skip: 0 };
    let failed = 0;
    while (cursor) {
      try {
        const source: PageSource = { path: f.path, format: f.format as PagedFormat, ...cursor };
        const page: EventPage = await ex.api.call('readEventPage', { root: ex.current.root, ...source, limit: PAGE });
        if (page.events.length > 0) {
          const seq0 = seq;
          const rows = page.events.map((e) => ({ fingerprint: fp, seq: seq++, e }));
          const { columns, texts } = indexPages(fp, pageNo++, seq0, page.events, source);
          await writing;
          writing = ex.db.transaction('rw', [ex.db.caseEvents, ex.db.eventColumns, ex.db.eventTexts], async () => {
            await ex.db.caseEvents.bulkPut(rows);
            await ex.db.eventColumns.put(columns);
            await ex.db.eventTexts.put(texts);
          });
          ex.index.addColumns(columns);
          ex.index.addTexts(texts);
        }
        failed += page.errors;
        cursor = page.next;
        // The views follow the read twice a second, not per page (each redraw filters everything read so far).
        ex.loaded = ex.index.length;
        ex.total = ex.loaded;
        ex.textRows = ex.index.textRows;
        if (Date.now() - shown > 500) { shown = Date.now(); ex.touched(); }
      } catch (err) {
        errors.push(`${f.path}: ${(err as Error).message}`);
        cursor = null;
      }
    }
    if (failed > 0) errors.push(`${f.path}: ${failed} records could not be read`);
  }
  await writing;
  ex.fileErrors = errors;
  ex.touched();
  await ex.db.eventLoads.put({ fingerprint: fp, complete: true, events: seq, errors, at: new Date().toISOString(), index: EVENT_INDEX_FORMAT });
}
