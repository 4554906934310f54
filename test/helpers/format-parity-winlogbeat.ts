/**
 * A Winlogbeat document for a RawEvent, with what Winlogbeat's Sysmon module does to Sysmon
 * events applied, transcribed event by event from its pipeline (elastic/beats
 * `x-pack/winlogbeat/module/sysmon/config/winlogbeat-sysmon.js`): EventData fields *renamed* to
 * ECS fields (gone from `winlog.event_data`), `User` split into `user.domain`/`user.name`,
 * `Hashes`/`Hash` split into lower-cased `*.hash.*`, `RuleName` moved to `rule.name` (dropped
 * when `-`), `Initiated`/`SourceIsIpv6`/`DestinationIsIpv6` turned into `network.direction`/`network.type`,
 * `QueryStatus` named, `QueryResults` parsed into `dns.answers`, `UtcTime` into `@timestamp`.
 * `message` only on request (many deployments drop it). Written for the
 * format-parity oracle independently of the reader's inverse table
 * (src-main/ingest/json/shapes/winlogbeat-sysmon.ts).
 */
import type { EventValue, RawEvent } from '../../src-main/model/raw-event';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Doc = { [k: string]: Json };

/** [EventData field, ECS field, type] renamed per Sysmon event id. */
type Rename = [string, string, ('long' | 'boolean')?];
const PROC: Rename[] = [['ProcessGuid', 'process.entity_id'], ['ProcessId', 'process.pid', 'long'], ['Image', 'process.executable']];
const RENAMES: Record<number, Rename[]> = {
  1: [...PROC, ['CommandLine', 'process.command_line'], ['CurrentDirectory', 'process.working_directory'],
    ['ParentProcessGuid', 'process.parent.entity_id'], ['ParentProcessId', 'process.parent.pid', 'long'], ['ParentImage', 'process.parent.executable'],
    ['ParentCommandLine', 'process.parent.command_line'], ['OriginalFileName', 'process.pe.original_file_name']],
  2: [...PROC, ['TargetFilename', 'file.path']],
  3: [...PROC, ['Protocol', 'network.transport'], ['SourceIp', 'source.ip'], ['SourceHostname', 'source.domain'], ['SourcePort', 'source.port', 'long'],
    ['DestinationIp', 'destination.ip'], ['DestinationHostname', 'destination.domain'], ['DestinationPort', 'destination.port', 'long'],
    ['DestinationPortName', 'network.protocol']],
  5: PROC,
  6: [['ImageLoaded', 'file.path']],
  7: [...PROC, ['ImageLoaded', 'file.path'], ['OriginalFileName', 'file.pe.original_file_name']],
  8: [['SourceProcessGuid', 'process.entity_id'], ['SourceProcessId', 'process.pid', 'long'], ['SourceImage', 'process.executable']],
  9: [...PROC, ['Device', 'file.path']],
  10: [['SourceProcessGUID', 'process.entity_id'], ['SourceProcessId', 'process.pid', 'long'], ['SourceThreadId', 'process.thread.id', 'long'], ['SourceImage', 'process.executable']],
  11: [...PROC, ['TargetFilename', 'file.path']],
  12: PROC, 13: PROC, 14: PROC,
  15: [...PROC, ['TargetFilename', 'file.path']],
  17: [...PROC, ['PipeName', 'file.name']],
  18: [...PROC, ['PipeName', 'file.name']],
  20: [['Destination', 'process.executable']],
  22: [...PROC, ['QueryName', 'dns.question.name'], ['QueryStatus', 'sysmon.dns.status']],
  23: [...PROC, ['TargetFilename', 'file.path'], ['Archived', 'sysmon.file.archived', 'boolean'], ['IsExecutable', 'sysmon.file.is_executable', 'boolean']],
  24: [...PROC, ['Archived', 'sysmon.file.archived', 'boolean'], ['IsExecutable', 'sysmon.file.is_executable', 'boolean']],
  25: [...PROC, ['Archived', 'sysmon.file.archived', 'boolean'], ['IsExecutable', 'sysmon.file.is_executable', 'boolean']],
  255: [['ID', 'error.code']],
};
/** Fields copied (kept in event_data too). */
const COPIES: Record<number, [string, string][]> = {
  1: [['Company', 'process.pe.company'], ['Description', 'process.pe.description'], ['FileVersion', 'process.pe.file_version'], ['Product', 'process.pe.product']],
  6: [['Signature', 'file.code_signature.subject_name'], ['SignatureStatus', 'file.code_signature.status']],
  7: [['Signature', 'file.code_signature.subject_name'], ['SignatureStatus', 'file.code_signature.status'], ['Company', 'file.pe.company'],
    ['Description', 'file.pe.description'], ['FileVersion', 'file.pe.file_version'], ['Product', 'file.pe.product']],
};
const ADD_USER = new Set([1, 3, 19, 20, 21, 23, 24, 25]);
const HASHES: Record<number, [string, string]> = { 1: ['Hashes', 'process'], 6: ['Hashes', 'file'], 7: ['Hashes', 'file'], 15: ['Hash', 'file'], 23: ['Hashes', 'process'], 24: ['Hashes', 'process'], 25: ['Hashes', 'process'] };
const DNS_STATUS: Record<string, string> = { 0: 'SUCCESS', 123: 'ERROR_INVALID_NAME', 1460: 'ERROR_TIMEOUT', 9003: 'DNS_ERROR_RCODE_NAME_ERROR', 9501: 'DNS_INFO_NO_RECORDS', 9701: 'DNS_ERROR_RECORD_DOES_NOT_EXIST' };
const DNS_TYPES: Record<string, string> = { 1: 'A', 5: 'CNAME', 12: 'PTR', 28: 'AAAA', 33: 'SRV' };

