/**
 * Flat records (NXLog `im_msvistalog` → JSON, as in the OTRF / Mordor datasets): System fields and
 * EventData fields side by side at the top level (`EventID`, `Channel`, `Hostname`,
 * `RecordNumber`, `SourceName`, `ProviderGuid`, `EventTime`, `@timestamp`, …).
 *
 * Mapped to System: EventID, Channel, Hostname, RecordNumber, SourceName/ProviderName,
 * ProviderGuid, Version, Task, OpcodeValue, Keywords, ExecutionProcessID, ThreadID, UserID,
 * ActivityID, RelatedActivityID; Level from EventType (or SeverityValue). ProviderName beside
 * SourceName is EventData. Dropped as collector metadata (NXLog / Logstash, not the event):
 * EventReceivedTime, SourceModuleName, SourceModuleType, Severity, SeverityValue, Opcode (name),
 * Category (task name), EventTypeOrignal, Message, AccountName, AccountType, Domain, host, port,
 * tags, @version, @timestamp, EventTime, and EventType when it holds NXLog's severity word
 * (INFO, AUDIT_SUCCESS, …; Sysmon's own EventType such as SetValue is kept). Everything else is
 * EventData, verbatim.
 *
 * Time: NXLog's `EventTime` is the collector's local time without a zone, so it is used only when
 * it carries a zone. Otherwise `TimeCreated` comes from `@timestamp` (UTC, but the time the
 * pipeline received the record, seconds after the event) and `timeFromReceipt` is set so the
 * reader can warn once per file. Sysmon events order by their own `UtcTime` anyway.
 */
import type { EventValue, RawEvent } from '../../../model/raw-event';
import { emptyRawEvent } from '../../../model/raw-event';
import { setOwn } from '../../../model/fields';
import type { JsonObject } from './common';
import { eventValue, keywordsOf, toInt, toStr, utcIso } from './common';

const SYSTEM_KEYS = new Set([
  'EventID', 'Channel', 'Hostname', 'RecordNumber', 'SourceName', 'ProviderName', 'ProviderGuid', 'Version', 'Task',
  'OpcodeValue', 'Keywords', 'ExecutionProcessID', 'ThreadID', 'UserID', 'ActivityID', 'RelatedActivityID',
]);
const COLLECTOR_KEYS = new Set([
  'EventReceivedTime', 'SourceModuleName', 'SourceModuleType', 'Severity', 'SeverityValue', 'Opcode', 'Category',
  'EventTypeOrignal', 'EventTypeOriginal', 'Message', 'AccountName', 'AccountType', 'Domain', 'host', 'port', 'tags',
  '@version', '@timestamp', 'EventTime',
]);
/** A top-level key's kind: a System field (mapped above), or collector metadata (dropped); one lookup per key. */
const SYSTEM = 1;
const COLLECTOR = 2;
const KEY_KIND: ReadonlyMap<string, number> = new Map([...[...SYSTEM_KEYS].map((k) => [k, SYSTEM] as const), ...[...COLLECTOR_KEYS].map((k) => [k, COLLECTOR] as const)]);
const NXLOG_EVENT_TYPES = new Set(['INFO', 'AUDIT_SUCCESS', 'AUDIT_FAILURE', 'WARNING', 'ERROR', 'VERBOSE', 'CRITICAL']);

/** NXLog's `EventType` words for the Windows levels; the audit ones are Security's LogAlways (0). */
const LEVEL_OF_EVENT_TYPE: Readonly<Record<string, number>> = { AUDIT_SUCCESS: 0, AUDIT_FAILURE: 0, CRITICAL: 1, ERROR: 2, WARNING: 3, INFO: 4, VERBOSE: 5 };
/** NXLog's `SeverityValue` (1 DEBUG … 5 CRITICAL) for the Windows levels, inverted: 2 (INFO) is also LogAlways, read as 4. */
const LEVEL_OF_SEVERITY: Readonly<Record<number, number>> = { 1: 5, 2: 4, 3: 3, 4: 2, 5: 1 };

/**
 * MS-EVEN6 `Level` from NXLog's `EventType`, or from `SeverityValue` where the event's own data
 * replaced `EventType` (Sysmon's `SetValue`).
 */
function levelOf(o: JsonObject): number | null {
  const type = o['EventType'];
  if (typeof type === 'string' && Object.hasOwn(LEVEL_OF_EVENT_TYPE, type)) return LEVEL_OF_EVENT_TYPE[type]!;
  const sev = o['SeverityValue'];
  return typeof sev === 'number' && Object.hasOwn(LEVEL_OF_SEVERITY, sev) ? LEVEL_OF_SEVERITY[sev]! : null;
}

export function isFlat(o: JsonObject): boolean {
  return 'EventID' in o && ('Channel' in o || 'Hostname' in o || 'SourceName' in o);
}

export interface FlatResult {
  event: RawEvent;
  timeFromReceipt: boolean;
}

export function fromFlat(o: JsonObject, problems: string[]): FlatResult {
  const r = emptyRawEvent();
  r.EventID = toInt(o['EventID'], 'EventID', problems);
  r.Channel = toStr(o['Channel']);
  r.Computer = toStr(o['Hostname']);
  r.EventRecordID = toInt(o['RecordNumber'], 'RecordNumber', problems);
  r.Provider = { Name: toStr(o['SourceName']) ?? toStr(o['ProviderName']), Guid: toStr(o['ProviderGuid']), EventSourceName: null };
  r.Version = toInt(o['Version'], 'Version', problems);
  r.Task = toInt(o['Task'], 'Task', problems);
  r.Opcode = toInt(o['OpcodeValue'], 'OpcodeValue', problems);
  r.Keywords = keywordsOf(o['Keywords']);
  r.Level = levelOf(o);
  r.Execution = { ProcessID: toInt(o['ExecutionProcessID'], 'ExecutionProcessID', problems), ThreadID: toInt(o['ThreadID'], 'ThreadID', problems) };
  r.Security = { UserID: toStr(o['UserID']) };
  r.Correlation = { ActivityID: toStr(o['ActivityID']), RelatedActivityID: toStr(o['RelatedActivityID']) };
  let timeFromReceipt = false;
  r.TimeCreated = utcIso(o['EventTime'], false, 'EventTime', problems);
  if (r.TimeCreated === null) {
    r.TimeCreated = utcIso(o['@timestamp'], false, '@timestamp', problems);
    timeFromReceipt = r.TimeCreated !== null;
  }
  const data: Record<string, EventValue> = {};
  // NXLog names the provider SourceName; beside it, ProviderName is the event's own field (PowerShell 400/600, Service Control Manager).
  const providerIsData = 'SourceName' in o;
  // for-in, not Object.keys or entries: no key array nor [key, value] pair per record, and V8 reads
  // each value through the object's enum cache (JSON.parse's objects are plain: their for-in keys
  // are their own keys, in Object.keys order)
  for (const k in o) {
    const v = o[k]!;
    const kind = KEY_KIND.get(k);
    if (kind !== undefined && (kind === COLLECTOR || k !== 'ProviderName' || !providerIsData)) continue;
    if (k === 'EventType' && typeof v === 'string' && NXLOG_EVENT_TYPES.has(v)) continue;
    // most values are text or numbers: only objects and arrays go through eventValue
    setOwn(data, k, typeof v === 'object' && v !== null ? eventValue(v) : v);
  }
  r.EventData = data;
  return { event: r, timeFromReceipt };
}
