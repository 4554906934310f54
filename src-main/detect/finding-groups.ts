/**
 * Matched registry writes aggregated per rule row, as Splunk's `stats … by` groups them: count,
 * first/last time, up to 50 sample events and 20 distinct values, and the distinct writer
 * processes (each with the field bag of its earliest write). Bounded: evidence is
 * attacker-controlled, so a row keeps at most `maxWritersPerGroup` writers and counts the rest.
 */
import type { NormalisedEvent } from '../model/event.ts';
import { processJoinKey } from '../model/join.ts';
import type { Scalar } from './conditions.ts';
import type { FindingEvent } from './findings.ts';
import type { ProcessRecord } from './process-index.ts';
import type { Rule } from './rules/types.ts';
import { cimUser, splunkForm, str } from './splunk-forms.ts';

export interface Writer {
  bag: Record<string, Scalar>;
  first_ms: number | null;
  first_time: string | null;
  last_ms: number | null;
  last_time: string | null;
  count: number;
}

export interface Group {
  rule: Rule;
  /** Identities of the events counted (first MAX_IDENTITIES_PER_GROUP), to count a record read twice once. */
  seen: Set<string>;
  keyValues: Record<string, Scalar>;
  count: number;
  first_ms: number | null;
  first_time: string | null;
  last_ms: number | null;
  last_time: string | null;
  events: FindingEvent[];
  values: string[];
  writers: Map<string, Writer>;
  writerOrder: string[];
}

export const MAX_EVENTS_PER_FINDING = 50;
const MAX_VALUES_PER_FINDING = 20;
const MAX_IDENTITIES_PER_GROUP = 100_000;

/** Resolves a writer's bag to its process start (the join), for the user regrouping. */
export type WriterStart = (bag: Record<string, Scalar>, atMs: number | null) => ProcessRecord | undefined;

const groupKey = (rule: Rule, keyValues: Record<string, Scalar>) =>
  `${rule.id}\u0000${rule.group_by.map((f) => str(keyValues[f])).join('\u0000')}`;

export class FindingGroups {
  private readonly groups = new Map<string, Group>();
  /** Matched events counted once although read more than once. */
  duplicates = 0;
  /** Writers beyond `maxWritersPerGroup`, counted only. */
  writersDropped = 0;

  constructor(private readonly maxWritersPerGroup = 1000) {}

  /** Counts one matched event `e` (identity `id`, null when unknown) in `rule`'s row for `bag`. */
  add(rule: Rule, bag: Record<string, Scalar>, e: NormalisedEvent, id: string | null): void {
    const keyValues: Record<string, Scalar> = {};
    for (const f of rule.group_by) keyValues[f] = splunkForm(f, bag[f]);
    const gk = groupKey(rule, keyValues);
    let g = this.groups.get(gk);
    if (!g) {
      g = { rule, seen: new Set(), keyValues, count: 0, first_ms: null, first_time: null, last_ms: null, last_time: null, events: [], values: [], writers: new Map(), writerOrder: [] };
      this.groups.set(gk, g);
    }
    if (id !== null) {
      if (g.seen.has(id)) { this.duplicates++; return; }
      if (g.seen.size < MAX_IDENTITIES_PER_GROUP) g.seen.add(id);
    }
    g.count++;
    if (e.time !== null && e.time_ms !== null) {
      if (g.first_ms === null || e.time_ms < g.first_ms || (e.time_ms === g.first_ms && e.time < g.first_time!)) { g.first_ms = e.time_ms; g.first_time = e.time; }
      if (g.last_ms === null || e.time_ms > g.last_ms || (e.time_ms === g.last_ms && e.time > g.last_time!)) { g.last_ms = e.time_ms; g.last_time = e.time; }
    }
    if (g.events.length < MAX_EVENTS_PER_FINDING) g.events.push({ evidence: e.evidence, record_id: e.record_id, event_id: e.event_id, time: e.time, process_guid: str(bag.process_guid) || null });
    const data = bag.registry_value_data;
    if (typeof data === 'string' && g.values.length < MAX_VALUES_PER_FINDING && !g.values.includes(data)) g.values.push(data);
    const wk = processJoinKey(e.dest, str(bag.process_guid)) ?? `pid:${str(bag.process_id)}|${str(bag.process_path)}`;
    const w = g.writers.get(wk);
    if (w) {
      w.count++;
      if (e.time_ms !== null && (w.first_ms === null || e.time_ms < w.first_ms)) { w.first_ms = e.time_ms; w.first_time = e.time; w.bag = bag; }
      if (e.time_ms !== null && (w.last_ms === null || e.time_ms > w.last_ms)) { w.last_ms = e.time_ms; w.last_time = e.time; }
    } else if (g.writers.size < this.maxWritersPerGroup) {
      g.writers.set(wk, { bag, first_ms: e.time_ms, first_time: e.time, last_ms: e.time_ms, last_time: e.time, count: 1 });
      g.writerOrder.push(wk);
    } else {
      this.writersDropped++;
    }
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
  if (g.first_ms !== null && (cur.first_ms === null || g.first_ms < cur.first_ms)) { cur.first_ms = g.first_ms; cur.first_time = g.first_time; }
  if (g.last_ms !== null && (cur.last_ms === null || g.last_ms > cur.last_ms)) { cur.last_ms = g.last_ms; cur.last_time = g.last_time; }
  for (const e of g.events) if (cur.events.length < MAX_EVENTS_PER_FINDING) cur.events.push(e);
  for (const v of g.values) if (cur.values.length < MAX_VALUES_PER_FINDING && !cur.values.includes(v)) cur.values.push(v);
  for (const wk of g.writerOrder) {
    const w = g.writers.get(wk)!;
    const cw = cur.writers.get(wk);
    if (!cw) { cur.writers.set(wk, w); cur.writerOrder.push(wk); continue; }
    cw.count += w.count;
    if (w.first_ms !== null && (cw.first_ms === null || w.first_ms < cw.first_ms)) { cw.first_ms = w.first_ms; cw.first_time = w.first_time; cw.bag = w.bag; }
    if (w.last_ms !== null && (cw.last_ms === null || w.last_ms > cw.last_ms)) { cw.last_ms = w.last_ms; cw.last_time = w.last_time; }
  }
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
    values: [...new Set(ws.map((w) => w.bag.registry_value_data).filter((v): v is string => typeof v === 'string'))].slice(0, MAX_VALUES_PER_FINDING),
    writers: new Map(wks.map((k) => [k, g.writers.get(k)!])), writerOrder: [...wks],
  };
}
