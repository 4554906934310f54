/**
 * Winlogbeat / ECS documents: `winlog.event_data`, `winlog.event_id`, `winlog.channel`,
 * `winlog.record_id`, `winlog.computer_name` / `host.name`, `@timestamp` (Winlogbeat sets it to
 * the event's TimeCreated). An Elasticsearch hit (`{_source: …}`) is unwrapped by the caller.
 *
 * Winlogbeat's Sysmon module moves some EventData fields into ECS fields and drops them from
 * `event_data` (ProcessGuid, ProcessId, Image, UtcTime, TargetFilename, User, Hashes …). For Sysmon
 * events they are put back under Sysmon's names (winlogbeat-sysmon.ts): from the ECS fields first,
 * per event id (renamed ones exact, transformed ones rebuilt: hashes, user, rule name, network
 * flags); only what is still missing from `message`, Sysmon's rendering `Field: value` per line
 * (one line per field: a multi-line value is cut, and a value's own `Name: x` line could pose as
 * a field, so the message never overrides a field the document holds); DNS answers last.
 */
import type { EventValue, RawEvent } from '../../../model/raw-event';
import { emptyRawEvent } from '../../../model/raw-event';
import { setOwn } from '../../../model/fields';
import type { Json, JsonObject } from './common';
import { eventValue, get, isObject, keywordsOf, toInt, toIntQuiet, toStr, utcIso } from './common';
import { restoreDerivedSysmonFields, restoreDnsResults, restoreRenamedSysmonFields } from './winlogbeat-sysmon';

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

/** Winlogbeat writes Keywords by name; the two a rule can ask for (audit success, failure) back as their bits. */
const AUDIT_KEYWORDS: Readonly<Record<string, string>> = { 'audit success': '0x8020000000000000', 'audit failure': '0x8010000000000000' };

function auditKeywords(names: Json[]): string | null {
  for (const n of names) {
    const k = typeof n === 'string' ? AUDIT_KEYWORDS[n.toLowerCase()] : undefined;
    if (k) return k;
  }
  return null;
}

/**
 * `log.level` (Winlogbeat's name of the level) back to MS-EVEN6 `Level`. `information` is both
 * LogAlways (0, which every Security audit event has) and Informational (4): 0 with an audit keyword.
 */
function levelOf(name: string | null, keywords: string | null): number | null {
  switch (name?.toLowerCase()) {
    case 'critical': return 1;
    case 'error': return 2;
    case 'warning': return 3;
    case 'information': return keywords !== null && Object.values(AUDIT_KEYWORDS).includes(keywords) ? 0 : 4;
    case 'verbose': return 5;
    default: return null;
  }
}

export function fromWinlogbeat(o: JsonObject, problems: string[]): RawEvent {
  const w = o['winlog'] as JsonObject;
  const r = emptyRawEvent();
  r.Provider = { Name: toStr(w['provider_name']) ?? toStr(get(o, 'event', 'provider')), Guid: toStr(w['provider_guid']), EventSourceName: null };
  r.EventID = toInt(w['event_id'] ?? get(o, 'event', 'code'), 'event_id', problems);
  r.Version = toIntQuiet(w['version']);
  r.Task = toIntQuiet(w['task']);
  r.Opcode = toIntQuiet(w['opcode']);
  r.Keywords = Array.isArray(w['keywords']) ? auditKeywords(w['keywords']) : keywordsOf(w['keywords']);
  r.Level = levelOf(toStr(get(o, 'log', 'level')), r.Keywords);
  // The Sysmon module moves UtcTime into @timestamp: the record's own time is winlog.time_created when the document has it.
  r.TimeCreated = utcIso(w['time_created'], false, 'time_created', problems) ?? utcIso(o['@timestamp'], false, '@timestamp', problems);
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
    restoreRenamedSysmonFields(o, r.EventID, data);
    restoreDerivedSysmonFields(o, r.EventID, data);
    const msg = toStr(o['message']);
    if (msg !== null) for (const [k, v] of Object.entries(parseSysmonMessage(msg))) if (!Object.hasOwn(data, k)) setOwn(data, k, v);
    restoreDnsResults(o, r.EventID, data);
  }
  const ud = w['user_data'];
  if (isObject(ud)) r.UserData = eventValue(ud) as Record<string, EventValue>;
  r.EventData = Object.keys(data).length || isObject(ed) ? data : null;
  return r;
}
