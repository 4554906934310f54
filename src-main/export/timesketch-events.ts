/**
 * A normalised event → one line of Timesketch's JSONL import format: the mandatory `message`,
 * `datetime` (ISO 8601 with an explicit UTC offset) and `timestamp_desc`, the optional
 * `timestamp` (microseconds since the epoch, Timesketch's internal unit), then the event's own
 * fields flat (Timesketch docs, "Import from JSON or CSV"). Names follow Plaso's Windows EVTX
 * events where one exists (`data_type`, `event_identifier`, `source_name`, `computer_name`,
 * `record_number`), so saved searches written for Plaso timelines still work.
 *
 * Every EventData value is a string (or a list of strings), so one field never has two mapping
 * types across events in the sketch's OpenSearch index; an EventData name that is not a plain
 * identifier, starts with `_` (OpenSearch reserves those) or collides with one of the fields
 * above is written as `data_<name>` with other characters as `_`.
 */
import type { NormalisedEvent } from '../model/event';
import type { FieldValue } from '../model/fields';
import { setOwn } from '../model/fields';
import { keywordValue, type JsonObject } from './ecs-document';
import { eventSummary } from './event-summary';

const TIMESKETCH_DATA_TYPE = 'windows:evtx:record';

const TIMESTAMP_DESC: Record<NormalisedEvent['time_source'], string> = {
  UtcTime: 'Event Time (Sysmon UtcTime)',
  TimeCreated: 'Event Logged',
  none: 'Not a time',
};

/** `2019-05-21T00:35:07.3750000Z` → `2019-05-21T00:35:07.375000+00:00` (microseconds, the precision kept). */
export function timesketchDatetime(iso: string | null): string {
  if (iso === null) return '1970-01-01T00:00:00+00:00';
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(iso);
  if (!m) return iso;
  return `${m[1]}.${((m[2] ?? '') + '000000').slice(0, 6)}+00:00`;
}

/** Microseconds since the epoch from the ISO digits (exact; a double holds them up to year 2255). */
export function epochMicros(iso: string | null, ms: number | null): number {
  if (iso === null || ms === null) return 0;
  const frac = /\.(\d+)Z$/.exec(iso)?.[1] ?? '';
  const extra = Number(((frac + '000000').slice(3, 6)));
  return ms * 1000 + (ms >= 0 ? extra : 0);
}

const RESERVED = new Set([
  'message', 'datetime', 'timestamp', 'timestamp_desc', 'data_type', 'event_identifier', 'source_name', 'computer_name',
  'record_number', 'channel', 'evidence', 'user_sid', 'time_created', 'recovered', 'tag', 'label', 'labels',
]);
const PLAIN = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;

export function timesketchFieldName(name: string): string {
  if (PLAIN.test(name) && !RESERVED.has(name) && !name.startsWith('data_')) return name;
  return `data_${name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 120)}`;
}

export function timesketchEvent(ev: NormalisedEvent): JsonObject {
  const doc: JsonObject = {
    message: eventSummary(ev),
    datetime: timesketchDatetime(ev.time),
    timestamp: epochMicros(ev.time, ev.time_ms),
    timestamp_desc: TIMESTAMP_DESC[ev.time_source],
    data_type: TIMESKETCH_DATA_TYPE,
  };
  const put = (k: string, v: string | number | null) => { if (v !== null) doc[k] = v; };
  put('event_identifier', ev.event_id);
  put('source_name', ev.system.provider_name);
  put('computer_name', ev.dest);
  put('record_number', ev.record_id);
  put('channel', ev.channel);
  put('evidence', ev.evidence);
  put('user_sid', ev.system.user_sid);
  put('time_created', ev.time_created);
  if (ev.recovered) put('recovered', ev.recovered);
  const data: Record<string, FieldValue> = ev.data;
  for (const k of Object.keys(data)) {
    let name = timesketchFieldName(k);
    for (let n = 2; Object.prototype.hasOwnProperty.call(doc, name); n++) name = `${timesketchFieldName(k)}_${n}`;
    setOwn(doc, name, keywordValue(data[k]!));
  }
  return doc;
}
