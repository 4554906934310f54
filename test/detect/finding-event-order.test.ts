/**
 * The order findings list their events in (src-main/detect/finding-event-order.ts): a total order
 * (time, evidence, record id, event id; no time sorts last), and a trim that keeps the first ones.
 */
import { describe, expect, it } from 'vitest';
import { compareFindingEvents, trimEvents } from '../../src-main/detect/finding-event-order';
import type { FindingEvent } from '../../src-main/detect/findings';

const ev = (time: string | null, evidence: string, record_id: number | null, event_id: number | null = 1): FindingEvent => ({ time, evidence, record_id, event_id, process_guid: null });

describe('finding event order', () => {
  const ordered = [
    ev('2024-01-01T00:00:00.000Z', 'a.evtx', 5),
    ev('2024-01-01T00:00:00.000Z', 'b.evtx', 1),
    ev('2024-01-01T00:00:00.000Z', 'b.evtx', 2, 1),
    ev('2024-01-01T00:00:00.000Z', 'b.evtx', 2, 7),
    ev('2024-01-02T00:00:00.000Z', 'a.evtx', 1),
    ev(null, 'a.evtx', 0),
  ];

  it('orders by time, then evidence, record id and event id, events without a time last, whatever the input order', () => {
    for (let seed = 0; seed < 6; seed++) {
      const shuffled = [...ordered].sort((x, y) => ((ordered.indexOf(x) * 7 + seed) % 6) - ((ordered.indexOf(y) * 7 + seed) % 6));
      expect(shuffled.sort(compareFindingEvents)).toEqual(ordered);
    }
    for (const a of ordered) expect(compareFindingEvents(a, { ...a })).toBe(0);
  });

  it('trims to the first `max` in that order, and names the ones cut', () => {
    const events = [...ordered].reverse();
    const unlisted = new WeakSet<FindingEvent>();
    trimEvents(events, 3, unlisted);
    expect(events).toEqual(ordered.slice(0, 3));
    for (const e of ordered.slice(0, 3)) expect(unlisted.has(e)).toBe(false);
    for (const e of ordered.slice(3)) expect(unlisted.has(e)).toBe(true);
    const few = ordered.slice(0, 2);
    trimEvents(few, 3);
    expect(few).toEqual(ordered.slice(0, 2));
  });
});
