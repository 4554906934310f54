import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ExplorerEvent } from '../../../src-main/shared/contract';
import { CaseDb } from '../../../src-renderer/lib/case-db';
import { EventIndex, SEARCH_CHARS, indexPages } from '../../../src-renderer/lib/event-index';
import { CHECK_BATCH, runPivot, type PivotFind } from '../../../src-renderer/lib/pivot-run';
import { fieldHasValue, valueNeedle } from '../../../src-renderer/lib/value-pivot';

const FP = 'f'.repeat(64);
let n = 0;

/** Event i: every 4th has its text cut (a long first field) and the value after it; every 10th has the value in view. */
function ev(i: number): ExplorerEvent {
  const fields: Record<string, string> = i % 4 === 0 ? { Long: 'z'.repeat(SEARCH_CHARS + 5), Marker: i % 8 === 0 ? 'Needle' : `m${i}` } : { Marker: i % 10 === 1 ? 'NEEDLE' : `m${i}` };
  return { evidence: 'a.evtx', record_id: i, time: null, event_id: 1, channel: null, provider: null, dest: i % 2 ? 'A' : 'B', process_guid: null, fields };
}

/** A cache of `count` events in pages of 1,000 (columns, texts, events), and an index with the columns only (the texts still to read). */
async function cache(count: number): Promise<{ db: CaseDb; ix: EventIndex; events: ExplorerEvent[] }> {
  const db = new CaseDb(`pivot-run-${Date.now()}-${++n}`);
  const ix = new EventIndex();
  const events = Array.from({ length: count }, (_, i) => ev(i));
  for (let p = 0; p * 1000 < count; p++) {
    const page = events.slice(p * 1000, (p + 1) * 1000);
    const { columns, texts } = indexPages(FP, p, p * 1000, page, null);
    await db.eventColumns.put(columns);
    await db.eventTexts.put(texts);
    await db.caseEvents.bulkPut(page.map((e, k) => ({ fingerprint: FP, seq: p * 1000 + k, e })));
    ix.addColumns(columns);
  }
  return { db, ix, events };
}

const valueFind = (v: string): PivotFind => ({ needle: valueNeedle(v), hostId: null, hitsAreSure: true, test: (e) => fieldHasValue(e, v) });

describe('a pivot run over the index and the cache', () => {
  it('finds what a scan of every event finds: text matches at once, the cut events read and checked, with progress', async () => {
    const { db, ix, events } = await cache(2_500);
    const expected = events.flatMap((e, i) => (fieldHasValue(e, 'needle') ? [i] : []));
    const progress: [number, number][] = [];
    let found: Set<number> | null = null;
    let atFound = 0;
    await runPivot(ix, db, FP, valueFind('needle'), {
      live: () => true, found: (s) => { found = s; atFound = s.size; }, grew: () => {}, progress: (c, o) => progress.push([c, o]),
    });
    // in view: i % 10 == 1 (250 events); behind a cut: i % 8 == 0 (313)
    expect(atFound).toBe(250);
    expect([...found!].sort((a, b) => a - b)).toEqual(expected);
    // only the cut events were read (every 4th), in batches
    expect(progress[0]).toEqual([0, 625]);
    expect(progress.at(-1)).toEqual([625, 625]);
    expect(progress).toHaveLength(1 + Math.ceil(625 / CHECK_BATCH));
    // the text pages it needed were read from the cache into the index
    expect(ix.textRows).toBe(2_500);
    db.close();
  });

  it('narrows a process pivot to its host and tests the text matches', async () => {
    const { db, ix, events } = await cache(1_200);
    const hostId = ix.hosts.find('A');
    const find: PivotFind = { needle: valueNeedle('needle'), hostId, hitsAreSure: false, test: (e) => e.dest === 'A' && fieldHasValue(e, 'needle') };
    let found: Set<number> | null = null;
    await runPivot(ix, db, FP, find, { live: () => true, found: (s) => { found = s; }, grew: () => {}, progress: () => {} });
    expect([...found!].sort((a, b) => a - b)).toEqual(events.flatMap((e, i) => (e.dest === 'A' && fieldHasValue(e, 'needle') ? [i] : [])));
    db.close();
  });

  it('stops when the run is no longer live, keeping what it found', async () => {
    const { db, ix } = await cache(4_000);
    let found: Set<number> | null = null;
    let batches = 0;
    let live = true;
    await runPivot(ix, db, FP, valueFind('needle'), {
      live: () => live, found: (s) => { found = s; }, grew: () => {}, progress: (c) => { if (c > 0 && ++batches === 1) live = false; },
    });
    expect(batches).toBe(1);
    expect(found!.size).toBeGreaterThanOrEqual(400);
    expect(found!.size).toBeLessThan(400 + 500);
    db.close();
  });

  it('reads and tests every event when no text answers (a bookmark that moved)', async () => {
    const { db, ix } = await cache(1_100);
    let found: Set<number> | null = null;
    await runPivot(ix, db, FP, { needle: null, hostId: null, hitsAreSure: false, test: (e) => e.record_id === 1_050 }, { live: () => true, found: (s) => { found = s; }, grew: () => {}, progress: () => {} });
    expect([...found!]).toEqual([1_050]);
    db.close();
  });
});
