/**
 * One event as Sigma rules see it: field values by Sigma field name, as text, each read and
 * lower-cased at most once per event however many rules ask (the cache lives as long as the
 * view). EventData/UserData fields come by their source names (exact, then any letter case);
 * the System header answers `EventID`, `Channel`, `Computer`, `Provider_Name`, … . A field that
 * holds several values (an array) matches when any of them does.
 */
import type { NormalisedEvent } from '../../model/event';
import type { FieldValue } from '../../model/fields';
import { derivedName, fallbackReaderOf, fieldSlot, headerReaderOf, slotFallback, slotHeader, type HeaderRead } from './field-slots';
import { cachedLower, keyShape, lowerName, type KeyShape } from './key-shapes';

/** Channels lower-cased, shared by every view (an event's channel is compared with every variant's; bounded: channels come from the evidence). */
const lowerChannels = new Map<string, string>();

/** The last channel lower-cased (a folder's events come file by file: most events repeat the previous one's channel). */
let lastChannel: string | null = null;
let lastChannelLower: string | null = null;

/**
 * `channel` lower-cased. Called for every event (no branch of the view's own that only a change of
 * channel takes: such a branch, first taken after `reset` was optimised, deoptimised it).
 */
function lowerChannel(channel: string | null): string | null {
  if (channel === lastChannel) return lastChannelLower;
  lastChannel = channel;
  return (lastChannelLower = channel === null ? null : cachedLower(lowerChannels, channel));
}

function flatten(v: FieldValue, out: string[]): void {
  if (v === null) out.push('');
  else if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else for (const k of Object.keys(v)) flatten(v[k]!, out);
}

/**
 * `v` lower-cased. Built by `push`, so it is a packed array like every other value array a view
 * hands out (`[v]`, `flatten`): tests reading `vals.length` see one array map, not a holey one too
 * (a map first seen after TurboFan compiled such a test deoptimises it: "wrong map").
 */
function lowerAll(v: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) out.push(v[i]!.toLowerCase());
  return out;
}

/**
 * One view per event, or one view moved from event to event (`reset`: what the rule index does,
 * so matching allocates no cache per event). The arrays a view returns are valid until it moves.
 */
export class EventView {
  event: NormalisedEvent;
  /**
   * The event's data, read from the event once per move: the view's readers see one field of
   * their own, not the event objects, whose shapes vary (an event with a `recovered` reason, a
   * record number past 2^30 …) and deoptimised every reader at each new shape.
   */
  private data: Record<string, FieldValue>;
  /** The channel lower-cased (variants compare channels case-insensitively). */
  channel: string | null;
  /** Caches by slot: filled in `epoch` when `rawAt[slot] === epoch` (likewise `lowAt`). */
  private epoch = 1;
  private rawAt = new Uint32Array(64);
  private lowAt = new Uint32Array(64);
  private readonly raw: (readonly string[] | null)[] = [];
  private readonly low: (readonly string[] | null)[] = [];
  /** Per slot, the one-value arrays this view hands out for a field of one value (most are). */
  private readonly raw1: string[][] = [];
  private readonly low1: string[][] = [];
  /** The event's key shape, found at its first case-insensitive look-up (null: not yet). */
  private shape: KeyShape | null = null;
  /** Every value of the event, as written and lower-cased (arrays reused; valid when `everythingAt === epoch`). */
  private readonly allRaw: string[] = [];
  private readonly allLow: string[] = [];
  private everythingAt = 0;

  constructor(event: NormalisedEvent) {
    this.event = event;
    this.data = event.data;
    this.channel = lowerChannel(event.channel);
  }

  /** Moves the view to `event`: what was read of the previous one is forgotten. */
  reset(event: NormalisedEvent): void {
    this.event = event;
    this.data = event.data;
    this.channel = lowerChannel(event.channel);
    this.shape = null;
    if (++this.epoch === 0xffffffff) {
      this.rawAt.fill(0);
      this.lowAt.fill(0);
      this.everythingAt = 0;
      this.epoch = 1;
    }
  }

  /** The field's values as written; `null` when the event has no such field. */
  values(field: string): readonly string[] | null {
    return this.valuesAt(fieldSlot(field), field);
  }

  /** `values` of a field whose slot (`fieldSlot(field)`) the caller knows. */
  valuesAt(slot: number, field: string): readonly string[] | null {
    if (slot < 0) return this.read(field, -1);
    if (slot < this.rawAt.length && this.rawAt[slot] === this.epoch) return this.raw[slot]!;
    const v = this.read(field, slot);
    this.keepRaw(slot, v);
    return v;
  }

  /** A value computed from other fields (a field mapping's derived field), cached like a field. */
  derived(key: string, compute: (view: EventView) => readonly string[] | null): readonly string[] | null {
    return this.derivedAt(fieldSlot(derivedName(key)), compute);
  }

  /** `derived` by the slot of its name (`fieldSlot(derivedName(key))`). */
  derivedAt(slot: number, compute: (view: EventView) => readonly string[] | null): readonly string[] | null {
    if (slot >= 0 && slot < this.rawAt.length && this.rawAt[slot] === this.epoch) return this.raw[slot]!;
    const v = compute(this);
    if (slot >= 0) this.keepRaw(slot, v);
    return v;
  }

