// One simulated host: accounts, processes (ProcessGuid/ProcessId/parent links), and the Sysmon and
// Security events they cause. Times are milliseconds since the Unix epoch (UTC).

import type { WrittenEvent } from '../evtx-writer/index';
import { Prng } from '../evtx-writer/prng';
import { hex64, sid, str, u32 } from '../evtx-writer/index';

export interface Account {
  domain: string;
  name: string;
  sid: string;
  logonId: bigint;
  /** Member of an admin group (4672 on logon). */
  admin?: boolean;
}

export interface Proc {
  guid: string;
  pid: number;
  image: string;
  cmd: string;
  cwd: string;
  account: Account;
  integrity: 'System' | 'High' | 'Medium' | 'Low';
  session: number;
  start: number;
  parent: Proc | null;
  /** False for processes started before the evidence window (no EID 1 / 4688 for them). */
  inEvidence: boolean;
}

export interface HostConfig {
  fqdn: string;
  ip: string;
  /** First 8 hex digits of every Sysmon GUID on this host (Sysmon derives it from the machine id). */
  machineId: string;
  sysmonPid: number;
  lsassPid: number;
  firstSysmonRecord: number;
  firstSecurityRecord: number;
}

/** An event with its time for ordering: FILETIME, then creation order. */
export interface Timed {
  ft: bigint;
  seq: number;
  event: WrittenEvent;
}

export const SYSTEM: Account = { domain: 'NT AUTHORITY', name: 'SYSTEM', sid: 'S-1-5-18', logonId: 0x3e7n };
export const LOCAL_SERVICE: Account = { domain: 'NT AUTHORITY', name: 'LOCAL SERVICE', sid: 'S-1-5-19', logonId: 0x3e5n };
export const NETWORK_SERVICE: Account = { domain: 'NT AUTHORITY', name: 'NETWORK SERVICE', sid: 'S-1-5-20', logonId: 0x3e4n };

const FILETIME_UNIX_EPOCH = 116444736000000000n;
export const ms = (iso: string): number => Date.parse(iso);
/** FILETIME of a millisecond time. */
export const ftOf = (t: number): bigint => FILETIME_UNIX_EPOCH + BigInt(t) * 10_000n;
export const utcTime = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 23);

const hex4 = (n: number) => (n & 0xffff).toString(16).toUpperCase().padStart(4, '0');
const le16 = (n: number) => hex4(((n & 0xff) << 8) | ((n >> 8) & 0xff));

export class HostSim {
  readonly sysmon: Timed[] = [];
  readonly security: Timed[] = [];
  private seq = 0;
  private guidSeq: number;
  private readonly livePids = new Set<number>();
  readonly rng: Prng;
  /** Logon time per logon id (for Sysmon LogonGuid); the boot time for the built-in accounts. */
  readonly logonTimes = new Map<bigint, number>();
  bootTime = 0;

  constructor(
    readonly cfg: HostConfig,
    seed: number,
  ) {
    this.rng = new Prng(seed);
    this.guidSeq = 0x0100 + this.rng.int(0, 0x200);
    this.livePids.add(4).add(cfg.sysmonPid).add(cfg.lsassPid);
  }

  get shortName(): string {
    return this.cfg.fqdn.split('.')[0]!;
  }

  /** FILETIME for an event logged `t` ms, plus sub-millisecond ticks below half a millisecond. */
  filetime(t: number): bigint {
    return FILETIME_UNIX_EPOCH + BigInt(t) * 10_000n + BigInt(this.rng.int(0, 4999));
  }

  newPid(): number {
    for (;;) {
      const pid = this.rng.int(100, 6000) * 4;
      if (!this.livePids.has(pid)) {
        this.livePids.add(pid);
        return pid;
      }
    }
  }

  /** Sysmon ProcessGuid layout: {machine id}-{start time low16}-{start time high16}-{sequence LE}-{…}. */
  processGuid(start: number): string {
    const secs = Math.floor(start / 1000);
    this.guidSeq = (this.guidSeq + 1) & 0xffff;
    return `{${this.cfg.machineId}-${hex4(secs)}-${hex4(secs >>> 16)}-${le16(this.guidSeq)}-000000000700}`;
  }

