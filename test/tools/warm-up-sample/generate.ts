// Writes assets/warm-up/System.evtx: a SYNTHETIC System log for the parser workers' JIT warm-up
// (src-main/evidence-reading/warm-up.ts), never shown to the analyst. The demo evidence holds Sysmon and
// Security logs only; a real System log takes code paths they never reach (issue 21, measured with
// --trace-deopt on StolenSzechuan System.evtx: 16 deoptimisations in the first pass after a warm-up on the
// demo evidence alone, among them the template reader, the value decoder and the record loop), and each one
// costs its isolate a recompile in the first real pass. So this file holds, as Windows Server writes them:
// classic event-log sources (literal provider, Qualifiers, named and unnamed Data, EventData/Binary),
// manifest providers (FILETIME, u64, bool, hex, SID, GUID values), UserData, strings with trailing NULs, long
// ones and ones with a surrogate pair, string arrays, times over several days, and per chunk two records in the
// slack after the free space (one recovered, one a remnant that cannot be, as dirty logs hold them), then an
// unused all-zero slot. Deterministic: same code, same bytes.
// Usage: npx tsx test/tools/warm-up-sample/generate.ts [OUT_FILE]   (default assets/warm-up/System.evtx)

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EvtxWriter } from '../evtx-writer/index';
import { bin, bool, filetime, filetimeFromIso, guid, hex32, hex64, NULL, str, strArray, u32, u64, u8 } from '../evtx-writer/index';
import type { WrittenEvent } from '../evtx-writer/index';
import { el, sub, Template, text } from '../evtx-writer/binxml';
import type { SlotValue } from '../evtx-writer/binxml';
import { eventToInstance } from '../evtx-writer/event';
import { ValueType } from '../evtx-writer/values';
import { Prng } from '../evtx-writer/prng';
import { crc32 } from '../evtx-writer/crc32';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEFAULT_OUT = path.join(REPO_ROOT, 'assets', 'warm-up', 'System.evtx');

const COMPUTER = 'SRV-WARMUP-01.corp.example';
const CHANNEL = 'System';
const SCM = { name: 'Service Control Manager', guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}' };
const SERVICES = ['Windows Update', 'Background Intelligent Transfer Service', 'WinHTTP Web Proxy Auto-Discovery Service', 'Windows Modules Installer', 'Software Protection', 'Network List Service', 'Application Experience'];
const EXTRA_SLACK_ID = 1_000_000n;

/** An integer in [0, n). */
const rnd = (rng: Prng, n: number): number => rng.int(0, n - 1);

/** A 4-byte-aligned UTF-16 service name as SCM writes its EventData/Binary (name, NUL-terminated). */
function utf16z(s: string): Uint8Array {
  const b = Buffer.alloc((s.length + 1) * 2);
  b.write(s, 'utf16le');
  return new Uint8Array(b);
}

/**
 * The classic EventData of sources like EventLog: `<Data>` elements without a Name (the one at `arrayAt`
 * a string array), then `<Binary>`.
 */
export function unnamedEventData(key: string, count: number, binary: boolean, arrayAt = -1): Template {
  return new Template(`WarmUpUnnamed|${key}|${count}|${binary}|${arrayAt}`, el('EventData', [], [
    ...Array.from({ length: count }, (_, i) => el('Data', [], [sub(i, i === arrayAt ? ValueType.StringArray : ValueType.String, false)])),
    ...(binary ? [el('Binary', [], [sub(count, ValueType.Binary, false)])] : []),
  ]));
}

/** `<UserData>` with a provider's own element (as Microsoft-Windows-Eventlog 104 writes it). */
const LOG_CLEARED = new Template('WarmUpUserData|LogFileCleared', el('UserData', [], [
  el('LogFileCleared', [{ name: 'xmlns', value: text('http://manifests.microsoft.com/win/2004/08/windows/eventlog') }], [
    el('SubjectUserName', [], [sub(0, ValueType.String, false)]),
    el('SubjectDomainName', [], [sub(1, ValueType.String, false)]),
    el('Channel', [], [sub(2, ValueType.String, false)]),
    el('BackupPath', [], [sub(3, ValueType.String, true)]),
  ]),
]));

