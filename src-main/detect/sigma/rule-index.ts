/**
 * The rule index: rules bucketed by (channel, EventID) of their logsource variants, so an event
 * is only offered the rules that can match it. Buckets for "any EventID of a channel", "this
 * EventID on any channel" and "anything" are merged per (channel, EventID) on first use. Within
 * a merged bucket, rules with a gate (rule-gate.ts) are filed under their gate keys, one table
 * per probed field: whole values and `\`-basenames by value, literals in one SubstringFinder per
 * field (one scan of the value for all of them). So a busy bucket (Sysmon process creation:
 * ~1,400 rules) runs only its ungated rules and the rules whose key the event gives, each once.
 */
import type { NormalisedEvent } from '../../model/event';
import type { RuleVariant, SigmaRule } from './compile-rule';
import { EventView, fieldSlot } from './event-view';
import type { GateKind } from './rule-gate';
import { SubstringFinder } from './substring-finder';

const ANY = '*';
const MAX_CACHED_BUCKETS = 100_000;

/** The rules (by ordinal) filed under one probed field of a bucket. */
interface ProbeTable {
  source: string;
  /** The source field's slot in the event view. */
  slot: number;
  kind: GateKind;
  /** `eq`: lower-cased value → rules; `base`: `\`-basename → rules. */
  exact: Map<string, number[]> | null;
  /** `sub`: the literals, and the rules of each literal (by the finder's literal index). */
  finder: SubstringFinder | null;
  byLiteral: number[][];
}

interface MergedBucket {
  all: readonly SigmaRule[];
  ungated: number[];
  probes: ProbeTable[];
}

function covers(v: RuleVariant, ch: string, eid: number | null): boolean {
  return (v.channels === null || (ch !== ANY && v.channels.has(ch))) && (v.eventIds === null || (eid !== null && v.eventIds.has(eid)));
}

/** What `matches` returns for an event no rule matches (shared: nothing is allocated). */
const NO_RULES: readonly SigmaRule[] = Object.freeze([]);

const byOrdinal = (x: number, y: number): number => x - y;

export class RuleIndex {
  /** Rules (by ordinal, ascending) by `channel|EventID` of their variants (`*`: any). */
  private readonly buckets = new Map<string, number[]>();
  /** Merged buckets by the event's channel as written, then EventID. */
  private readonly merged = new Map<string | null, Map<number | null, MergedBucket>>();
  private mergedCount = 0;
  /** Built buckets by the rules and variants they offer. */
  private readonly byShape = new Map<string, MergedBucket>();
  /** Per rule, the `epoch` it last ran in (each rule runs once per event). */
  private readonly ran: Uint32Array;
  private epoch = 0;
  private readonly found: number[] = [];
  /** The ordinals matched on the current event (reused). */
  private readonly hits: number[] = [];
  /** One view moved from event to event (`matches` is not re-entered). */
  private view: EventView | null = null;

  constructor(private readonly rules: readonly SigmaRule[]) {
    this.ran = new Uint32Array(rules.length);
    rules.forEach((r, o) => {
      const keys = new Set<string>();
      for (const v of r.variants) {
        const chans = v.channels ? [...v.channels] : [ANY];
        const eids = v.eventIds ? [...v.eventIds].map(String) : [ANY];
        for (const c of chans) for (const e of eids) keys.add(`${c}|${e}`);
      }
      for (const k of keys) {
        let b = this.buckets.get(k);
        if (!b) this.buckets.set(k, (b = []));
        b.push(o); // in load order: each list ascending
      }
    });
  }

