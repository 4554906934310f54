/**
 * An event's (channel, EventID) key, as the Sigma rule index files its rules under them
 * (detect/sigma/rule-index.ts: `channel|EventID`, the channel lower-cased, `*` for any or none),
 * and the set of keys under which some rule is filed: the events a read must send with their data
 * because a rule may read it. Both sides use the same keys, so the set offers an event exactly
 * when the index would offer it a rule (Chainsaw and Hayabusa filter events by EventID the same
 * way before they match).
 */

/** The key part that stands for any channel or EventID (and for none: an event without one). */
export const ANY_KEY = '*';

/** The channel part of an event's key: lower-cased, `*` without one. */
export function channelKey(channel: string | null): string {
  return channel === null ? ANY_KEY : channel.toLowerCase();
}

/** The EventID part of an event's key: its number in decimal, `*` without one. */
export function eventIdKey(eventId: number | null): string {
  return eventId === null ? ANY_KEY : String(eventId);
}

/**
 * The keys a rule filed for an event may be under, most specific first: the event's own pair, any
 * EventID of its channel, its EventID on any channel, anything.
 */
export function offeredKeys(channel: string, eventId: string): [string, string, string, string] {
  return [`${channel}|${eventId}`, `${channel}|${ANY_KEY}`, `${ANY_KEY}|${eventId}`, `${ANY_KEY}|${ANY_KEY}`];
}

/** Distinct (channel, EventID) answers kept per set: evidence names the channels, so the memo is bounded. */
const MAX_REMEMBERED = 4096;

/**
 * The keys rules are filed under (a rule set's `dataKeys`), asked per event whether any of them
 * may be offered it. Answers are remembered per channel as written and EventID (a file's events
 * nearly all share a channel), up to a bound.
 */
export class EventDataKeys {
  private readonly keys: ReadonlySet<string>;
  private readonly everything: boolean;
  private readonly memo = new Map<string | null, Map<number | null, boolean>>();
  private remembered = 0;

  constructor(keys: Iterable<string>) {
    this.keys = new Set(keys);
    this.everything = this.keys.has(`${ANY_KEY}|${ANY_KEY}`);
  }

  /** Whether a rule filed under these keys may be offered an event of this channel and EventID. */
  wants(channel: string | null, eventId: number | null): boolean {
    if (this.everything) return true;
    const byId = this.memo.get(channel);
    const known = byId?.get(eventId);
    if (known !== undefined) return known;
    const keys = offeredKeys(channelKey(channel), eventIdKey(eventId));
    const wanted = this.keys.has(keys[0]) || this.keys.has(keys[1]) || this.keys.has(keys[2]) || this.keys.has(keys[3]);
    if (this.remembered < MAX_REMEMBERED) {
      this.remembered++;
      if (byId) byId.set(eventId, wanted);
      else this.memo.set(channel, new Map([[eventId, wanted]]));
    }
    return wanted;
  }
}