interface Shaped { event: WrittenEvent; eventData?: { template: Template; values: SlotValue[] } }

function base(rng: Prng, t: bigint, provider: WrittenEvent['provider'], eventId: number, over: Partial<WrittenEvent> = {}): WrittenEvent {
  return {
    provider, eventId, version: 0, level: 4, task: 0, opcode: 0, keywords: 0x8080000000000000n, timeCreated: t,
    processId: 4 + rnd(rng, 900) * 4, threadId: 8 + rnd(rng, 9000) * 4, channel: CHANNEL, computer: COMPUTER, data: [], ...over,
  };
}

/** One event of the kind at `k` (the kinds cycle), at time `t`. */
function eventOf(k: number, rng: Prng, t: bigint): Shaped {
  const svc = SERVICES[rnd(rng, SERVICES.length)]!;
  const classic = { eventSourceName: SCM.name, qualifiers: 16384, keywords: 0x8080000000000000n };
  switch (k % 10) {
    case 0: return { event: base(rng, t, SCM, 7036, { ...classic, data: [{ name: 'param1', value: str(svc) }, { name: 'param2', value: str(rnd(rng, 2) ? 'running' : 'stopped') }], binary: utf16z(svc.replace(/ /g, '')) }) };
    case 1: return { event: base(rng, t, SCM, 7040, { ...classic, userSid: 'S-1-5-18', data: [{ name: 'param1', value: str(svc) }, { name: 'param2', value: str('demand start') }, { name: 'param3', value: str('auto start') }, { name: 'param4', value: str(svc.replace(/ /g, '') + '\0') }] }) };
    case 2: return { event: base(rng, t, SCM, 7045, { ...classic, level: 0, userSid: 'S-1-5-21-1004336348-1177238915-682003330-500', data: [{ name: 'ServiceName', value: str(svc) }, { name: 'ImagePath', value: str(`%SystemRoot%\\System32\\svchost.exe -k netsvcs -p -s ${svc.replace(/ /g, '')}`) }, { name: 'ServiceType', value: str('user mode service') }, { name: 'StartType', value: str('demand start') }, { name: 'AccountName', value: str('LocalSystem') }] }) };
    case 3: {
      const e = base(rng, t, { name: 'EventLog' }, 6013, { eventSourceName: 'EventLog', qualifiers: 32768 });
      return { event: e, eventData: { template: unnamedEventData('6013', 7, true, 3), values: [str(''), str(''), str(''), strArray(['C:', 'D:']), str(String(60 + rnd(rng, 900000))), str(''), str('60 W. Europe Standard Time'), bin(new Uint8Array([0x31, 0, 0, 0]))] } };
    }
    case 4: {
      const e = base(rng, t, { name: 'EventLog' }, 6005 + rnd(rng, 2), { eventSourceName: 'EventLog', qualifiers: 32768 });
      return { event: e, eventData: { template: unnamedEventData('600x', 0, true), values: [bin(new Uint8Array(16).map((_, i) => (i * 37 + rnd(rng, 256)) & 0xff))] } };
    }
    case 5: return { event: base(rng, t, { name: 'Microsoft-Windows-Kernel-General', guid: '{a68ca8b7-004f-d7b6-a698-07e2de0f1f5d}' }, 12, { version: 0, level: 4, task: 0, opcode: 0, keywords: 0x8000000000000000n, userSid: 'S-1-5-18', data: [{ name: 'MajorVersion', value: u32(6) }, { name: 'MinorVersion', value: u32(3) }, { name: 'BuildVersion', value: u32(9600) }, { name: 'QfeVersion', value: u32(17031) }, { name: 'ServiceVersion', value: u32(0) }, { name: 'BootMode', value: u32(0) }, { name: 'StartTime', value: filetime(t - 5_000_000n) }] }) };
    case 6: return { event: base(rng, t, { name: 'Microsoft-Windows-Kernel-Power', guid: '{331c3b3a-2005-44c2-ac5e-77220c37d6b4}' }, 41, { version: 2, level: 1, task: 63, opcode: 0, keywords: 0x8000000000000002n, userSid: 'S-1-5-18', data: [{ name: 'BugcheckCode', value: u32(0) }, { name: 'BugcheckParameter1', value: hex64(0) }, { name: 'BugcheckParameter2', value: hex64(BigInt(rnd(rng, 1 << 30)) << 8n) }, { name: 'SleepInProgress', value: bool(false) }, { name: 'PowerButtonTimestamp', value: u64(0) }, { name: 'BootAppStatus', value: hex32(0) }, { name: 'Checkpoint', value: u8(rnd(rng, 40)) }, { name: 'ConnectedStandbyInProgress', value: bool(rnd(rng, 2) === 1) }] }) };
    case 7: return { event: base(rng, t, { name: 'Microsoft-Windows-Time-Service', guid: '{06edcfeb-0fd0-4e53-acca-a6f8bbf81bcb}' }, 37, { version: 0, level: 4, task: 0, opcode: 0, keywords: 0x8000000000000000n, activityId: '{8a1c52d6-4b2e-4e2f-9a52-7c1f35f2a0b1}', userSid: 'S-1-5-19', data: [{ name: 'TimeSource', value: str('DC01.corp.example (ntp.d|0.0.0.0:123->10.20.0.10:123)') }, { name: 'TimeSourceRefId', value: hex32(0x0a14000a) }, { name: 'Detail', value: str('') }, { name: 'Peers', value: strArray(['DC01.corp.example', 'DC02.corp.example', 'time.example.net'].slice(0, 1 + rnd(rng, 3))) }, { name: 'Optional', value: NULL, optional: true }] }) };
    case 8: {
      const e = base(rng, t, { name: 'Microsoft-Windows-Eventlog', guid: '{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}' }, 104, { version: 0, level: 4, task: 104, opcode: 0, keywords: 0x8000000000000000n, userSid: 'S-1-5-21-1004336348-1177238915-682003330-500' });
      return { event: e, eventData: { template: LOG_CLEARED, values: [str('Administrator'), str('CORP'), str(rnd(rng, 2) ? 'Application' : 'Windows PowerShell'), NULL] } };
    }
    default: return { event: base(rng, t, { name: 'Microsoft-Windows-DistributedCOM', guid: '{1b562e86-b7aa-4131-badc-b6f3a001407e}' }, 10016, { eventSourceName: 'DCOM', qualifiers: 0, level: 3, task: 0, keywords: 0x8080000000000000n, userSid: 'S-1-5-20', data: [{ name: 'param1', value: str('application-specific') }, { name: 'param2', value: str('Local') }, { name: 'param3', value: str('Activation') }, { name: 'param4', value: str('{D63B10C5-BB46-4990-A94F-E40B9D520160}') }, { name: 'param5', value: str('{9CA88EE3-ACB7-47C8-AFC4-AB702511C276}') }, { name: 'param6', value: str('NT AUTHORITY') }, { name: 'param7', value: str('SYSTEM \u{1F4BB}') }, { name: 'param8', value: guid('{00000000-0000-0000-0000-000000000000}') }] }) };
  }
}

