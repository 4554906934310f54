/**
 * Matched registry writes aggregated per rule row, as Splunk's `stats … by` groups them: count,
 * first/last time, up to 50 sample events and 20 distinct values, and the distinct writer
 * processes (each with the field bag of its earliest write). Bounded: evidence is
 * attacker-controlled, so a row keeps at most `maxWritersPerGroup` writers and counts the rest.
 * Every bound is filled independently of the order batches arrive in: the earliest sample events
 * (time, evidence, record id), the distinct values that sort first, the writers whose keys sort
 * first (a writer sorting after `maxWritersPerGroup` others is evicted or never kept). A record
 * read twice (an .evtx and its XML export, say) is counted once and cited, in the samples and in
 * its writer's bag, by the copy whose (evidence, record id) sorts first, whichever arrived first.
 */
import type { NormalisedEvent } from '../model/event';
import { processJoinKey } from '../model/join';
import type { Scalar } from './conditions';
import type { FindingEvent } from './findings';
import { compareFindingEvents, trimEvents } from './finding-event-order';
import type { ProcessRecord } from './process-index';
import type { Rule } from './rules/types';
import { cimUser, splunkForm, str } from './splunk-forms';
import { addSortedDistinct } from './sorted-distinct';

export interface Writer {
  /** The fields of the writer's earliest event (ties: the event that sorts first). */
  bag: Record<string, Scalar>;
  /** That event, as listed. */
  bagEvent: FindingEvent;
  first_ms: number | null;
  first_time: string | null;
  last_ms: number | null;
  last_time: string | null;
  count: number;
}

export interface Group {
  rule: Rule;
  /**
   * Identities of the events counted (first MAX_IDENTITIES_PER_GROUP), to count a record read twice
   * once, each with its sample event as listed (re-cited when a later copy sorts first).
   */
  seen: Map<string, FindingEvent>;
  /**
   * The row's key values as the event that sorts first gave them (two values with the same text,
   * null and '', fall in one row: the one shown does not depend on which came first).
   */
  keyValues: Record<string, Scalar>;
  /** That event. */
  keyEvent: FindingEvent;
  count: number;
  first_ms: number | null;
  first_time: string | null;
  last_ms: number | null;
  last_time: string | null;
  events: FindingEvent[];
  values: string[];
  writers: Map<string, Writer>;
  writerOrder: string[];
  /** Writers evicted: a writer key sorting at or after it is not kept (null: none yet). */
  writerThreshold?: string | null;
}

export const MAX_EVENTS_PER_FINDING = 50;
const MAX_VALUES_PER_FINDING = 20;
const MAX_IDENTITIES_PER_GROUP = 100_000;

/** Resolves a writer's bag to its process start (the join), for the user regrouping. */
export type WriterStart = (bag: Record<string, Scalar>, atMs: number | null) => ProcessRecord | undefined;

/** Does the event at `ms` (listed as `ev`) come before writer `w`'s bag event? Undated events last. */
function isEarlierBag(ms: number | null, ev: FindingEvent, w: Writer): boolean {
  const a = ms ?? Infinity;
  const b = w.first_ms ?? Infinity;
  return a < b || (a === b && compareFindingEvents(ev, w.bagEvent) < 0);
}

const groupKey = (rule: Rule, keyValues: Record<string, Scalar>) =>
  `${rule.id}\u0000${rule.group_by.map((f) => str(keyValues[f])).join('\u0000')}`;

export class FindingGroups {
  private readonly groups = new Map<string, Group>();
  /** Sample events trimmed from their row (a re-cited copy may be among the earliest again). */
  private readonly unlisted = new WeakSet<FindingEvent>();
  /** Matched events counted once although read more than once. */
  duplicates = 0;
  /** Matched events of the writers beyond `maxWritersPerGroup` (counted, not kept), over all rows. */
  get writersDropped(): number {
    let n = 0;
    for (const g of this.groups.values()) {
      let kept = 0;
      for (const w of g.writers.values()) kept += w.count;
      n += g.count - kept;
    }
    return n;
  }

  constructor(private readonly maxWritersPerGroup = 1000) {}