/** Winlogbeat's `log.level`: the level's name as Windows renders it (LogAlways, 0, shows as information). */
const LEVELS: Record<number, string> = { 0: 'information', 1: 'critical', 2: 'error', 3: 'warning', 4: 'information', 5: 'verbose' };

function put(doc: Doc, path: string, v: Json): void {
  const parts = path.split('.');
  let cur = doc;
  for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Doc;
  cur[parts[parts.length - 1]!] = v;
}

function text(v: EventValue | undefined): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Sysmon's pipeline on `data` (winlog.event_data, changed in place) and `doc`. */
function sysmonPipeline(id: number, data: Record<string, EventValue>, doc: Doc): void {
  const utc = text(data['UtcTime']);
  if (utc && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/.test(utc)) { put(doc, '@timestamp', `${utc.replace(' ', 'T')}Z`); delete data['UtcTime']; }
  for (const [from, to, type] of RENAMES[id] ?? []) {
    const v = data[from];
    delete data[from];
    if (typeof v !== 'string') continue; // convert's ignore_missing; an empty value is renamed like any other
    if (type === 'long') { if (/^\d+$/.test(v)) put(doc, to, Number(v)); continue; }
    put(doc, to, type === 'boolean' ? v.toLowerCase() === 'true' : v);
  }
  for (const [from, to] of COPIES[id] ?? []) { const v = text(data[from]); if (v !== null) put(doc, to, v); }
  if ('RuleName' in data) { const r = text(data['RuleName']); delete data['RuleName']; if (r && r !== '-') put(doc, 'rule.name', r); }
  if (ADD_USER.has(id)) {
    const parts = text(data['User'])?.split('\\');
    if (parts?.length === 2) { put(doc, 'user.domain', parts[0]!); put(doc, 'user.name', parts[1]!); delete data['User']; }
  }
  const h = HASHES[id];
  if (h && text(data[h[0]])) {
    for (const part of text(data[h[0]])!.split(',')) {
      const [k, v] = part.split('=');
      if (!k || !v || /^0*$/.test(v)) continue;
      put(doc, k.toLowerCase() === 'imphash' ? `${h[1]}.pe.imphash` : `${h[1]}.hash.${k.toLowerCase()}`, v.toLowerCase());
    }
    delete data[h[0]];
  }
  if (id === 3) {
    const dir = text(data['Initiated']);
    if (dir === 'true') put(doc, 'network.direction', 'egress'); else if (dir === 'false') put(doc, 'network.direction', 'ingress');
    const v6 = text(data['SourceIsIpv6']);
    if (v6 === 'true') put(doc, 'network.type', 'ipv6'); else if (v6 === 'false') put(doc, 'network.type', 'ipv4');
    delete data['Initiated']; delete data['SourceIsIpv6']; delete data['DestinationIsIpv6'];
  }
  if (id === 22) {
    const status = (doc['sysmon'] as Doc | undefined)?.['dns'] as Doc | undefined;
    if (status && typeof status['status'] === 'string' && DNS_STATUS[status['status']]) status['status'] = DNS_STATUS[status['status']]!;
    const results = text(data['QueryResults']);
    if (results) {
      const answers: Json[] = [];
      const ips: string[] = [];
      for (const a of results.split(';').filter(Boolean)) {
        const t = /^type:\s+(\d+)\s+(\S+)$/.exec(a);
        if (t) answers.push({ type: DNS_TYPES[t[1]!] ?? null, data: t[2]! });
        else if (/^[\d.:a-f]+$/i.test(a.replace('::ffff:', ''))) { const ip = a.replace('::ffff:', ''); ips.push(ip); answers.push({ type: ip.includes(':') ? 'AAAA' : 'A', data: ip }); }
      }
      if (answers.length) put(doc, 'dns.answers', answers);
      if (ips.length) put(doc, 'dns.resolved_ip', ips);
      delete data['QueryResults'];
    }
  }
}

