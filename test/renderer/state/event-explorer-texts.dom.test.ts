import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { ExplorerEvent } from '../../../src-main/shared/contract';
import { indexPages } from '../../../src-renderer/lib/event-index';
import { EventExplorer } from '../../../src-renderer/state/event-explorer.svelte';
import { FakeClient } from '../fake-client';
import { fixtureScan } from '../fixtures';
import { freshDb } from '../mount-app';

const FP = 'e'.repeat(64);
const ev = (i: number): ExplorerEvent => ({ evidence: 'a.evtx', record_id: i, time: null, event_id: 1, channel: 'C', provider: 'P', dest: 'H', process_guid: null, fields: { CommandLine: `cmd-${i}` } });

/** An explorer whose index holds the columns of 5 pages of 1,000 events and none of their texts (as while reopening). */
async function explorer() {
  const db = freshDb();
  const scan = fixtureScan('/cases/texts', FP);
  const ex = new EventExplorer(new FakeClient(scan), db, { ...scan, openedAt: scan.scannedAt, hosts: [], findingCount: 0, findingCounts: { high: 0, medium: 0, low: 0, suppressed: 0 }, findingsCached: true } as never);
  for (let p = 0; p < 5; p++) {
    const { columns, texts } = indexPages(FP, p, p * 1000, Array.from({ length: 1000 }, (_, k) => ev(p * 1000 + k)), null);
    await db.eventTexts.put(texts);
    ex.index.addColumns(columns);
  }
  ex.unranged = ex.index.filter({});
  return ex;
}

describe('explorer texts read for the rows in view', () => {
  it('reads at once the text pages of the rows asked for, only those, and once', async () => {
    const ex = await explorer();
    const gets = vi.spyOn(ex.db.eventTexts, 'get');
    expect(ex.index.line(3_500)).toBeNull();
    ex.wantTexts(3_400, 3_600);
    // a page being read is not asked again
    ex.wantTexts(3_000, 3_010);
    await expect.poll(() => ex.textRows).toBe(1_000);
    expect(gets).toHaveBeenCalledTimes(1);
    expect(ex.index.line(3_500)).toContain('cmd-3500');
    expect(ex.index.line(10)).toBeNull();
    expect(ex.index.pagesWithoutText()).toEqual([0, 1, 2, 4]);
    // rows across two pages: both read, each in a read of its own
    ex.wantTexts(1_990, 2_010);
    await expect.poll(() => ex.textRows).toBe(3_000);
    expect(gets).toHaveBeenCalledTimes(3);
    expect(ex.index.pagesWithoutText()).toEqual([0, 4]);
  });

  it('reads the nearest pages first, and no more than a few at once', async () => {
    const ex = await explorer();
    const asked: number[] = [];
    const get = ex.db.eventTexts.get.bind(ex.db.eventTexts);
    vi.spyOn(ex.db.eventTexts, 'get').mockImplementation(((key: [string, number]) => { asked.push(key[1]); return get(key); }) as never);
    // scrolling up: the pages nearest the view (the last rows) first
    ex.wantTexts(0, 5_000, true);
    expect(asked).toEqual([4, 3, 2, 1]);
    await expect.poll(() => ex.textRows).toBe(4_000);
    ex.wantTexts(0, 5_000);
    await expect.poll(() => ex.textRows).toBe(5_000);
    expect(asked).toEqual([4, 3, 2, 1, 0]);
  });

  it('asks the pages of the rows in view even while reads ahead fill every slot', async () => {
    const ex = await explorer();
    const asked: number[] = [];
    const get = ex.db.eventTexts.get.bind(ex.db.eventTexts);
    vi.spyOn(ex.db.eventTexts, 'get').mockImplementation(((key: [string, number]) => { asked.push(key[1]); return get(key); }) as never);
    ex.wantTexts(0, 4_000);
    ex.wantTexts(4_500, 4_510);
    expect(asked).toEqual([0, 1, 2, 3]);
    ex.wantTexts(4_500, 4_510, false, true);
    expect(asked).toEqual([0, 1, 2, 3, 4]);
    await expect.poll(() => ex.textRows).toBe(5_000);
  });

  it('lets the reads behind the grid wait while it scrolls, until it has been still a moment', async () => {
    const ex = await explorer();
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    try {
      ex.scrolled();
      let done = false;
      const quiet = (ex as unknown as { quiet(): Promise<void> }).quiet().then(() => { done = true; });
      await vi.advanceTimersByTimeAsync(50);
      expect(done).toBe(false);
      // scrolled again: the wait starts over
      ex.scrolled();
      await vi.advanceTimersByTimeAsync(150);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(100);
      await quiet;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits longer after a scroll whose steps come slowly (a loaded machine), up to a second', async () => {
    const ex = await explorer();
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    try {
      const grid = ex as unknown as { quiet(): Promise<void> };
      ex.scrolled();
      await vi.advanceTimersByTimeAsync(300);
      // a step 300 ms after the last: still this scroll, and the wait is three such gaps
      ex.scrolled();
      let done = false;
      const waited = grid.quiet().then(() => { done = true; });
      await vi.advanceTimersByTimeAsync(850);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(100);
      await waited;
      expect(done).toBe(true);
      // a step after a long stillness is a new scroll: the short wait again
      await vi.advanceTimersByTimeAsync(2_000);
      ex.scrolled();
      done = false;
      const again = grid.quiet().then(() => { done = true; });
      await vi.advanceTimersByTimeAsync(210);
      await again;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
