/**
 * The JSON forms of the format-parity oracle (test/oracle/case/detection-run-format-parity.test.ts), written
 * here from RawEvents (the model's reader-neutral shape) as each producer writes its records:
 * evtx_dump (`-o json`, pretty records after `Record N` lines, and `-o jsonl`, typed numbers),
 * a JSON array, flat NXLog `im_msvistalog` JSON (EventData at the top level beside the System
 * fields and the collector's own), and Winlogbeat/ECS with the Sysmon module's pipeline applied
 * (format-parity-winlogbeat.ts). The oracle test feeds these writers the events of libevtx's
 * Event XML, not of our EVTX parser.
 */
import type { EventValue, RawEvent } from '../../src-main/model/raw-event';
import { winlogbeatDocument } from './format-parity-winlogbeat';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** evtx_dump writes integer-typed substitutions as JSON numbers; from text only plain decimals can be told apart. */
function typed(v: EventValue): Json {
  if (typeof v === 'string' && /^(0|[1-9]\d{0,14})$/.test(v)) return Number(v);
  if (Array.isArray(v)) return v.map(typed);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typed(x)]));
  return v;
}

function attrs(o: Record<string, Json | undefined>): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/** One record as evtx_dump's JSON: attributes under `#attributes`, an element with both under `#text`. */
function evtxDumpRecord(e: RawEvent): Json {
  const system: { [k: string]: Json } = {
    Provider: { '#attributes': attrs({ Name: e.Provider.Name, Guid: e.Provider.Guid, EventSourceName: e.Provider.EventSourceName }) },
    EventID: e.Qualifiers === null ? e.EventID : { '#attributes': { Qualifiers: e.Qualifiers }, '#text': e.EventID },
    Version: e.Version, Level: e.Level, Task: e.Task, Opcode: e.Opcode, Keywords: e.Keywords,
    TimeCreated: { '#attributes': attrs({ SystemTime: e.TimeCreated }) },
    EventRecordID: e.EventRecordID,
    Correlation: { '#attributes': attrs({ ActivityID: e.Correlation.ActivityID, RelatedActivityID: e.Correlation.RelatedActivityID }) },
    Execution: { '#attributes': attrs({ ProcessID: e.Execution.ProcessID, ThreadID: e.Execution.ThreadID }) },
    Channel: e.Channel, Computer: e.Computer,
    Security: { '#attributes': attrs({ UserID: e.Security.UserID }) },
  };
  const event: { [k: string]: Json } = { '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' }, System: system };
  if (e.EventData) {
    const data = typed(e.EventData) as { [k: string]: Json };
    // unnamed <Data> elements: evtx_dump writes `"Data": {"#text": [..]}`
    if (Array.isArray(data['Data'])) data['Data'] = { '#text': data['Data'] };
    event['EventData'] = data;
  }
  if (e.UserData) event['UserData'] = typed(e.UserData);
  return { Event: event };
}

/** `evtx_dump -o json`: each record pretty-printed after a `Record N` line. */
export function evtxDumpJson(events: readonly RawEvent[]): string {
  return events.map((e, i) => `Record ${e.EventRecordID ?? i + 1}\n${JSON.stringify(evtxDumpRecord(e), null, 2)}\n`).join('');
}

/** `evtx_dump -o jsonl`: one record per line, CRLF (as written on Windows). */
export function evtxDumpJsonLines(events: readonly RawEvent[]): string {
  return events.map((e) => JSON.stringify(evtxDumpRecord(e))).join('\r\n') + '\r\n';
}

/** The same records as one JSON array (an export tool or `jq -s`). */
export function evtxDumpArray(events: readonly RawEvent[]): string {
  return `[\n${events.map((e) => JSON.stringify(evtxDumpRecord(e))).join(',\n')}\n]\n`;
}

