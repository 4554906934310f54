/**
 * An event's identity within a case: its evidence path and record id (or, without one, its time
 * and EventID). The detail pass asks for events by it (case/event-details.ts) and a worker's
 * detail read matches it on the events it normalises (evidence-reading/parse-file.ts).
 */
import type { NormalisedEvent } from './event';

export function eventIdentity(evidence: string, recordId: number | null, time: string | null, eventId: number | null): string {
  return recordId !== null ? `${evidence}\u0000#${recordId}` : `${evidence}\u0000@${time ?? ''}\u0000${eventId ?? ''}`;
}

export function identityOf(e: NormalisedEvent): string {
  return eventIdentity(e.evidence, e.record_id, e.time, e.event_id);
}
