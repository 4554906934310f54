/**
 * The order findings list their events in (Sigma findings, correlations, the built-in analytics'
 * rows): one total order, independent of the order batches arrive in, so the same evidence gives
 * the same document whatever the worker count.
 */
import type { FindingEvent } from './findings';

/** A total order of listed events, independent of batch order: time, evidence, record id, event id. */
export function compareFindingEvents(a: FindingEvent, b: FindingEvent): number {
  const ta = a.time ?? '\uffff';
  const tb = b.time ?? '\uffff';
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.evidence !== b.evidence) return a.evidence < b.evidence ? -1 : 1;
  return (a.record_id ?? 0) - (b.record_id ?? 0) || (a.event_id ?? 0) - (b.event_id ?? 0);
}

/** Sorts `events` in that order and keeps the first `max` (those cut go to `unlisted`: a re-cited copy may come back). */
export function trimEvents(events: FindingEvent[], max: number, unlisted?: WeakSet<FindingEvent>): void {
  events.sort(compareFindingEvents);
  if (events.length > max) {
    if (unlisted) for (let i = max; i < events.length; i++) unlisted.add(events[i]!);
    events.length = max;
  }
}
