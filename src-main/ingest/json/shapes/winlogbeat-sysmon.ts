/**
 * Winlogbeat's Sysmon module, undone: the EventData fields its pipeline moves out of
 * `winlog.event_data` (elastic/beats `x-pack/winlogbeat/module/sysmon/config/winlogbeat-sysmon.js`,
 * the same renames in the Elastic Agent `windows.sysmon_operational` pipeline) are put back under
 * Sysmon's own names, so a Sigma rule on `Image`, `TargetFilename`, `User` or `Hashes` matches a
 * Winlogbeat document as it matches the .evtx. Per event id, because the same ECS field holds
 * different Sysmon fields (`process.executable` is `Image`, `SourceImage` for 8 and 10,
 * `Destination` for 20; `file.path` is `TargetFilename`, `ImageLoaded` or `Device`).
 *
 * Renames first (`restoreRenamedSysmonFields`: the value as Sysmon wrote it, numbers and booleans
 * back to text), then the pipeline's transforms reversed (`restoreDerivedSysmonFields`; the
 * caller then fills what is still missing from Sysmon's `message`): `Hashes` rebuilt from
 * the lower-cased `*.hash.*` in Sysmon's order (all-zero hashes were dropped), `User` from
 * `user.domain`/`user.name`, `RuleName` from `rule.name` (a `-` was dropped), `Initiated` and
 * `Source/DestinationIsIpv6` from `network.direction`/`network.type`, `QueryStatus` from its name,
 * `QueryResults` from `dns.answers` (Sysmon's layout, not its exact text), `UtcTime` from
 * `@timestamp` (where the pipeline put it).
 */
import type { EventValue } from '../../../model/raw-event';
import { setOwn } from '../../../model/fields';
import type { Json, JsonObject } from './common';
import { get, toStr } from './common';

type Renames = readonly (readonly [field: string, ecsPath: string])[];

const PROCESS: Renames = [['ProcessGuid', 'process.entity_id'], ['ProcessId', 'process.pid'], ['Image', 'process.executable']];
const PROCESS_FILE: Renames = [...PROCESS, ['TargetFilename', 'file.path']];
const FILE_FLAGS: Renames = [...PROCESS, ['Archived', 'sysmon.file.archived'], ['IsExecutable', 'sysmon.file.is_executable']];

/** Sysmon event id → the EventData fields the module renames, with the ECS field each went to. */
const SYSMON_ECS_RENAMES: Readonly<Record<number, Renames>> = {
  1: [...PROCESS, ['CommandLine', 'process.command_line'], ['CurrentDirectory', 'process.working_directory'],
    ['ParentProcessGuid', 'process.parent.entity_id'], ['ParentProcessId', 'process.parent.pid'], ['ParentImage', 'process.parent.executable'],
    ['ParentCommandLine', 'process.parent.command_line'], ['OriginalFileName', 'process.pe.original_file_name']],
  2: PROCESS_FILE,
  3: [...PROCESS, ['Protocol', 'network.transport'], ['SourceIp', 'source.ip'], ['SourceHostname', 'source.domain'], ['SourcePort', 'source.port'],
    ['DestinationIp', 'destination.ip'], ['DestinationHostname', 'destination.domain'], ['DestinationPort', 'destination.port'],
    ['DestinationPortName', 'network.protocol']],
  5: PROCESS,
  6: [['ImageLoaded', 'file.path']],
  7: [...PROCESS, ['ImageLoaded', 'file.path'], ['OriginalFileName', 'file.pe.original_file_name']],
  8: [['SourceProcessGuid', 'process.entity_id'], ['SourceProcessId', 'process.pid'], ['SourceImage', 'process.executable']],
  9: [...PROCESS, ['Device', 'file.path']],
  10: [['SourceProcessGUID', 'process.entity_id'], ['SourceProcessId', 'process.pid'], ['SourceThreadId', 'process.thread.id'], ['SourceImage', 'process.executable']],
  11: PROCESS_FILE,
  12: PROCESS,
  13: PROCESS,
  14: PROCESS,
  15: PROCESS_FILE,
  17: [...PROCESS, ['PipeName', 'file.name']],
  18: [...PROCESS, ['PipeName', 'file.name']],
  20: [['Destination', 'process.executable']],
  22: [...PROCESS, ['QueryName', 'dns.question.name'], ['QueryStatus', 'sysmon.dns.status']],
  23: [...FILE_FLAGS, ['TargetFilename', 'file.path']],
  24: FILE_FLAGS,
  25: FILE_FLAGS,
  255: [['ID', 'error.code']],
};

/** The events whose `User` the module splits into `user.domain` and `user.name` (and then deletes). */
const USER_SPLIT = new Set([1, 3, 19, 20, 21, 23, 24, 25]);

/** The events whose hashes the module moves: [Sysmon field, ECS namespace]. */
const HASH_FIELDS: Readonly<Record<number, readonly [string, string]>> = {
  1: ['Hashes', 'process'], 6: ['Hashes', 'file'], 7: ['Hashes', 'file'], 15: ['Hash', 'file'],
  23: ['Hashes', 'process'], 24: ['Hashes', 'process'], 25: ['Hashes', 'process'],
};
/** Sysmon's order in `Hashes`, with where the module put each. */
const HASH_ORDER: readonly (readonly [string, string])[] = [['SHA1', 'hash.sha1'], ['MD5', 'hash.md5'], ['SHA256', 'hash.sha256'], ['IMPHASH', 'pe.imphash']];