/** Sysmon's rendered message: a title line, then `Name: value` per EventData field (a value's newlines kept, as Windows renders it). */
function sysmonMessage(e: RawEvent): string {
  const lines = Object.entries(e.EventData ?? {}).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [`Sysmon event ${e.EventID}:`, ...lines].join('\n');
}

/** The Winlogbeat 8 document of one event (Sysmon module applied to Sysmon events; `message` when `withMessage`). */
export function winlogbeatDocument(e: RawEvent, withMessage = false): Doc {
  const doc: Doc = {};
  if (e.TimeCreated) put(doc, '@timestamp', new Date(Date.parse(e.TimeCreated)).toISOString());
  put(doc, 'agent.type', 'winlogbeat');
  put(doc, 'ecs.version', '8.0.0');
  if (e.EventID !== null) put(doc, 'event.code', String(e.EventID));
  if (e.Provider.Name) put(doc, 'event.provider', e.Provider.Name);
  put(doc, 'event.kind', 'event');
  // Winlogbeat's host.name is the collecting agent's name: here short and lower-case, unlike Computer.
  if (e.Computer) put(doc, 'host.name', e.Computer.split('.')[0]!.toLowerCase());
  put(doc, 'winlog.api', 'wineventlog');
  if (e.Channel) put(doc, 'winlog.channel', e.Channel);
  if (e.TimeCreated) put(doc, 'winlog.time_created', e.TimeCreated); // Winlogbeat 8 / Elastic Agent (7.x wrote none)
  if (e.Computer) put(doc, 'winlog.computer_name', e.Computer);
  if (e.EventID !== null) put(doc, 'winlog.event_id', String(e.EventID));
  if (e.EventRecordID !== null) put(doc, 'winlog.record_id', e.EventRecordID);
  if (e.Provider.Name) put(doc, 'winlog.provider_name', e.Provider.Name);
  if (e.Provider.Guid) put(doc, 'winlog.provider_guid', e.Provider.Guid);
  if (e.Version !== null) put(doc, 'winlog.version', e.Version);
  put(doc, 'winlog.task', 'Task category');
  put(doc, 'winlog.opcode', 'Info');
  const keywords = e.Keywords ? BigInt(e.Keywords) : 0n;
  const names = [...(keywords & 0x20000000000000n ? ['Audit Success'] : []), ...(keywords & 0x10000000000000n ? ['Audit Failure'] : []), ...(keywords & 0x80000000000000n ? ['Classic'] : [])];
  if (names.length) put(doc, 'winlog.keywords', names);
  if (e.Level !== null) put(doc, 'log.level', LEVELS[e.Level] ?? String(e.Level));
  if (e.Execution.ProcessID !== null) put(doc, 'winlog.process.pid', e.Execution.ProcessID);
  if (e.Execution.ThreadID !== null) put(doc, 'winlog.process.thread.id', e.Execution.ThreadID);
  if (e.Security.UserID) put(doc, 'winlog.user.identifier', e.Security.UserID);
  if (e.Correlation.ActivityID) put(doc, 'winlog.activity_id', e.Correlation.ActivityID);
  if (e.Correlation.RelatedActivityID) put(doc, 'winlog.related_activity_id', e.Correlation.RelatedActivityID);
  const data: Record<string, EventValue> = { ...(e.EventData ?? {}) };
  const sysmon = (e.Provider.Name ?? '').toLowerCase() === 'microsoft-windows-sysmon';
  if (sysmon && withMessage) put(doc, 'message', sysmonMessage(e));
  if (sysmon && e.EventID !== null) sysmonPipeline(e.EventID, data, doc);
  if (Object.keys(data).length > 0) put(doc, 'winlog.event_data', data as Json);
  if (e.UserData) put(doc, 'winlog.user_data', Object.values(e.UserData)[0] as Json);
  return doc;
}