  /** Counts one matched event `e` (identity `id`, null when unknown) in `rule`'s row for `bag`. */
  add(rule: Rule, bag: Record<string, Scalar>, e: NormalisedEvent, id: string | null): void {
    const keyValues: Record<string, Scalar> = {};
    for (const f of rule.group_by) keyValues[f] = splunkForm(f, bag[f]);
    const gk = groupKey(rule, keyValues);
    const listed: FindingEvent = { evidence: e.evidence, record_id: e.record_id, event_id: e.event_id, time: e.time, process_guid: str(bag.process_guid) || null };
    let g = this.groups.get(gk);
    if (!g) {
      g = { rule, seen: new Map(), keyValues, keyEvent: { ...listed }, count: 0, first_ms: null, first_time: null, last_ms: null, last_time: null, events: [], values: [], writers: new Map(), writerOrder: [] };
      this.groups.set(gk, g);
    } else if (compareFindingEvents(listed, g.keyEvent) < 0) {
      g.keyValues = keyValues;
      g.keyEvent = { ...listed };
    }
    const wk = processJoinKey(e.dest, str(bag.process_guid)) ?? `pid:${str(bag.process_id)}|${str(bag.process_path)}`;
    const w = g.writers.get(wk);
    if (id !== null) {
      const copy = g.seen.get(id);
      if (copy !== undefined) { // a duplicate: counted once, cited by the copy that sorts first
        this.duplicates++;
        if (compareFindingEvents(listed, copy) < 0) {
          Object.assign(copy, listed);
          if (this.unlisted.delete(copy)) this.listEvent(g, copy);
        }
        if (w && isEarlierBag(e.time_ms, listed, w)) { w.bag = bag; w.bagEvent = listed; }
        return;
      }
      if (g.seen.size < MAX_IDENTITIES_PER_GROUP) g.seen.set(id, listed);
    }
    g.count++;
    if (e.time !== null && e.time_ms !== null) {
      if (g.first_ms === null || e.time_ms < g.first_ms || (e.time_ms === g.first_ms && e.time < g.first_time!)) { g.first_ms = e.time_ms; g.first_time = e.time; }
      if (g.last_ms === null || e.time_ms > g.last_ms || (e.time_ms === g.last_ms && e.time > g.last_time!)) { g.last_ms = e.time_ms; g.last_time = e.time; }
    }
    this.listEvent(g, listed);
    const data = bag.registry_value_data;
    if (typeof data === 'string') addSortedDistinct(g.values, data, MAX_VALUES_PER_FINDING);
    if (w) {
      w.count++;
      if (isEarlierBag(e.time_ms, listed, w)) { w.first_ms = e.time_ms; w.first_time = e.time; w.bag = bag; w.bagEvent = listed; }
      if (e.time_ms !== null && (w.last_ms === null || e.time_ms > w.last_ms)) { w.last_ms = e.time_ms; w.last_time = e.time; }
    } else if (g.writerThreshold == null || wk < g.writerThreshold) {
      g.writers.set(wk, { bag, bagEvent: listed, first_ms: e.time_ms, first_time: e.time, last_ms: e.time_ms, last_time: e.time, count: 1 });
      g.writerOrder.push(wk);
      if (g.writers.size > this.maxWritersPerGroup + Math.max(1, this.maxWritersPerGroup >> 2)) this.evictWriters(g);
    }
  }

  /** Lists `ev` among row `g`'s samples: collect up to twice the bound, then keep the earliest half. */
  private listEvent(g: Group, ev: FindingEvent): void {
    g.events.push(ev);
    if (g.events.length >= 2 * MAX_EVENTS_PER_FINDING) trimEvents(g.events, MAX_EVENTS_PER_FINDING, this.unlisted);
  }

  /** Keeps the `maxWritersPerGroup` writers whose keys sort first (their matches stay in `count`). */
  private evictWriters(g: Group): void {
    const keys = [...g.writers.keys()].sort();
    const gone = keys.slice(this.maxWritersPerGroup);
    if (gone.length === 0) return;
    g.writerThreshold = gone[0]!;
    for (const k of gone) g.writers.delete(k);
    g.writerOrder = keys.slice(0, this.maxWritersPerGroup);
  }

