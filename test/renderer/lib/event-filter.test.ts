import { describe, expect, it } from 'vitest';
import type { ExplorerEvent } from '../../../src-main/shared/contract';
import { spanOf } from '../../../src-renderer/lib/event-filter';
import { EventIndex } from '../../../src-renderer/lib/event-index';

const T0 = Date.UTC(2026, 10, 17, 8, 0, 0);
const ev = (i: number, time: string | null = new Date(T0 + i * 1000).toISOString()): ExplorerEvent => ({
  evidence: 'a.evtx', record_id: i, time, event_id: i % 2 ? 4624 : 1, channel: 'C', provider: 'P', dest: i % 3 ? 'H1' : 'H2', process_guid: null, fields: { CommandLine: `cmd-${i}` },
});

describe('a filter run over the explorer index', () => {
  it('finds the time span of what it keeps as it keeps it, as EventIndex.span of the result', () => {
    const ix = new EventIndex();
    ix.addEvents(0, [ev(0, null), ...Array.from({ length: 2999 }, (_, i) => ev(i + 1))]);
    for (const f of [{}, { host: 'H2' }, { eventIds: [4624] }, { text: 'cmd-17' }, { host: 'H1', text: 'cmd-2' }]) {
      const run = ix.startFilter(f);
      run.run();
      expect(run.span).toEqual(ix.span(run.result));
    }
    const one = ix.startFilter({ text: 'cmd-42\n' });
    one.run();
    // one instant: a second either side
    expect(one.span).toEqual({ from: T0 + 42_000 - 1000, to: T0 + 42_000 + 1000 });
    const none = ix.startFilter({ host: 'NOPE' });
    none.run();
    expect(none.span).toBeNull();
  });

  it('has no span over events without a time', () => {
    expect(spanOf(Infinity, -Infinity)).toBeNull();
    const ix = new EventIndex();
    ix.addEvents(0, [ev(0, null), ev(1, null)]);
    const run = ix.startFilter({});
    run.run();
    expect(run.result.length).toBe(2);
    expect(run.span).toBeNull();
  });
});

describe('the explorer index sized ahead', () => {
  it('keeps its columns where they are while pages up to the reserved count come in', () => {
    const ix = new EventIndex();
    ix.reserve(5_000);
    const time = ix.time;
    for (let p = 0; p < 5; p++) ix.addEvents(p * 1000, Array.from({ length: 1000 }, (_, k) => ev(p * 1000 + k)));
    expect(ix.time).toBe(time);
    expect(ix.length).toBe(5_000);
    expect(ix.filter({ eventIds: [4624] }).length).toBe(2_500);
    // past what was reserved, the columns grow as before
    const more = time.length;
    ix.addEvents(5_000, Array.from({ length: more }, (_, k) => ev(5_000 + k)));
    expect(ix.time).not.toBe(time);
    expect(ix.time[5_000 + more - 1]).toBe(T0 + (5_000 + more - 1) * 1000);
  });
});
