/**
 * Every host of the evidence, counted while the case is read (not only hosts with findings): its
 * events, first and last event time and its log channels. Bounded whatever the evidence holds:
 * at most MAX_HOSTS hosts and MAX_CHANNELS_PER_HOST channels each are kept by name, those whose
 * names sort first whatever order the batches came in (past a bound plus a slack the names sorting
 * last are evicted, and later names sorting after them refused); the rest are counted under an
 * "other" total and the summary says it was cut.
 */
import type { NormalisedEvent } from '../model/event';
import type { TallyRow } from '../evidence-reading/event-tally';
import type { HostSummaries, HostSummary } from '../shared/contract-hosts';

export type { HostSummaries };

/** The host name used for events whose record names no computer. */
export const NO_HOST = '(no computer name)';
export const MAX_HOSTS = 4096;
export const MAX_CHANNELS_PER_HOST = 128;
/** Host and channel names are cut to this many characters (attacker-controlled text). */
const MAX_NAME_CHARS = 256;


interface Tally {
  events: number; first: number; last: number; channels: Map<string, number>; other: number;
  /** The first channel name evicted: names at or after it go to `other`. */
  channelThreshold: string | null;
}

/** Entries held past `max` before the names sorting last are evicted (amortises the sort). */
const slack = (max: number): number => Math.max(1, max >> 2);

/** Keeps the `max` entries of `m` whose names sort first; returns the first name evicted (null: none) and calls `gone` for each evicted. */
function keepFirstNames<V>(m: Map<string, V>, max: number, gone: (v: V) => void): string | null {
  if (m.size <= max) return null;
  const names = [...m.keys()].sort();
  for (let i = max; i < names.length; i++) { gone(m.get(names[i]!)!); m.delete(names[i]!); }
  return names[max]!;
}

function clip(s: string): string {
  return s.length > MAX_NAME_CHARS ? `${s.slice(0, MAX_NAME_CHARS)}…` : s;
}

export class HostTally {
  private readonly byHost = new Map<string, Tally>();
  private otherHostEvents = 0;
  /** The first host name evicted: names at or after it are counted in `otherHostEvents`. */
  private hostThreshold: string | null = null;

  add(batch: readonly NormalisedEvent[]): void {
    for (const e of batch) {
      const ms = e.time_ms;
      const t = ms !== null && Number.isFinite(ms) ? ms : null;
      this.count(e.dest, e.channel, 1, t, t);
    }
  }

  /** Adds events counted in a worker instead of sent (evidence-reading/event-tally.ts): the same as adding the events. */
  addTally(rows: readonly TallyRow[]): void {
    for (const r of rows) this.count(r.dest, r.channel, r.events, r.first, r.last);
  }

  /** `n` events of host `dest` and channel `channel`, their earliest and latest time `first`, `last` (finite, or null: none). */
  private count(dest: string | null, channel: string | null, n: number, first: number | null, last: number | null): void {
    const host = dest ? clip(dest) : NO_HOST;
    let t = this.byHost.get(host);
    if (!t) {
      if (this.hostThreshold !== null && host >= this.hostThreshold) { this.otherHostEvents += n; return; }
      t = { events: 0, first: Infinity, last: -Infinity, channels: new Map(), other: 0, channelThreshold: null };
      this.byHost.set(host, t);
      if (this.byHost.size > MAX_HOSTS + slack(MAX_HOSTS)) {
        this.evictHosts();
        if (!this.byHost.has(host)) { this.otherHostEvents += n; return; }
      }
    }
    t.events += n;
    if (first !== null && first < t.first) t.first = first;
    if (last !== null && last > t.last) t.last = last;
    const ch = channel ? clip(channel) : '(no channel)';
    const c = t.channels.get(ch);
    if (c !== undefined) t.channels.set(ch, c + n);
    else if (t.channelThreshold !== null && ch >= t.channelThreshold) t.other += n;
    else {
      t.channels.set(ch, n);
      if (t.channels.size > MAX_CHANNELS_PER_HOST + slack(MAX_CHANNELS_PER_HOST)) this.evictChannels(t);
    }
  }

  private evictHosts(): void {
    this.hostThreshold = keepFirstNames(this.byHost, MAX_HOSTS, (t) => { this.otherHostEvents += t.events; }) ?? this.hostThreshold;
  }

  private evictChannels(t: Tally): void {
    t.channelThreshold = keepFirstNames(t.channels, MAX_CHANNELS_PER_HOST, (n) => { t.other += n; }) ?? t.channelThreshold;
  }

  result(): HostSummaries {
    this.evictHosts();
    for (const t of this.byHost.values()) this.evictChannels(t);
    const iso = (ms: number) => (Number.isFinite(ms) ? safeIso(ms) : null);
    const hosts = [...this.byHost.entries()].map(([host, t]): HostSummary => ({
      host, events: t.events, first: iso(t.first), last: iso(t.last),
      channels: [...t.channels.entries()].map(([channel, events]) => ({ channel, events })).sort((a, b) => b.events - a.events || (a.channel < b.channel ? -1 : 1)),
      otherChannelEvents: t.other,
    }));
    hosts.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
    return { hosts, otherHostEvents: this.otherHostEvents };
  }
}

/** ISO time of an epoch-ms value, or null beyond what a Date can hold (a forged timestamp). */
function safeIso(ms: number): string | null {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