  /** The derived value lower-cased, computed (and cached) as `derivedAt` does. */
  lowerDerivedAt(slot: number, compute: (view: EventView) => readonly string[] | null): readonly string[] | null {
    if (slot >= 0 && slot < this.lowAt.length && this.lowAt[slot] === this.epoch) return this.low[slot]!;
    return this.lowered(slot, this.derivedAt(slot, compute));
  }

  /** The field's values lower-cased (case-insensitive matching). */
  lowerValues(field: string): readonly string[] | null {
    return this.lowerValuesAt(fieldSlot(field), field);
  }

  /** `lowerValues` of a field whose slot (`fieldSlot(field)`) the caller knows. */
  lowerValuesAt(slot: number, field: string): readonly string[] | null {
    if (slot >= 0 && slot < this.lowAt.length && this.lowAt[slot] === this.epoch) return this.low[slot]!;
    if (field.charCodeAt(0) === 0) {
      // A derived value's name: what `derived` computed for this event, if it did (not kept otherwise).
      const computed = slot >= 0 && slot < this.rawAt.length && this.rawAt[slot] === this.epoch;
      return computed ? this.lowered(slot, this.raw[slot]!) : null;
    }
    return this.lowered(slot, this.valuesAt(slot, field));
  }

  /** Every value of the event (EventData/UserData and the header's text), for keyword searches. */
  allValues(lowerCase: boolean): readonly string[] {
    const raw = this.allRaw;
    const low = this.allLow;
    if (this.everythingAt !== this.epoch) {
      this.everythingAt = this.epoch;
      raw.length = 0;
      const d = this.data;
      for (const k of Object.keys(d)) flatten(d[k]!, raw);
      const e = this.event;
      if (e.channel !== null) raw.push(e.channel);
      if (e.dest !== null) raw.push(e.dest);
      if (e.system.provider_name !== null) raw.push(e.system.provider_name);
      if (e.event_id !== null) raw.push(String(e.event_id));
      low.length = raw.length;
      for (let i = 0; i < raw.length; i++) low[i] = raw[i]!.toLowerCase();
    }
    return lowerCase ? low : raw;
  }

  /** `v` lower-cased, kept in the slot's cache. */
  private lowered(slot: number, v: readonly string[] | null): readonly string[] | null {
    if (slot < 0) return v === null ? null : lowerAll(v);
    const out = v === null ? null : v.length === 1 ? one(this.low1, slot, v[0]!.toLowerCase()) : lowerAll(v);
    this.keepLow(slot, out);
    return out;
  }

  private grow(slot: number): void {
    let n = this.rawAt.length;
    while (n <= slot) n *= 2;
    const r = new Uint32Array(n);
    r.set(this.rawAt);
    this.rawAt = r;
    const l = new Uint32Array(n);
    l.set(this.lowAt);
    this.lowAt = l;
  }

  private keepRaw(slot: number, v: readonly string[] | null): void {
    if (slot >= this.rawAt.length) this.grow(slot);
    this.raw[slot] = v;
    this.rawAt[slot] = this.epoch;
  }

  private keepLow(slot: number, v: readonly string[] | null): void {
    if (slot >= this.lowAt.length) this.grow(slot);
    this.low[slot] = v;
    this.lowAt[slot] = this.epoch;
  }

  /** The event's data key answering `field`: exact, else the first of any letter case. */
  private dataKey(field: string): string | undefined {
    const d = this.data;
    if (Object.hasOwn(d, field)) return field;
    return (this.shape ??= keyShape(d)).byLower.get(lowerName(field));
  }

  /** A header field's value as the view gives it: in the slot's one-value array, like a data field's (no array per event). */
  private header(read: HeaderRead, slot: number): readonly string[] | null {
    const v = read(this.event);
    if (v === null) return null;
    return slot >= 0 ? one(this.raw1, slot, String(v)) : [String(v)];
  }

  /**
   * The field's values: a System header field, else the data field (exact name, then any letter
   * case), else a header fallback. Small, its rarer paths (header fields, values that are lists
   * or maps) in functions of their own: each first met after TurboFan compiled it deoptimised it.
   */
  private read(field: string, slot: number): readonly string[] | null {
    const sys = slot >= 0 ? slotHeader[slot]! : headerReaderOf(field);
    if (sys !== null) return this.header(sys, slot);
    const key = this.dataKey(field);
    if (key === undefined) {
      const fallback = slot >= 0 ? slotFallback[slot]! : fallbackReaderOf(field);
      return fallback === null ? null : this.header(fallback, slot);
    }
    const v = this.data[key]!;
    if (typeof v === 'string') return slot >= 0 ? one(this.raw1, slot, v) : [v];
    return flattened(v);
  }
}

/** Every string of a list or map value (null as ''). */
function flattened(v: FieldValue): string[] {
  const out: string[] = [];
  flatten(v, out);
  return out;
}

/** The slot's one-value array of `arrays`, now holding `v`. */
function one(arrays: string[][], slot: number, v: string): string[] {
  const a = arrays[slot];
  if (a === undefined) return (arrays[slot] = [v]);
  a[0] = v;
  return a;
}