/** Kinds 3 and 4 (eventOf): the classic EventLog records with EventData of their own. */
const k3or4 = (i: number): boolean => i % 10 === 3 || i % 10 === 4;

/** The file's bytes: `count` events, then one record copied into each chunk's slack with a new id. */
export function buildWarmUpSample(count = 700, seed = 21): Uint8Array {
  const rng = new Prng(seed);
  const firstRecordId = 48_213n;
  const w = new EvtxWriter({ dirty: true, firstRecordId });
  let t = filetimeFromIso('2026-11-14T21:58:03.1250000Z');
  for (let i = 0; i < count; i++) {
    t += BigInt(1 + rnd(rng, 600)) * 10_000_000n + BigInt(rnd(rng, 10_000_000)); // up to ~10 min: several days in all
    const { event, eventData } = eventOf(i, rng, t);
    if (eventData === undefined) { w.add(event); continue; }
    const { template, values } = eventToInstance(event, firstRecordId + BigInt(i));
    // every other classic EventLog record's EventData without the fragment header (real System logs hold
    // such values: the parser reads them through its token loop, a path the other records never take)
    const headerless = k3or4(i) && (i / 10) % 2 >= 1;
    values[event.eventSourceName === undefined ? 17 : 19] = { type: 'binxml', template: eventData.template, values: eventData.values, ...(headerless ? { fragmentHeader: false } : {}) };
    w.addInstance(template, values, event.timeCreated);
  }
  // and an all-zero slot after the last chunk (never used; the header does not count it), as preallocated logs end
  const chunks = withSlackOfLastChunk(withSlackRecords(w.toBytes()));
  const out = new Uint8Array(chunks.length + 65536);
  out.set(chunks, 0);
  return out;
}

