/**
 * The detail pass's events, by identity (model/event-identity.ts: evidence path and record id).
 * An identity can name more than one event: a file of several channels (an Event Viewer export of
 * Security and Sysmon, JSON lines of a whole host) repeats record ids across its channels, as each
 * channel numbers its own records. Every distinct event of an identity is kept (a few at most), and
 * the one a pivot shows is the one its own summary names: same EventID and time, where it says them.
 * As a map it gives each identity's first event (arrival order: a file is read in order by one worker).
 */
import type { NormalisedEvent } from '../model/event';

/** Events kept per identity: record ids repeat once per channel of a file; this bounds a hostile one. */
const MAX_EVENTS_PER_IDENTITY = 16;

/** Whether `a` and `b` are the same event as far as a pivot can tell them apart. */
function sameEvent(a: NormalisedEvent, b: NormalisedEvent): boolean {
  return a.event_id === b.event_id && a.time === b.time && a.channel === b.channel;
}

export class DetailEvents extends Map<string, NormalisedEvent> {
  /** The second and later distinct events of an identity. */
  private readonly more = new Map<string, NormalisedEvent[]>();

  /**
   * Adds `e` under `id` unless an event the same for a pivot is there already, or the identity
   * holds its bound; whether it was added.
   */
  addEvent(id: string, e: NormalisedEvent): boolean {
    const first = super.get(id);
    if (first === undefined) { super.set(id, e); return true; }
    if (sameEvent(first, e)) return false;
    const list = this.more.get(id);
    if (list === undefined) { this.more.set(id, [e]); return true; }
    if (list.length + 1 >= MAX_EVENTS_PER_IDENTITY || list.some((x) => sameEvent(x, e))) return false;
    list.push(e);
    return true;
  }

  /** Every event kept under `id`, the first first. */
  eventsOf(id: string): readonly NormalisedEvent[] {
    const first = super.get(id);
    if (first === undefined) return [];
    const list = this.more.get(id);
    return list === undefined ? [first] : [first, ...list];
  }

  /**
   * The event of `id` with EventID `eventId` and time `time` (either null: not stated), else the
   * first with that EventID, else the first with that time, else the first of the identity.
   */
  find(id: string, eventId: number | null, time: string | null): NormalisedEvent | undefined {
    const all = this.eventsOf(id);
    if (all.length <= 1) return all[0];
    const idOk = (e: NormalisedEvent) => eventId === null || e.event_id === eventId;
    const timeOk = (e: NormalisedEvent) => time === null || e.time === time;
    return all.find((e) => idOk(e) && timeOk(e)) ?? all.find(idOk) ?? all.find(timeOk) ?? all[0];
  }

  override clear(): void {
    super.clear();
    this.more.clear();
  }
}

/** The event a pivot shows: by its EventID and time among an identity's events (`DetailEvents`), else the map's. */
export function detailEventOf(details: ReadonlyMap<string, NormalisedEvent>, id: string, eventId: number | null, time: string | null): NormalisedEvent | undefined {
  return details instanceof DetailEvents ? details.find(id, eventId, time) : details.get(id);
}
