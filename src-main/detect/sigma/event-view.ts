/**
 * One event as Sigma rules see it: field values by Sigma field name, as text, each read and
 * lower-cased at most once per event however many rules ask (the cache lives as long as the
 * view). EventData/UserData fields come by their source names (exact, then any letter case);
 * the System header answers `EventID`, `Channel`, `Computer`, `Provider_Name`, … . A field that
 * holds several values (an array) matches when any of them does.
 */
import type { NormalisedEvent } from '../../model/event';
import type { FieldValue } from '../../model/fields';

/** System header names a rule may use; the header wins over an EventData field of the same name. */
const SYSTEM_FIELDS: Record<string, (e: NormalisedEvent) => string | number | null> = {
  EventID: (e) => e.event_id,
  Computer: (e) => e.dest,
  Provider_Name: (e) => e.system.provider_name,
  Provider_Guid: (e) => e.system.provider_guid,
  EventRecordID: (e) => e.record_id,
};

/**
 * Header fields used only when EventData/UserData has no field of that name. `Channel` is one: the
 * Eventlog service's "log cleared" event (System 104, `UserData/LogFileCleared`) names the cleared
 * log in its own `Channel`, and SigmaHQ's rules read that one (`win_system_susp_eventlog_cleared`
 * lists the logs that matter, `win_system_eventlog_cleared` the rest), while the rule's logsource
 * still picks events by the header's channel.
 */
const SYSTEM_FALLBACK: Record<string, (e: NormalisedEvent) => string | number | null> = {
  Channel: (e) => e.channel,
  Level: (e) => e.system.level,
  Task: (e) => e.system.task,
  Opcode: (e) => e.system.opcode,
  Keywords: (e) => e.system.keywords,
  Version: (e) => e.system.version,
  Security_UserID: (e) => e.system.user_sid,
  UserID: (e) => e.system.user_sid,
  ProcessID: (e) => e.system.execution_process_id,
  ThreadID: (e) => e.system.execution_thread_id,
  ActivityID: (e) => e.system.activity_id,
  TimeCreated: (e) => e.time_created,
};

/** Field names lower-cased, shared by every view: events repeat a few hundred names (bounded: names come from the evidence). */
const lowerNames = new Map<string, string>();
const MAX_LOWER_NAMES = 10_000;

function lowerName(name: string): string {
  let l = lowerNames.get(name);
  if (l === undefined) {
    l = name.toLowerCase();
    if (lowerNames.size < MAX_LOWER_NAMES) lowerNames.set(name, l);
  }
  return l;
}

function flatten(v: FieldValue, out: string[]): void {
  if (v === null) out.push('');
  else if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else for (const k of Object.keys(v)) flatten(v[k]!, out);
}

export class EventView {
  private readonly raw = new Map<string, readonly string[] | null>();
  private readonly low = new Map<string, readonly string[] | null>();
  private lowerKeys: Map<string, string> | null = null;
  private everything: { raw: string[]; low: string[] } | null = null;

  /** The channel lower-cased (variants compare channels case-insensitively). */
  readonly channel: string | null;

  constructor(readonly event: NormalisedEvent) {
    this.channel = event.channel === null ? null : event.channel.toLowerCase();
  }

  /** The field's values as written; `null` when the event has no such field. */
  values(field: string): readonly string[] | null {
    const hit = this.raw.get(field);
    if (hit !== undefined) return hit;
    const v = this.read(field);
    this.raw.set(field, v);
    return v;
  }

  /** A value computed from other fields (a field mapping's derived field), cached like a field. */
  derived(key: string, compute: (view: EventView) => readonly string[] | null): readonly string[] | null {
    const k = `\0${key}`;
    const hit = this.raw.get(k);
    if (hit !== undefined) return hit;
    const v = compute(this);
    this.raw.set(k, v);
    return v;
  }

  /** The field's values lower-cased (case-insensitive matching). */
  lowerValues(field: string): readonly string[] | null {
    const hit = this.low.get(field);
    if (hit !== undefined) return hit;
    const v = field.charCodeAt(0) === 0 ? this.raw.get(field) ?? null : this.values(field);
    const out = v === null ? null : v.length === 1 ? [v[0]!.toLowerCase()] : v.map((s) => s.toLowerCase());
    this.low.set(field, out);
    return out;
  }

  /** Every value of the event (EventData/UserData and the header's text), for keyword searches. */
  allValues(lowerCase: boolean): readonly string[] {
    if (!this.everything) {
      const raw: string[] = [];
      const d = this.event.data;
      for (const k of Object.keys(d)) flatten(d[k]!, raw);
      const e = this.event;
      for (const x of [e.channel, e.dest, e.system.provider_name, e.event_id]) if (x !== null) raw.push(String(x));
      this.everything = { raw, low: raw.map((s) => s.toLowerCase()) };
    }
    return lowerCase ? this.everything.low : this.everything.raw;
  }

  private read(field: string): readonly string[] | null {
    const sys = SYSTEM_FIELDS[field];
    if (sys) {
      const v = sys(this.event);
      return v === null ? null : [String(v)];
    }
    const d = this.event.data;
    let key: string | undefined = field;
    if (!Object.hasOwn(d, field)) {
      if (!this.lowerKeys) {
        this.lowerKeys = new Map();
        for (const k of Object.keys(d)) {
          const l = lowerName(k);
          if (!this.lowerKeys.has(l)) this.lowerKeys.set(l, k);
        }
      }
      key = this.lowerKeys.get(lowerName(field));
    }
    if (key !== undefined) {
      const v = d[key]!;
      if (typeof v === 'string') return [v];
      const out: string[] = [];
      flatten(v, out);
      return out;
    }
    const fb = Object.hasOwn(SYSTEM_FALLBACK, field) ? SYSTEM_FALLBACK[field]!(this.event) : null;
    return fb === null ? null : [String(fb)];
  }
}