  /** Sysmon LogonGuid: {machine id}-{logon time}-{logon id LE…}. */
  logonGuid(a: Account): string {
    const secs = Math.floor((this.logonTimes.get(a.logonId) ?? this.bootTime) / 1000);
    const id = a.logonId.toString(16).toUpperCase().padStart(8, '0');
    const le = id.match(/../g)!.reverse().join('');
    return `{${this.cfg.machineId}-${hex4(secs)}-${hex4(secs >>> 16)}-${le.slice(0, 4)}-${le.slice(4).padEnd(12, '0')}}`;
  }

  /** A process that was already running when the evidence starts (never logged as created). */
  existing(image: string, cmd: string, account: Account, start: number, parent: Proc | null = null, pid?: number): Proc {
    const p: Proc = {
      guid: this.processGuid(start),
      pid: pid ?? this.newPid(),
      image,
      cmd,
      cwd: 'C:\\Windows\\system32\\',
      account,
      integrity: account.sid === 'S-1-5-18' ? 'System' : 'Medium',
      session: account.sid.startsWith('S-1-5-21') ? 1 : 0,
      start,
      parent,
      inEvidence: false,
    };
    if (pid !== undefined) this.livePids.add(pid);
    return p;
  }

  newProc(at: number, parent: Proc, image: string, cmd: string, opts: Partial<Pick<Proc, 'account' | 'cwd' | 'integrity'>> = {}): Proc {
    const account = opts.account ?? parent.account;
    return {
      guid: this.processGuid(at),
      pid: this.newPid(),
      image,
      cmd,
      cwd: opts.cwd ?? (account.sid.startsWith('S-1-5-21') ? `C:\\Users\\${account.name}\\` : 'C:\\Windows\\system32\\'),
      account,
      integrity: opts.integrity ?? (account.sid.startsWith('S-1-5-21') ? 'Medium' : 'System'),
      session: account.sid.startsWith('S-1-5-21') ? 1 : 0,
      start: at,
      parent,
      inEvidence: true,
    };
  }

  release(p: Proc): void {
    this.livePids.delete(p.pid);
  }

  private push(list: Timed[], t: number, event: Omit<WrittenEvent, 'timeCreated' | 'computer'>): void {
    const ft = this.filetime(t);
    list.push({ ft, seq: this.seq++, event: { ...event, timeCreated: ft, computer: this.cfg.fqdn } });
  }

  /**
   * Queue a Sysmon event logged `delay` ms after the UtcTime it reports. Default 0: TimeCreated is then in the
   * same millisecond as UtcTime (sub-ms ticks only), so either can serve as the event time unambiguously.
   */
  sysmonEvent(t: number, eventId: number, version: number, data: WrittenEvent['data'], delay = 0): void {
    this.push(this.sysmon, t + delay, {
      provider: { name: 'Microsoft-Windows-Sysmon', guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' },
      eventId,
      version,
      level: 4,
      task: eventId,
      opcode: 0,
      keywords: 0x8000000000000000n,
      processId: this.cfg.sysmonPid,
      threadId: this.cfg.sysmonPid + 4 * this.rng.int(1, 3),
      channel: 'Microsoft-Windows-Sysmon/Operational',
      userSid: 'S-1-5-18',
      data,
    });
  }

  /** Queue a Security event. */
  securityEvent(t: number, eventId: number, version: number, task: number, data: WrittenEvent['data'], activityId?: string): void {
    const kernel = eventId === 4688 || eventId === 4689;
    this.push(this.security, t, {
      provider: { name: 'Microsoft-Windows-Security-Auditing', guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}' },
      eventId,
      version,
      level: 0,
      task,
      opcode: 0,
      keywords: 0x8020000000000000n,
      activityId,
      processId: kernel ? 4 : this.cfg.lsassPid,
      threadId: kernel ? this.rng.int(20, 400) * 4 : this.cfg.lsassPid + 4 * this.rng.int(1, 12),
      channel: 'Security',
      data,
    });
  }
}

// Field helpers shared by the event builders.
export const S = (name: string, value: string) => ({ name, value: str(value) });
export const U32 = (name: string, value: number) => ({ name, value: u32(value) });
export const HEX64 = (name: string, value: bigint | number) => ({ name, value: hex64(value) });
export const SID = (name: string, value: string) => ({ name, value: sid(value) });
export const userText = (a: Account) => `${a.domain}\\${a.name}`;