/**
 * Gives each chunk's last two records back to its slack, as a reused chunk of a dirty log holds records of
 * an older generation: the free-space offset, the last record's offset, number and id go back to the
 * record before them; the last gets an id past every real one (so readers recover it, not skip it as a
 * duplicate), the other a template id that its definition does not have (a remnant readers try and
 * cannot render); both chunk checksums are recomputed.
 */
function withSlackRecords(bytes: Uint8Array): Uint8Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let c = 4096, n = 0; c + 65536 <= bytes.length; c += 65536, n++) {
    const last = v.getUint32(c + 44, true);
    const starts: number[] = [];
    for (let p = 512; p <= last; p += v.getUint32(c + p + 4, true)) starts.push(p);
    if (starts.length < 4) continue; // too few records: leave the chunk as it is
    const [keep, remnant] = [starts.at(-3)!, starts.at(-2)!];
    v.setBigUint64(c + last + 8, EXTRA_SLACK_ID + BigInt(n), true);
    // fragment header (4 bytes), template instance token, 1 unknown byte, then the template id
    v.setUint32(c + remnant + 24 + 6, v.getUint32(c + remnant + 24 + 6, true) ^ 0xffffffff, true);
    v.setBigUint64(c + 16, v.getBigUint64(c + 16, true) - 2n, true); // last record number
    v.setBigUint64(c + 32, v.getBigUint64(c + keep + 8, true), true); // last record id
    v.setUint32(c + 44, keep, true);
    v.setUint32(c + 48, remnant, true); // free space starts at the records given back
    v.setUint32(c + 52, crc32(bytes.subarray(c + 512, c + remnant)), true);
    const head = new Uint8Array(120 + 384);
    head.set(bytes.subarray(c, c + 120), 0);
    head.set(bytes.subarray(c + 128, c + 512), 120);
    v.setUint32(c + 124, crc32(head), true);
  }
  return bytes;
}

const RECORD_MAGIC = 0x2a2a;
/** A template id no definition of the sample has (no 0x2a byte: the slack scan must not stop in it). */
const BROKEN_TEMPLATE_ID = 0x11223344;

/**
 * Writes into the unused tail of the last chunk's slack what the record scan of a real dirty log meets
 * and the records given back above do not (measured with --trace-deopt on StolenSzechuan System.evtx,
 * the first pass after a warm-up without them: the scan's step past a lone `*`, a definition that
 * fails to parse, definitions parsed in a recovered record's strict mode, with names already known
 * and with names of their own): a stray `*` byte; a remnant whose template definition (beside it)
 * holds an unknown token; copies of three records (EventLog 6005/6006 and 6013, whose EventData names are
 * all known by then, and 104, whose UserData names are its own) with new ids whose EventData or UserData
 * instance points to a copy of its definition, which readers recover. The tail is outside
 * every checksum.
 */