/** NXLog's `EventTime`: the collector's local time without a zone (here UTC+2). */
function nxlogLocalTime(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(Date.parse(iso) + 2 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
}

/** NXLog writes Keywords as the signed 64-bit decimal, which JSON carries as a double. */
function nxlogKeywords(k: string | null): number | null {
  return k && /^0x[0-9a-f]+$/i.test(k) ? Number(BigInt.asIntN(64, BigInt(k))) : null;
}

/** NXLog's words for a Windows level: `EventType` (audit events by their keyword bits), `SeverityValue`/`Severity`. */
const NXLOG_TYPES: Record<number, string> = { 0: 'INFO', 1: 'CRITICAL', 2: 'ERROR', 3: 'WARNING', 4: 'INFO', 5: 'VERBOSE' };
const NXLOG_SEVERITY: Record<number, [number, string]> = { 0: [2, 'INFO'], 1: [5, 'CRITICAL'], 2: [4, 'ERROR'], 3: [3, 'WARNING'], 4: [2, 'INFO'], 5: [1, 'DEBUG'] };

function nxlogEventType(e: RawEvent): string {
  const k = e.Keywords && /^0x[0-9a-f]+$/i.test(e.Keywords) ? BigInt(e.Keywords) : 0n;
  if (k & 0x20000000000000n) return 'AUDIT_SUCCESS';
  if (k & 0x10000000000000n) return 'AUDIT_FAILURE';
  return NXLOG_TYPES[e.Level ?? 4] ?? 'INFO';
}

/** The UserData root's children (NXLog flattens them beside EventData's). */
function userDataFields(u: RawEvent['UserData']): Record<string, EventValue> {
  if (!u) return {};
  const roots = Object.values(u);
  if (roots.length !== 1) return u;
  const inner = roots[0];
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? inner : {}; // an empty root holds no field
}

/**
 * A flat NXLog `im_msvistalog` record as the OTRF datasets hold them: System fields under NXLog's
 * names, the collector's fields, then every EventData field at the top level (written last: a data
 * field with a collector's name, such as Sysmon's `EventType`, replaces it, as in NXLog).
 */
function nxlogRecord(e: RawEvent): Json {
  const o: { [k: string]: Json } = {
    EventTime: nxlogLocalTime(e.TimeCreated), Hostname: e.Computer, Keywords: nxlogKeywords(e.Keywords),
    EventType: nxlogEventType(e), SeverityValue: NXLOG_SEVERITY[e.Level ?? 4]?.[0] ?? 2, Severity: NXLOG_SEVERITY[e.Level ?? 4]?.[1] ?? 'INFO',
    EventID: e.EventID, SourceName: e.Provider.Name, ProviderGuid: e.Provider.Guid, Version: e.Version, Task: e.Task,
    OpcodeValue: e.Opcode, RecordNumber: e.EventRecordID, ActivityID: e.Correlation.ActivityID, RelatedActivityID: e.Correlation.RelatedActivityID,
    ExecutionProcessID: e.Execution.ProcessID, ThreadID: e.Execution.ThreadID, Channel: e.Channel,
    Domain: 'NT AUTHORITY', AccountName: 'SYSTEM', UserID: e.Security.UserID, AccountType: 'User', Category: 'Task category', Opcode: 'Info',
    Message: 'The rendered message', EventReceivedTime: nxlogLocalTime(e.TimeCreated), SourceModuleName: 'eventlog', SourceModuleType: 'im_msvistalog',
    '@version': '1', '@timestamp': e.TimeCreated ? new Date(Date.parse(e.TimeCreated)).toISOString() : null, port: 60_000, host: 'wec01.collect.local', tags: ['mordorDataset'],
  };
  for (const [k, v] of Object.entries(o)) if (v === null) delete o[k];
  for (const [k, v] of Object.entries({ ...userDataFields(e.UserData), ...(e.EventData ?? {}) })) o[k] = v as Json;
  return o;
}

export function nxlogJsonLines(events: readonly RawEvent[]): string {
  return events.map((e) => JSON.stringify(nxlogRecord(e))).join('\n') + '\n';
}

/** Winlogbeat documents as JSON lines (an Elasticsearch export: each wrapped as a search hit, `_source`, when `asHits`). */
export function winlogbeatJsonLines(events: readonly RawEvent[], asHits = false, withMessage = false): string {
  return events.map((e, i) => {
    const doc = winlogbeatDocument(e, withMessage);
    return JSON.stringify(asHits ? { _index: '.ds-winlogbeat-8.11.0', _id: `doc-${i}`, _source: doc } : doc);
  }).join('\n') + '\n';
}
