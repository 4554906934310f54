// Sysmon (schema 4.90, Sysmon 15) events, field names and order per event id as Sysmon writes them.

import { bool, guid, str, u16 } from '../evtx-writer/index';
import { hashesOf, peInfo } from './catalog';
import { HEX64, S, U32, userText, utcTime } from './host-sim';
import type { HostSim, Proc } from './host-sim';

const G = (name: string, value: string) => ({ name, value: guid(value) });
const RULE = S('RuleName', '-');

/** EID 1 Process Create (version 5). */
export function processCreate(h: HostSim, p: Proc): void {
  const pe = peInfo(p.image);
  const parent = p.parent!;
  h.sysmonEvent(p.start, 1, 5, [
    RULE,
    S('UtcTime', utcTime(p.start)),
    G('ProcessGuid', p.guid),
    U32('ProcessId', p.pid),
    S('Image', p.image),
    S('FileVersion', pe.fileVersion),
    S('Description', pe.description),
    S('Product', pe.product),
    S('Company', pe.company),
    S('OriginalFileName', pe.originalFileName),
    S('CommandLine', p.cmd),
    S('CurrentDirectory', p.cwd),
    S('User', userText(p.account)),
    G('LogonGuid', h.logonGuid(p.account)),
    HEX64('LogonId', p.account.logonId),
    U32('TerminalSessionId', p.session),
    S('IntegrityLevel', p.integrity),
    S('Hashes', hashesOf(p.image)),
    G('ParentProcessGuid', parent.guid),
    U32('ParentProcessId', parent.pid),
    S('ParentImage', parent.image),
    S('ParentCommandLine', parent.cmd),
    S('ParentUser', userText(parent.account)),
  ]);
}

/** EID 5 Process terminated (version 3). */
export function processTerminate(h: HostSim, p: Proc, at: number): void {
  h.sysmonEvent(at, 5, 3, [RULE, S('UtcTime', utcTime(at)), G('ProcessGuid', p.guid), U32('ProcessId', p.pid), S('Image', p.image), S('User', userText(p.account))]);
}

/** EID 3 Network connection detected (version 5). */
export function networkConnect(h: HostSim, p: Proc, at: number, c: { dstIp: string; dstHost: string; dstPort: number; dstPortName: string; srcPort: number; protocol?: string }): void {
  h.sysmonEvent(at, 3, 5, [
    RULE,
    S('UtcTime', utcTime(at)),
    G('ProcessGuid', p.guid),
    U32('ProcessId', p.pid),
    S('Image', p.image),
    S('User', userText(p.account)),
    S('Protocol', c.protocol ?? 'tcp'),
    { name: 'Initiated', value: bool(true) },
    { name: 'SourceIsIpv6', value: bool(false) },
    S('SourceIp', h.cfg.ip),
    S('SourceHostname', h.cfg.fqdn),
    { name: 'SourcePort', value: u16(c.srcPort) },
    S('SourcePortName', '-'),
    { name: 'DestinationIsIpv6', value: bool(false) },
    S('DestinationIp', c.dstIp),
    S('DestinationHostname', c.dstHost),
    { name: 'DestinationPort', value: u16(c.dstPort) },
    S('DestinationPortName', c.dstPortName),
  ], 200 + h.rng.int(0, 800));
}

/** EID 7 Image loaded (version 3). */
export function imageLoad(h: HostSim, p: Proc, at: number, dll: string): void {
  const pe = peInfo(dll);
  h.sysmonEvent(at, 7, 3, [
    RULE,
    S('UtcTime', utcTime(at)),
    G('ProcessGuid', p.guid),
    U32('ProcessId', p.pid),
    S('Image', p.image),
    S('ImageLoaded', dll),
    S('FileVersion', pe.fileVersion),
    S('Description', pe.description),
    S('Product', pe.product),
    S('Company', pe.company),
    S('OriginalFileName', pe.originalFileName),
    S('Hashes', hashesOf(dll)),
    S('Signed', String(pe.signed)),
    S('Signature', pe.signature),
    S('SignatureStatus', pe.signed ? 'Valid' : 'Unavailable'),
    S('User', userText(p.account)),
  ]);
}

/** EID 11 File created (version 2). `created` defaults to `at` (a new file). */
export function fileCreate(h: HostSim, p: Proc, at: number, target: string, created = at): void {
  h.sysmonEvent(at, 11, 2, [
    RULE,
    S('UtcTime', utcTime(at)),
    G('ProcessGuid', p.guid),
    U32('ProcessId', p.pid),
    S('Image', p.image),
    S('TargetFilename', target),
    S('CreationUtcTime', utcTime(created)),
    S('User', userText(p.account)),
  ]);
}

/** EID 12 Registry object added or deleted (version 2). */
export function registryKey(h: HostSim, p: Proc, at: number, eventType: 'CreateKey' | 'DeleteKey', target: string): void {
  h.sysmonEvent(at, 12, 2, [
    RULE,
    S('EventType', eventType),
    S('UtcTime', utcTime(at)),
    G('ProcessGuid', p.guid),
    U32('ProcessId', p.pid),
    S('Image', p.image),
    S('TargetObject', target),
    S('User', userText(p.account)),
  ]);
}

/** EID 13 Registry value set (version 2). `details` as Sysmon renders it (`DWORD (0x…)` for numbers). */
export function registryValue(h: HostSim, p: Proc, at: number, target: string, details: string): void {
  h.sysmonEvent(at, 13, 2, [
    RULE,
    S('EventType', 'SetValue'),
    S('UtcTime', utcTime(at)),
    G('ProcessGuid', p.guid),
    U32('ProcessId', p.pid),
    S('Image', p.image),
    S('TargetObject', target),
    S('Details', details),
    S('User', userText(p.account)),
  ]);
}

/** EID 22 DNS query (version 5). `results` e.g. "::ffff:203.0.113.47;". */
export function dnsQuery(h: HostSim, p: Proc, at: number, name: string, results: string): void {
  h.sysmonEvent(at, 22, 5, [
    RULE,
    S('UtcTime', utcTime(at)),
    G('ProcessGuid', p.guid),
    U32('ProcessId', p.pid),
    S('QueryName', name),
    { name: 'QueryStatus', value: str('0') },
    S('QueryResults', results),
    S('Image', p.image),
    S('User', userText(p.account)),
  ]);
}
