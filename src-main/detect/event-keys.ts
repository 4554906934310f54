/**
 * The keys the detection session gives every event, made once per event and shared by the
 * process index, the evidence store and the rule groups: the acting process's join key
 * (model/join.ts `processJoinKey`: `dest|{GUID}`, host lower-cased) and the record's identity
 * (`dest|channel|record id`, both lower-cased; the same record read twice is one event).
 * Host and channel names repeat from event to event (a batch is mostly one log of one host):
 * their lower-cased forms are remembered for the last ones seen instead of made per event, and so
 * is the last join key.
 */
import type { NormalisedEvent } from '../model/event';

export class EventKeys {
  private dest: string | null = null;
  private destKey = '';
  private channel: string | null = null;
  private prefix = '';
  private guid: string | null = null;
  private joinHost = '';
  private join = '';

  /** `dest.trim().toLowerCase()`, remembered for the last host. */
  hostKey(dest: string): string {
    if (dest !== this.dest) {
      this.dest = dest;
      this.destKey = dest.trim().toLowerCase();
      this.channel = null;
    }
    return this.destKey;
  }

  /**
   * The join key of (dest, GUID already normalised by model/guid.ts), or null when either is
   * missing; the last one is remembered (a process's events come in runs), so its Map lookups
   * meet the same string, hashed once, instead of a new one made per event.
   */
  joinKey(dest: string | null, guid: string | null): string | null {
    if (dest === null || guid === null) return null;
    const host = this.hostKey(dest);
    if (guid !== this.guid || host !== this.joinHost) {
      this.guid = guid;
      this.joinHost = host;
      this.join = `${host}|${guid}`;
    }
    return this.join;
  }

  /** The record's identity, or null when its record id is unknown. */
  identity(e: NormalisedEvent): string | null {
    if (e.record_id === null) return null;
    const dest = e.dest ?? '';
    const channel = e.channel ?? '';
    if (dest !== this.dest || channel !== this.channel) {
      const host = this.hostKey(dest);
      this.channel = channel;
      this.prefix = `${host}|${channel.trim().toLowerCase()}|`;
    }
    return this.prefix + e.record_id;
  }
}
