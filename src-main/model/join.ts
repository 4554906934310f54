/** Join keys and ordering for normalised events. */
import type { NormalisedEvent } from './event';
import { normaliseGuid } from './guid';

/**
 * The process join key: (dest, process_guid), never the GUID alone. Host names compare
 * case-insensitively (the same host is spelled `WORKSTATION6` and `workstation6` by different
 * collectors); null when either part is missing.
 */
export function processJoinKey(dest: string | null, processGuid: string | null): string | null {
  const g = normaliseGuid(processGuid);
  if (dest === null || g === null) return null;
  return `${dest.trim().toLowerCase()}|${g}`;
}

/** The join key of an event's acting process (its view's `process_guid`). */
export function eventProcessKey(e: NormalisedEvent): string | null {
  return e.view ? processJoinKey(e.dest, e.view.process_guid) : null;
}

/** Orders by `time` (ISO strings of fixed width sort as instants), then dest, then record id; timeless last. */
export function compareEvents(a: NormalisedEvent, b: NormalisedEvent): number {
  if (a.time !== b.time) {
    if (a.time === null) return 1;
    if (b.time === null) return -1;
    return a.time < b.time ? -1 : 1;
  }
  const da = a.dest ?? '';
  const db = b.dest ?? '';
  if (da !== db) return da < db ? -1 : 1;
  return (a.record_id ?? 0) - (b.record_id ?? 0);
}
