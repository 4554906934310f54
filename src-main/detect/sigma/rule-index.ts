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
import { ANY_KEY as ANY, channelKey, eventIdKey, offeredKeys } from '../../model/event-data-keys';
import type { RuleVariant, SigmaRule } from './compile-rule';
import { EventView } from './event-view';
import type { RuleGate } from './rule-gate';
import { fileGated, probeOf, type GateTable, type ProbeTable } from './probe-tables';

const MAX_CACHED_BUCKETS = 100_000;

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

/** The constructor's memo: per channel set, then EventID set (null: any), the bucket lists of that pair. */
type BucketLists = Map<ReadonlySet<string> | null, Map<ReadonlySet<number> | null, number[][]>>;

/**
 * The index. Its once-per-bucket work (`build` and the helpers it calls) is split into small
 * functions apart from the per-event `matches`: TurboFan's cost grows with a function's size, and a
 * one-shot loop in a big function gets the whole function compiled on stack (OSR) and again after
 * the code past the loop first runs (measured: `--trace-opt`, `--trace-deopt`).
 */
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
    const lists: BucketLists = new Map();
    for (let o = 0; o < rules.length; o++) this.file(o, rules[o]!, lists); // in load order: each list ascending
  }

  /**
   * Files rule `o` in the `channel|EventID` lists of its variants, each once (rules are filed in
   * order: a list the rule is already in ends with it). No set or arrays per rule: the
   * constructor files the whole set (~2,800 rules) before the first event.
   */
  private file(o: number, r: SigmaRule, lists: BucketLists): void {
    const vs = r.variants;
    for (let i = 0; i < vs.length; i++) {
      const ls = this.listsOf(vs[i]!, lists);
      for (let j = 0; j < ls.length; j++) {
        const b = ls[j]!;
        if (b[b.length - 1] !== o) b.push(o);
      }
    }
  }

  /**
   * The lists a variant is filed in: found once per pair of channel and EventID sets. Variants
   * share their sets (compile-rule.ts channelsOf, sharedEventIds: the bundled set's 3,827 variants
   * have 237 pairs), so the `channel|EventID` keys (4,184 for the set) are not written and looked
   * up again for each. Sets by `forEach`, arrays by index: a `for…of` steps an iterator and
   * allocates a result per step in the tiers this one-shot code runs in.
   */
  private listsOf(v: RuleVariant, lists: BucketLists): number[][] {
    let byEventIds = lists.get(v.channels);
    if (byEventIds === undefined) lists.set(v.channels, (byEventIds = new Map()));
    let out = byEventIds.get(v.eventIds);
    if (out === undefined) {
      const found: number[][] = [];
      if (v.channels === null) this.listsUnder(ANY, v.eventIds, found);
      else v.channels.forEach((c) => this.listsUnder(c, v.eventIds, found));
      byEventIds.set(v.eventIds, (out = found));
    }
    return out;
  }

  /** The lists of `c|e` for each EventID `e` of `eids` (`c|*` when null), added to `out`. */
  private listsUnder(c: string, eids: ReadonlySet<number> | null, out: number[][]): void {
    if (eids === null) out.push(this.list(`${c}|${ANY}`));
    else eids.forEach((e) => out.push(this.list(`${c}|${e}`)));
  }

  private list(k: string): number[] {
    let b = this.buckets.get(k);
    if (!b) this.buckets.set(k, (b = []));
    return b;
  }

  /**
   * The `channel|EventID` keys rules are filed under (model/event-data-keys.ts): an event whose
   * keys (`offeredKeys`) are none of them is offered no rule, so a read may leave out its data.
   */
  keys(): string[] {
    return [...this.buckets.keys()];
  }

  private build(event: NormalisedEvent): MergedBucket {
    const ch = channelKey(event.channel);
    const eid = event.event_id;
    const ords = this.offered(ch, eventIdKey(eid));
    // (channel, EventID) pairs offered the same rules through the same variants share one bucket
    // (a file naming thousands of EventIDs of a channel builds the channel's tables once).
    const shape = this.shapeOf(ords, ch, eid);
    const same = this.byShape.get(shape);
    if (same) return same;
    const b = this.newBucket(ords, ch, eid);
    if (this.byShape.size < MAX_CACHED_BUCKETS) this.byShape.set(shape, b);
    return b;
  }

  /** The ordinals of the rules filed under the pair, its channel, its EventID or neither: ascending, each once (load order). */
  private offered(ch: string, eid: string): number[] {
    const ords: number[] = [];
    const keys = offeredKeys(ch, eid);
    for (let k = 0; k < keys.length; k++) {
      const list = this.buckets.get(keys[k]!);
      if (list) for (let i = 0; i < list.length; i++) ords.push(list[i]!);
    }
    ords.sort(byOrdinal);
    let n = 0;
    for (let i = 0; i < ords.length; i++) if (n === 0 || ords[n - 1] !== ords[i]) ords[n++] = ords[i]!;
    ords.length = n;
    return ords;
  }

  /** The bucket's shape: each rule's ordinal, and which of its variants cover unless it has one that does. */
  private shapeOf(ords: readonly number[], ch: string, eid: number | null): string {
    let shape = '';
    for (let i = 0; i < ords.length; i++) {
      const o = ords[i]!;
      const vs = this.rules[o]!.variants;
      if (vs.length === 1 && covers(vs[0]!, ch, eid)) {
        shape += `${o},`;
        continue;
      }
      shape += `${o}:`;
      for (let j = 0; j < vs.length; j++) shape += covers(vs[j]!, ch, eid) ? '1' : '0';
      shape += ',';
    }
    return shape;
  }

  /** A bucket of the rules `ords` for the pair: its ungated rules, and its gated rules by gate key. */
  private newBucket(ords: readonly number[], ch: string, eid: number | null): MergedBucket {
    const all: SigmaRule[] = [];
    const ungated: number[] = [];
    const tables = new Map<string, GateTable>();
    const gates: RuleGate[] = [];
    for (let i = 0; i < ords.length; i++) {
      const o = ords[i]!;
      const r = this.rules[o]!;
      all.push(r);
      gates.length = 0;
      let covered = false;
      let gated = true;
      const vs = r.variants;
      for (let j = 0; j < vs.length; j++) {
        const v = vs[j]!;
        if (!covers(v, ch, eid)) continue;
        covered = true;
        if (!gated) continue; // as `some`: a gate is worked out only while the rule is gated
        const g = v.gate();
        if (!g) gated = false;
        else gates.push(g);
      }
      if (!covered) continue;
      if (!gated) ungated.push(o);
      else fileGated(o, gates, tables);
    }
    const probes: ProbeTable[] = [];
    tables.forEach((t) => probes.push(probeOf(t)));
    return { all, ungated, probes };
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
    for (let p = 0; p < b.probes.length; p++) {
      const t = b.probes[p]!;
      const vals = view.lowerValuesAt(t.slot, t.source);
      if (vals === null) continue;
      if (t.exact !== null) this.probeExact(t.exact, t.kind === 'base', vals, view, epoch, hits);
      else this.probeLiterals(t, vals, view, epoch, hits);
    }
    if (hits.length === 0) return NO_RULES;
    // Sorted whatever the count (a one-element sort returns at once): the call's feedback is there
    // from the first match, not first seen with two matches after `matches` is optimised.
    hits.sort(byOrdinal);
    const out: SigmaRule[] = []; // packed, as every list this returns (no holey-array map at callers)
    for (let i = 0; i < hits.length; i++) out.push(this.rules[hits[i]!]!);
    return out;
  }

  /** Runs the rules filed under the values (or their `\`-basenames) of an `eq`/`base` table. */
  private probeExact(exact: Map<string, number[]>, base: boolean, vals: readonly string[], view: EventView, epoch: number, hits: number[]): void {
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i]!;
      const list = exact.get(base ? v.slice(v.lastIndexOf('\\') + 1) : v);
      if (list !== undefined) for (let j = 0; j < list.length; j++) this.run(list[j]!, view, epoch, hits);
    }
  }

  /** Runs the rules filed under the literals a `sub` table's finder finds in the values. */
  private probeLiterals(t: ProbeTable, vals: readonly string[], view: EventView, epoch: number, hits: number[]): void {
    const found = this.found;
    for (let i = 0; i < vals.length; i++) {
      found.length = 0;
      t.finder!.find(vals[i]!, epoch, found);
      for (let k = 0; k < found.length; k++) {
        const list = t.byLiteral[found[k]!]!;
        for (let j = 0; j < list.length; j++) this.run(list[j]!, view, epoch, hits);
      }
    }
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