function withSlackOfLastChunk(bytes: Uint8Array): Uint8Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let c = 4096;
  while (c + 2 * 65536 <= bytes.length && v.getUint32(c + 65536, true) !== 0) c += 65536;
  const free = v.getUint32(c + 48, true);
  let tail = free;
  while (tail + 8 <= 65536 && v.getUint32(c + tail, true) === RECORD_MAGIC) tail += v.getUint32(c + tail + 4, true);
  bytes[c + tail] = 0x2a; // a lone '*': not a record
  // the remnant: header, fragment header, template instance (unknown byte, id, definition offset), no values, size copy
  const at = tail + 16;
  const remnantSize = 24 + 4 + 10 + 4 + 4;
  const brokenDef = at + remnantSize + 4;
  v.setUint32(c + at, RECORD_MAGIC, true);
  v.setUint32(c + at + 4, remnantSize, true);
  v.setBigUint64(c + at + 8, EXTRA_SLACK_ID + 100n, true);
  v.setBigUint64(c + at + 16, v.getBigUint64(c + 512 + 16, true), true);
  bytes.set([0x0f, 0x01, 0x01, 0x00, 0x0c, 0x01], c + at + 24);
  v.setUint32(c + at + 30, BROKEN_TEMPLATE_ID, true);
  v.setUint32(c + at + 34, brokenDef, true);
  v.setUint32(c + at + remnantSize - 4, remnantSize, true);
  // its definition: next offset, GUID (starting with the id), data size, then a fragment header and token 0xff
  v.setUint32(c + brokenDef + 4, BROKEN_TEMPLATE_ID, true);
  v.setUint32(c + brokenDef + 20, 8, true);
  bytes.set([0x0f, 0x01, 0x01, 0x00, 0xff], c + brokenDef + 24);
  // the recovered copies, each followed by its definition's copy
  let next = brokenDef + 24 + 8 + 8;
  [unnamedEventData('600x', 0, true), unnamedEventData('6013', 7, true, 3), LOG_CLEARED].forEach((template, k) => {
    const found = lastInstanceOf(bytes, c, free, template.id);
    if (found === null) throw new Error(`the last chunk holds no record with an instance of ${template.key}`);
    const defSize = 24 + v.getUint32(c + found.defOff + 20, true);
    const copyDef = next + found.record.length + 8;
    if (copyDef + defSize + 16 > 65536) throw new Error('the last chunk has no room left in its slack');
    bytes.set(found.record, c + next);
    v.setBigUint64(c + next + 8, EXTRA_SLACK_ID + 200n + BigInt(k), true);
    v.setUint32(c + next + found.refAt, copyDef, true);
    copyDefinition(bytes, c, found.defOff, defSize, copyDef);
    next = copyDef + defSize + 8;
  });
  return bytes;
}

/**
 * In the chunk at `c`, the last record (before `free`) holding an instance of template `id` whose
 * definition is elsewhere (not inline in it): that record's bytes, where in it the instance's
 * definition offset is, and the definition's offset. Null if there is none.
 */
function lastInstanceOf(bytes: Uint8Array, c: number, free: number, id: number): { record: Uint8Array; refAt: number; defOff: number } | null {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let found: { record: Uint8Array; refAt: number; defOff: number } | null = null;
  for (let p = 512; p < free; p += v.getUint32(c + p + 4, true)) {
    const size = v.getUint32(c + p + 4, true);
    for (let q = p + 24; q + 10 <= p + size; q++) {
      if (bytes[c + q] !== 0x0c || bytes[c + q + 1] !== 0x01 || v.getUint32(c + q + 2, true) !== id) continue;
      const defOff = v.getUint32(c + q + 6, true);
      if (defOff !== q + 10) found = { record: bytes.slice(c + p, c + p + size), refAt: q + 6 - p, defOff };
    }
  }
  return found;
}

/**
 * Copies the definition at chunk offset `from` (`size` bytes) to `to`. A name written inline in it
 * (its offset is where it stands) is moved with it: its offset is set to its new place, so the copy
 * reads as the original; a name by reference keeps its offset.
 */
function copyDefinition(bytes: Uint8Array, c: number, from: number, size: number, to: number): void {
  bytes.copyWithin(c + to, c + from, c + from + size);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // open-start-element: token, u16 dependency, u32 size, u32 name offset; attribute: token, u32 name offset
  for (let q = 24; q < size; q++) {
    const t = bytes[c + from + q]! & 0xbf;
    const nameAt = t === 0x01 ? q + 7 : t === 0x06 ? q + 1 : -1;
    if (nameAt > 0 && nameAt + 4 <= size && v.getUint32(c + from + nameAt, true) === from + nameAt + 4) v.setUint32(c + to + nameAt, to + nameAt + 4, true);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(process.argv[2] ?? DEFAULT_OUT);
  mkdirSync(path.dirname(out), { recursive: true });
  const bytes = buildWarmUpSample();
  writeFileSync(out, bytes);
  console.log(`${out}: ${bytes.length} bytes`);
}
