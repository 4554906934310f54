/**
 * Winlogbeat / ECS documents: `winlog.event_data`, `winlog.event_id`, `winlog.channel`,
 * `winlog.record_id`, `winlog.computer_name` / `host.name`, `@timestamp` (Winlogbeat sets it to
 * the event's TimeCreated). An Elasticsearch hit (`{_source: …}`) is unwrapped by the caller.
 *
 * Winlogbeat's Sysmon module moves some EventData fields into ECS fields and drops them from
 * `event_data` (ProcessGuid, ProcessId, Image, UtcTime, TargetFilename …). For Sysmon events the
 * missing fields are restored from `message`, which is Sysmon's rendering `Field: value` per line
 * of exactly the EventData fields, then from the ECS fields as a last resort.
 */
import type { EventValue, RawEvent } from '../../../model/raw-event';
import { emptyRawEvent } from '../../../model/raw-event';
import { setOwn } from '../../../model/fields';
import type { JsonObject } from './common';
import { eventValue, get, isObject, keywordsOf, toInt, toIntQuiet, toStr, utcIso } from './common';

export function isWinlogbeat(o: JsonObject): boolean {
  return isObject(o['winlog']);
}

/** Sysmon's message: a title line, then `Name: value` lines. */
export function parseSysmonMessage(message: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = message.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const m = /^([A-Za-z][A-Za-z0-9]*): ?(.*)$/.exec(lines[i]!);
    if (m && !Object.hasOwn(out, m[1]!)) out[m[1]!] = m[2]!; // own keys: `constructor` is a field name like any other
  }
  return out;
}

/** ECS fields that hold a Sysmon EventData field the module removed. */
const ECS_FALLBACK: Array<[string, string[]]> = [
  ['ProcessGuid', ['process', 'entity_id']],
  ['ProcessId', ['process', 'pid']],
  ['Image', ['process', 'executable']],
  ['CommandLine', ['process', 'command_line']],
  ['ParentProcessGuid', ['process', 'parent', 'entity_id']],
  ['ParentProcessId', ['process', 'parent', 'pid']],
  ['ParentImage', ['process', 'parent', 'executable']],
  ['ParentCommandLine', ['process', 'parent', 'command_line']],
  ['TargetFilename', ['file', 'path']],
  ['TargetObject', ['registry', 'path']],
];

export function fromWinlogbeat(o: JsonObject, problems: string[]): RawEvent {
  const w = o['winlog'] as JsonObject;
  const r = emptyRawEvent();
  r.Provider = { Name: toStr(w['provider_name']) ?? toStr(get(o, 'event', 'provider')), Guid: toStr(w['provider_guid']), EventSourceName: null };
  r.EventID = toInt(w['event_id'] ?? get(o, 'event', 'code'), 'event_id', problems);
  r.Version = toIntQuiet(w['version']);
  r.Task = toIntQuiet(w['task']);
  r.Opcode = toIntQuiet(w['opcode']);
  r.Keywords = Array.isArray(w['keywords']) ? null : keywordsOf(w['keywords']);
  r.TimeCreated = utcIso(o['@timestamp'], false, '@timestamp', problems);
  r.EventRecordID = toInt(w['record_id'], 'record_id', problems);
  r.Correlation = { ActivityID: toStr(w['activity_id']), RelatedActivityID: toStr(w['related_activity_id']) };
  r.Execution = { ProcessID: toIntQuiet(get(w, 'process', 'pid')), ThreadID: toIntQuiet(get(w, 'process', 'thread', 'id')) };
  r.Channel = toStr(w['channel']);
  r.Computer = toStr(w['computer_name']) ?? toStr(get(o, 'host', 'name')) ?? toStr(get(o, 'host', 'hostname'));
  r.Security = { UserID: toStr(get(w, 'user', 'identifier')) };

  const ed = w['event_data'];
  const data: Record<string, EventValue> = {};
  if (isObject(ed)) for (const [k, v] of Object.entries(ed)) setOwn(data, k, eventValue(v));
  const sysmon = (r.Provider.Name ?? '').toLowerCase() === 'microsoft-windows-sysmon';
  if (sysmon) {
    const msg = toStr(o['message']);
    if (msg !== null) for (const [k, v] of Object.entries(parseSysmonMessage(msg))) if (!Object.hasOwn(data, k)) setOwn(data, k, v);
    for (const [field, path] of ECS_FALLBACK) {
      if (Object.hasOwn(data, field)) continue;
      const v = get(o, ...path);
      if (v !== undefined && v !== null && typeof v !== 'object') data[field] = typeof v === 'number' ? String(v) : v;
    }
  }
  const ud = w['user_data'];
  if (isObject(ud)) r.UserData = eventValue(ud) as Record<string, EventValue>;
  r.EventData = Object.keys(data).length || isObject(ed) ? data : null;
  return r;
}
