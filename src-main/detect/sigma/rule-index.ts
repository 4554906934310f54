/**
 * The rule index: rules bucketed by (channel, EventID) of their logsource variants, so an event
 * is only offered the rules that can match it. Buckets for "any EventID of a channel", "this
 * EventID on any channel" and "anything" are merged per (channel, EventID) on first use. Within
 * a merged bucket, rules with a gate (rule-gate.ts) are filed under their gate keys, so a busy
 * bucket (Sysmon process creation: ~1,400 rules) runs only the rules whose key the event gives.
 */
import type { NormalisedEvent } from '../../model/event.ts';
import type { RuleVariant, SigmaRule } from './compile-rule.ts';
import type { EventView } from './event-view.ts';
import { eventGateKeys, probeKey, SubstringFinder } from './rule-gate.ts';
import type { GateProbe } from './rule-gate.ts';

const ANY = '*';
const MAX_CACHED_KEYS = 100_000;

interface MergedBucket {
  all: readonly SigmaRule[];
  ungated: SigmaRule[];
  gated: Map<string, SigmaRule[]>;
  probes: GateProbe[];
  finders: Map<string, SubstringFinder>;
}

function covers(v: RuleVariant, ch: string, eid: number | null): boolean {
  return (v.channels === null || (ch !== ANY && v.channels.has(ch))) && (v.eventIds === null || (eid !== null && v.eventIds.has(eid)));
}

export class RuleIndex {
  private readonly buckets = new Map<string, SigmaRule[]>();
  private readonly merged = new Map<string, MergedBucket>();

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

  private bucket(event: NormalisedEvent): MergedBucket {
    const ch = event.channel === null ? ANY : event.channel.toLowerCase();
    const eid = event.event_id === null ? ANY : String(event.event_id);
    const key = `${ch}|${eid}`;
    const hit = this.merged.get(key);
    if (hit) return hit;
    const seen = new Set<SigmaRule>();
    for (const k of [key, `${ch}|${ANY}`, `${ANY}|${eid}`, `${ANY}|${ANY}`]) for (const r of this.buckets.get(k) ?? []) seen.add(r);
    const b: MergedBucket = { all: [...seen], ungated: [], gated: new Map(), probes: [], finders: new Map() };
    const probes = new Map<string, GateProbe>();
    for (const r of seen) {
      const vs = r.variants.filter((v) => covers(v, ch, event.event_id));
      if (vs.length === 0) continue;
      if (vs.some((v) => !v.gate)) {
        b.ungated.push(r);
        continue;
      }
      const keys = new Set(vs.flatMap((v) => v.gate!.keys));
      for (const v of vs) for (const p of v.gate!.probes) probes.set(probeKey(p), p);
      for (const k of keys) {
        let l = b.gated.get(k);
        if (!l) b.gated.set(k, (l = []));
        l.push(r);
      }
    }
    b.probes = [...probes.values()];
    // One substring finder per `sub` probe, over the literals of every rule filed under it.
    const subLits = new Map<string, string[]>();
    for (const k of b.gated.keys()) {
      const cut = k.indexOf('\0', 4);
      const pk = k.slice(0, cut);
      if (!pk.startsWith('sub\0')) continue;
      let l = subLits.get(pk);
      if (!l) subLits.set(pk, (l = []));
      l.push(k.slice(cut + 1));
    }
    for (const [pk, lits] of subLits) b.finders.set(pk, new SubstringFinder(lits));
    // Evidence decides the keys: bound the cache (a hostile file could name a million channels).
    if (this.merged.size < MAX_CACHED_KEYS) this.merged.set(key, b);
    return b;
  }

  /** Every rule of the event's (channel, EventID): a superset of the matches. */
  candidates(event: NormalisedEvent): readonly SigmaRule[] {
    return this.bucket(event).all;
  }

  /** The rules matching the event: ungated rules, and gated rules whose key the event gives. */
  matches(view: EventView): SigmaRule[] {
    const b = this.bucket(view.event);
    const out: SigmaRule[] = [];
    for (let i = 0; i < b.ungated.length; i++) if (b.ungated[i]!.matchView(view)) out.push(b.ungated[i]!);
    if (b.gated.size === 0) return out;
    const keys: string[] = [];
    eventGateKeys(view, b.probes, b.finders, keys);
    let tried: Set<SigmaRule> | null = null;
    for (const k of keys) {
      const rules = b.gated.get(k);
      if (!rules) continue;
      for (const r of rules) {
        if (tried?.has(r)) continue;
        (tried ??= new Set()).add(r);
        if (r.matchView(view)) out.push(r);
      }
    }
    return out;
  }
}