  private build(event: NormalisedEvent): MergedBucket {
    const ch = event.channel === null ? ANY : event.channel.toLowerCase();
    const eid = event.event_id === null ? ANY : String(event.event_id);
    // Rules in load order, so matches come out in a stable order.
    const ords: number[] = [];
    for (const k of [`${ch}|${eid}`, `${ch}|${ANY}`, `${ANY}|${eid}`, `${ANY}|${ANY}`]) {
      const list = this.buckets.get(k);
      if (list) for (let i = 0; i < list.length; i++) ords.push(list[i]!);
    }
    ords.sort((x, y) => x - y);
    const all: SigmaRule[] = [];
    // (channel, EventID) pairs offered the same rules through the same variants share one bucket
    // (a file naming thousands of EventIDs of a channel builds the channel's tables once); the
    // shape is each rule's ordinal, and which of its variants cover unless it has one that does.
    let shape = '';
    for (let i = 0; i < ords.length; i++) {
      const o = ords[i]!;
      if (i > 0 && ords[i - 1] === o) continue;
      const r = this.rules[o]!;
      all.push(r);
      shape += r.variants.length === 1 && covers(r.variants[0]!, ch, event.event_id) ? `${o},` : `${o}:${r.variants.map((v) => (covers(v, ch, event.event_id) ? 1 : 0)).join('')},`;
    }
    const same = this.byShape.get(shape);
    if (same) return same;
    const b: MergedBucket = { all, ungated: [], probes: [] };
    if (this.byShape.size < MAX_CACHED_BUCKETS) this.byShape.set(shape, b);
    const tables = new Map<string, { source: string; kind: GateKind; lits: Map<string, number[]> }>();
    for (let i = 0, o = -1; i < ords.length; i++) {
      if (ords[i] === o) continue;
      o = ords[i]!;
      const r = this.rules[o]!;
      const vs = r.variants.filter((v) => covers(v, ch, event.event_id));
      if (vs.length === 0) continue;
      if (vs.some((v) => !v.gate())) {
        b.ungated.push(o);
        continue;
      }
      for (const v of vs) {
        for (const { kind, source, lit } of v.gate()!.keys) {
          const tk = `${kind}\0${source}`; // a kind has no NUL: this names one (kind, field)
          let t = tables.get(tk);
          if (!t) tables.set(tk, (t = { source, kind, lits: new Map() }));
          let l = t.lits.get(lit);
          if (!l) t.lits.set(lit, (l = []));
          if (l[l.length - 1] !== o) l.push(o); // rules are filed in order: a repeat is the last
        }
      }
    }
    for (const t of tables.values()) {
      if (t.kind !== 'sub') {
        b.probes.push({ source: t.source, slot: fieldSlot(t.source), kind: t.kind, exact: t.lits, finder: null, byLiteral: [] });
        continue;
      }
      const finder = new SubstringFinder(t.lits.keys());
      b.probes.push({ source: t.source, slot: fieldSlot(t.source), kind: t.kind, exact: null, finder, byLiteral: finder.literals.map((l) => t.lits.get(l)!) });
    }
    return b;
  }

  private bucket(event: NormalisedEvent): MergedBucket {
    let byEid = this.merged.get(event.channel);
    const hit = byEid?.get(event.event_id);
    if (hit) return hit;
    const b = this.build(event);
    // Evidence decides the keys: bound the cache (a hostile file could name a million channels).
    if (this.mergedCount < MAX_CACHED_BUCKETS) {
      if (!byEid) this.merged.set(event.channel, (byEid = new Map()));
      byEid.set(event.event_id, b);
      this.mergedCount++;
    }
    return b;
  }

  /** Every rule of the event's (channel, EventID): a superset of the matches. */
  candidates(event: NormalisedEvent): readonly SigmaRule[] {
    return this.bucket(event).all;
  }

  /** The rules matching the event (in load order): ungated rules, and gated rules whose key the event gives. */
  matches(event: NormalisedEvent): readonly SigmaRule[] {
    const b = this.bucket(event);
    if (b.all.length === 0) return NO_RULES;
    let view = this.view;
    if (view === null) this.view = view = new EventView(event);
    else view.reset(event);
    if (++this.epoch === 0xffffffff) this.restartEpochs();
    const epoch = this.epoch;
    const hits = this.hits;
    hits.length = 0;
    for (let i = 0; i < b.ungated.length; i++) this.run(b.ungated[i]!, view, epoch, hits);
    const found = this.found;
    for (let p = 0; p < b.probes.length; p++) {
      const t = b.probes[p]!;
      const vals = view.lowerValuesAt(t.slot, t.source);
      if (vals === null) continue;
      for (let i = 0; i < vals.length; i++) {
        const v = vals[i]!;
        if (t.exact !== null) {
          const list = t.exact.get(t.kind === 'base' ? v.slice(v.lastIndexOf('\\') + 1) : v);
          if (list !== undefined) for (let j = 0; j < list.length; j++) this.run(list[j]!, view, epoch, hits);
          continue;
        }
        found.length = 0;
        t.finder!.find(v, epoch, found);
        for (let k = 0; k < found.length; k++) {
          const list = t.byLiteral[found[k]!]!;
          for (let j = 0; j < list.length; j++) this.run(list[j]!, view, epoch, hits);
        }
      }
    }
    if (hits.length === 0) return NO_RULES;
    if (hits.length > 1) hits.sort(byOrdinal);
    const out: SigmaRule[] = []; // packed, as every list this returns (no holey-array map at callers)
    for (let i = 0; i < hits.length; i++) out.push(this.rules[hits[i]!]!);
    return out;
  }

  /** After 2^32 − 2 events (a long-running app): every "seen in this epoch" mark is cleared. */
  private restartEpochs(): void {
    this.ran.fill(0);
    const clear = (b: MergedBucket) => {
      for (const p of b.probes) p.finder?.reset();
    };
    for (const b of this.byShape.values()) clear(b);
    for (const byEid of this.merged.values()) for (const b of byEid.values()) clear(b);
    this.epoch = 1;
  }

  private run(o: number, view: EventView, epoch: number, hits: number[]): void {
    if (this.ran[o] === epoch) return;
    this.ran[o] = epoch;
    if (this.rules[o]!.matchView(view)) hits.push(o);
  }
}