/** DNS status names the module writes for Sysmon's `QueryStatus` codes (the common ones; an unknown name stays as written). */
const DNS_STATUS_CODES: Readonly<Record<string, string>> = {
  SUCCESS: '0', ERROR_ACCESS_DENIED: '5', ERROR_INVALID_NAME: '123', ERROR_INVALID_NETNAME: '1214', ERROR_CANCELLED: '1223', ERROR_TIMEOUT: '1460',
  DNS_ERROR_RCODE_FORMAT_ERROR: '9001', DNS_ERROR_RCODE_SERVER_FAILURE: '9002', DNS_ERROR_RCODE_NAME_ERROR: '9003', DNS_ERROR_RCODE_REFUSED: '9005',
  DNS_INFO_NO_RECORDS: '9501', DNS_ERROR_RECORD_DOES_NOT_EXIST: '9701', DNS_ERROR_NO_DNS_SERVERS: '9852', WSAECONNRESET: '10054', WSAETIMEDOUT: '10060',
};
/** DNS record type names → the numbers Sysmon writes in `QueryResults` (`type:  5 name;`). */
const DNS_TYPE_CODES: Readonly<Record<string, number>> = { NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, SRV: 33 };

/** `table[key]` when the table has its own such entry (`constructor` is a status name like any other). */
function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function at(o: JsonObject, path: string): Json | undefined {
  return get(o, ...path.split('.'));
}

/** A scalar ECS value as the text Sysmon wrote (`1234`, `true`); null for absent values and objects. */
function asText(v: Json | undefined): string | null {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  return typeof v === 'string' ? v : null;
}

function restore(data: Record<string, EventValue>, field: string, value: string | null): void {
  if (value !== null && !Object.hasOwn(data, field)) setOwn(data, field, value);
}

/** The renamed fields of Sysmon event `eventId`, back under their names (those already in `data` are kept). */
export function restoreRenamedSysmonFields(o: JsonObject, eventId: number | null, data: Record<string, EventValue>): void {
  for (const [field, path] of (eventId === null ? undefined : SYSMON_ECS_RENAMES[eventId]) ?? []) {
    const v = asText(at(o, path));
    restore(data, field, field === 'QueryStatus' && v !== null ? lookup(DNS_STATUS_CODES, v) ?? v : v);
  }
}

/** `2019-05-21T00:35:07.297Z` → Sysmon's `2019-05-21 00:35:07.297`. */
function sysmonUtcTime(ts: string | null): string | null {
  const m = ts === null ? null : /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d{1,3})?\d*Z$/.exec(ts);
  return m ? `${m[1]} ${m[2]}${(m[3] ?? '.').padEnd(4, '0')}` : null;
}

function queryResults(answers: Json | undefined): string | null {
  if (!Array.isArray(answers)) return null;
  let out = '';
  for (const a of answers) {
    const type = toStr(get(a, 'type'));
    const value = toStr(get(a, 'data'));
    if (value === null) continue;
    if (type === 'A') out += `::ffff:${value};`;
    else if (type === 'AAAA') out += `${value};`;
    else out += `type:  ${(type !== null ? lookup(DNS_TYPE_CODES, type) : undefined) ?? 0} ${value};`;
  }
  return out === '' ? null : out;
}

/** The fields the module transformed (not just renamed), rebuilt as closely as the document allows. */
export function restoreDerivedSysmonFields(o: JsonObject, eventId: number | null, data: Record<string, EventValue>): void {
  if (eventId === null) return;
  restore(data, 'UtcTime', sysmonUtcTime(toStr(o['@timestamp'])));
  restore(data, 'RuleName', asText(at(o, 'rule.name')));
  if (USER_SPLIT.has(eventId)) {
    const name = asText(at(o, 'user.name'));
    const domain = asText(at(o, 'user.domain'));
    restore(data, 'User', name === null ? null : domain === null ? name : `${domain}\\${name}`);
  }
  const hashes = HASH_FIELDS[eventId];
  if (hashes) {
    const parts = HASH_ORDER.flatMap(([name, path]) => { const v = asText(at(o, `${hashes[1]}.${path}`)); return v === null ? [] : [`${name}=${v.toUpperCase()}`]; });
    restore(data, hashes[0], parts.length ? parts.join(',') : null);
  }
  if (eventId === 3) {
    const direction = asText(at(o, 'network.direction'));
    restore(data, 'Initiated', direction === 'egress' ? 'true' : direction === 'ingress' ? 'false' : null);
    const type = asText(at(o, 'network.type'));
    const v6 = type === 'ipv6' ? 'true' : type === 'ipv4' ? 'false' : null;
    restore(data, 'SourceIsIpv6', v6);
    restore(data, 'DestinationIsIpv6', v6);
  }
}

/** `QueryResults` rebuilt from `dns.answers` (when neither the document nor its message holds Sysmon's text). */
export function restoreDnsResults(o: JsonObject, eventId: number | null, data: Record<string, EventValue>): void {
  if (eventId === 22) restore(data, 'QueryResults', queryResults(at(o, 'dns.answers')));
}