  /**
   * The rows to report. Splunk's join keeps the process start's user when the registry event has
   * none (join overwrites only the fields the subsearch row has). Rows grouped with a null
   * registry user are therefore regrouped under their writer's start user (CIM form), merging
   * with rows that named that user themselves, so the table has one row per displayed combination.
   */
  resolveUsers(writerStart: WriterStart): Group[] {
    const out = new Map<string, Group>();
    const put = (g: Group) => {
      const k = groupKey(g.rule, g.keyValues);
      const cur = out.get(k);
      if (cur) mergeInto(cur, g); else out.set(k, g);
    };
    for (const g of this.groups.values()) {
      if (g.writers.size > this.maxWritersPerGroup) this.evictWriters(g);
      trimEvents(g.events, MAX_EVENTS_PER_FINDING, this.unlisted);
      g.writerOrder = [...g.writers.keys()].sort();
      if (!g.rule.group_by.includes('user') || g.keyValues['user'] !== null) { put(g); continue; }
      const byUser = new Map<string, string[]>();
      for (const wk of g.writerOrder) {
        const w = g.writers.get(wk)!;
        const u = cimUser(writerStart(w.bag, w.first_ms)?.user ?? null) ?? '';
        const l = byUser.get(u);
        if (l) l.push(wk); else byUser.set(u, [wk]);
      }
      if (byUser.size <= 1) {
        const u = [...byUser.keys()][0] ?? '';
        put({ ...g, keyValues: { ...g.keyValues, user: u === '' ? null : u } });
        continue;
      }
      for (const [u, wks] of byUser) put(splitByWriters(g, u, wks));
    }
    return [...out.values()];
  }
}

/** Adds row `g`'s counts, times, samples and writers to `cur` (the same displayed row). */
function mergeInto(cur: Group, g: Group): void {
  cur.count += g.count;
  // Which row came first (the rows' order is their arrival's) decides nothing: ties by the finer time, the key event.
  if (g.first_ms !== null && (cur.first_ms === null || g.first_ms < cur.first_ms || (g.first_ms === cur.first_ms && g.first_time! < cur.first_time!))) { cur.first_ms = g.first_ms; cur.first_time = g.first_time; }
  if (g.last_ms !== null && (cur.last_ms === null || g.last_ms > cur.last_ms || (g.last_ms === cur.last_ms && g.last_time! > cur.last_time!))) { cur.last_ms = g.last_ms; cur.last_time = g.last_time; }
  if (compareFindingEvents(g.keyEvent, cur.keyEvent) < 0) { cur.keyValues = g.keyValues; cur.keyEvent = g.keyEvent; }
  cur.events.push(...g.events);
  trimEvents(cur.events, MAX_EVENTS_PER_FINDING);
  for (const v of g.values) addSortedDistinct(cur.values, v, MAX_VALUES_PER_FINDING);
  for (const wk of g.writerOrder) {
    const w = g.writers.get(wk)!;
    const cw = cur.writers.get(wk);
    if (!cw) { cur.writers.set(wk, w); cur.writerOrder.push(wk); continue; }
    cw.count += w.count;
    if (isEarlierBag(w.first_ms, w.bagEvent, cw)) { cw.first_ms = w.first_ms; cw.first_time = w.first_time; cw.bag = w.bag; cw.bagEvent = w.bagEvent; }
    if (w.last_ms !== null && (cw.last_ms === null || w.last_ms > cw.last_ms)) { cw.last_ms = w.last_ms; cw.last_time = w.last_time; }
  }
  cur.writerOrder.sort();
}

/** The part of row `g` written by the writers `wks` (whose start user is `u`), as a row of its own. */
function splitByWriters(g: Group, u: string, wks: string[]): Group {
  const ws = wks.map((k) => g.writers.get(k)!);
  const guids = new Set(ws.map((w) => str(w.bag.process_guid)));
  const firstW = ws.reduce((a, b) => ((b.first_ms ?? Infinity) < (a.first_ms ?? Infinity) ? b : a));
  const lastW = ws.reduce((a, b) => ((b.last_ms ?? -Infinity) > (a.last_ms ?? -Infinity) ? b : a));
  return {
    ...g, keyValues: { ...g.keyValues, user: u === '' ? null : u },
    count: ws.reduce((a, w) => a + w.count, 0),
    first_ms: firstW.first_ms, first_time: firstW.first_time, last_ms: lastW.last_ms, last_time: lastW.last_time,
    events: g.events.filter((e) => guids.has(e.process_guid ?? '')),
    values: [...new Set(ws.map((w) => w.bag.registry_value_data).filter((v): v is string => typeof v === 'string'))].sort().slice(0, MAX_VALUES_PER_FINDING),
    writers: new Map(wks.map((k) => [k, g.writers.get(k)!])), writerOrder: [...wks],
  };
}
