// Security auditing events (4624 v2, 4634, 4672, 4688 v2, 4689) with Windows 10/Server 2019 field shapes.

import type { Account, HostSim, Proc } from './host-sim';
import { HEX64, S, SID, U32 } from './host-sim';
import { guid, hex32 } from '../evtx-writer/index';

const TASK = { Logon: 12544, Logoff: 12545, SpecialLogon: 12548, ProcessCreation: 13312, ProcessTermination: 13313 };
const ADMIN_PRIVILEGES = [
  'SeSecurityPrivilege',
  'SeBackupPrivilege',
  'SeRestorePrivilege',
  'SeTakeOwnershipPrivilege',
  'SeDebugPrivilege',
  'SeSystemEnvironmentPrivilege',
  'SeLoadDriverPrivilege',
  'SeImpersonatePrivilege',
  'SeDelegateSessionUserImpersonatePrivilege',
].join('\r\n\t\t\t');
const SYSTEM_PRIVILEGES = ['SeAssignPrimaryTokenPrivilege', 'SeTcbPrivilege', ADMIN_PRIVILEGES].join('\r\n\t\t\t');

export interface LogonInfo {
  type: number;
  processName: string;
  authPackage: 'Kerberos' | 'Negotiate' | 'NTLM';
  logonProcess: string;
  ip: string;
  port: string;
  workstation: string;
  processId: number;
  subject?: Account;
}

function activityId(h: HostSim): string {
  const r = h.rng;
  return `{${r.hex(8)}-${r.hex(4)}-0001-${r.hex(4)}-${r.hex(12)}}`;
}

/** 4624 An account was successfully logged on (version 2); 4672 follows for privileged accounts. */
export function logon(h: HostSim, at: number, a: Account, l: LogonInfo, computerAccount: Account): void {
  const subject = l.subject ?? computerAccount;
  const act = activityId(h);
  h.securityEvent(at, 4624, 2, TASK.Logon, [
    SID('SubjectUserSid', subject.sid),
    S('SubjectUserName', subject.name),
    S('SubjectDomainName', subject.domain),
    HEX64('SubjectLogonId', subject.logonId),
    SID('TargetUserSid', a.sid),
    S('TargetUserName', a.name),
    S('TargetDomainName', a.domain),
    HEX64('TargetLogonId', a.logonId),
    U32('LogonType', l.type),
    S('LogonProcessName', l.logonProcess),
    S('AuthenticationPackageName', l.authPackage),
    S('WorkstationName', l.workstation),
    { name: 'LogonGuid', value: guid(l.authPackage === 'Kerberos' ? `{${h.rng.hex(8)}-${h.rng.hex(4)}-${h.rng.hex(4)}-${h.rng.hex(4)}-${h.rng.hex(12)}}` : '{00000000-0000-0000-0000-000000000000}') },
    S('TransmittedServices', '-'),
    S('LmPackageName', '-'),
    U32('KeyLength', 0),
    HEX64('ProcessId', l.processId),
    S('ProcessName', l.processName),
    S('IpAddress', l.ip),
    S('IpPort', l.port),
    S('ImpersonationLevel', '%%1833'),
    S('RestrictedAdminMode', '-'),
    S('TargetOutboundUserName', '-'),
    S('TargetOutboundDomainName', '-'),
    S('VirtualAccount', '%%1843'),
    HEX64('TargetLinkedLogonId', 0),
    S('ElevatedToken', a.admin || a.sid === 'S-1-5-18' ? '%%1842' : '%%1843'),
  ], act);
  if (a.admin || a.sid === 'S-1-5-18') {
    h.securityEvent(at, 4672, 0, TASK.SpecialLogon, [
      SID('SubjectUserSid', a.sid),
      S('SubjectUserName', a.name),
      S('SubjectDomainName', a.domain),
      HEX64('SubjectLogonId', a.logonId),
      S('PrivilegeList', a.sid === 'S-1-5-18' ? SYSTEM_PRIVILEGES : ADMIN_PRIVILEGES),
    ], act);
  }
}

/** 4634 An account was logged off. */
export function logoff(h: HostSim, at: number, a: Account, type: number): void {
  h.securityEvent(at, 4634, 0, TASK.Logoff, [
    SID('TargetUserSid', a.sid),
    S('TargetUserName', a.name),
    S('TargetDomainName', a.domain),
    HEX64('TargetLogonId', a.logonId),
    U32('LogonType', type),
  ]);
}

const LABEL: Record<Proc['integrity'], string> = { System: 'S-1-16-16384', High: 'S-1-16-12288', Medium: 'S-1-16-8192', Low: 'S-1-16-4096' };

/** 4688 A new process has been created (version 2, command line auditing on). */
export function processCreated(h: HostSim, p: Proc): void {
  const parent = p.parent!;
  h.securityEvent(p.start, 4688, 2, TASK.ProcessCreation, [
    SID('SubjectUserSid', p.account.sid),
    S('SubjectUserName', p.account.name),
    S('SubjectDomainName', p.account.domain),
    HEX64('SubjectLogonId', p.account.logonId),
    HEX64('NewProcessId', p.pid),
    S('NewProcessName', p.image),
    S('TokenElevationType', p.integrity === 'Medium' ? '%%1938' : '%%1936'),
    HEX64('ProcessId', parent.pid),
    S('CommandLine', p.cmd),
    SID('TargetUserSid', 'S-1-0-0'),
    S('TargetUserName', '-'),
    S('TargetDomainName', '-'),
    HEX64('TargetLogonId', 0),
    S('ParentProcessName', parent.image),
    SID('MandatoryLabel', LABEL[p.integrity]),
  ]);
}

/** 4689 A process has exited. */
export function processExited(h: HostSim, p: Proc, at: number): void {
  h.securityEvent(at, 4689, 0, TASK.ProcessTermination, [
    SID('SubjectUserSid', p.account.sid),
    S('SubjectUserName', p.account.name),
    S('SubjectDomainName', p.account.domain),
    HEX64('SubjectLogonId', p.account.logonId),
    { name: 'Status', value: hex32(0) },
    HEX64('ProcessId', p.pid),
    S('ProcessName', p.image),
  ]);
}
