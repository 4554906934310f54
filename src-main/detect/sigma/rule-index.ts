/**
 * The rule index: rules bucketed by (channel, EventID) of their logsource variants, so an event
 * is only offered the rules that can match it. Buckets for "any EventID of a channel", "this
 * EventID on any channel" and "anything" are merged per (channel, EventID) on first use.
 */
import type { NormalisedEvent } from '../../model/event.ts';
import type { SigmaRule } from './compile-rule.ts';

const ANY = '*';
const MAX_CACHED_KEYS = 100_000;

export class RuleIndex {
  private readonly buckets = new Map<string, SigmaRule[]>();
  private readonly merged = new Map<string, readonly SigmaRule[]>();

  constructor(rules: readonly SigmaRule[]) {
    for (const r of rules) {
      const keys = new Set<string>();
      for (const v of r.variants) {
        const chans = v.channels ? [...v.channels] : [ANY];
        const eids = v.eventIds ? [...v.eventIds].map(String) : [ANY];
        for (const c of chans) for (const e of eids) keys.add(`${c}|${e}`);
      }
      for (const k of keys) {
        let b = this.buckets.get(k);
        if (!b) this.buckets.set(k, (b = []));
        b.push(r);
      }
    }
  }

  candidates(event: NormalisedEvent): readonly SigmaRule[] {
    const ch = event.channel === null ? ANY : event.channel.toLowerCase();
    const eid = event.event_id === null ? ANY : String(event.event_id);
    const key = `${ch}|${eid}`;
    const hit = this.merged.get(key);
    if (hit) return hit;
    const seen = new Set<SigmaRule>();
    const keys = [key, `${ch}|${ANY}`, `${ANY}|${eid}`, `${ANY}|${ANY}`];
    for (const k of keys) for (const r of this.buckets.get(k) ?? []) seen.add(r);
    const out = [...seen];
    // Evidence decides the keys: bound the cache (a hostile file could name a million channels).
    if (this.merged.size < MAX_CACHED_KEYS) this.merged.set(key, out);
    return out;
  }
}
