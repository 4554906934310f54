// A few hours of ordinary activity on one host: services, scheduled tasks, Defender and Windows Update,
// the search indexer, a browser and mail client for the signed-in user, logons and logoffs.

import type { Account, HostSim, Proc } from './host-sim';
import { LOCAL_SERVICE, NETWORK_SERVICE, SYSTEM } from './host-sim';
import { exit, launch, runFor } from './actions';
import { dnsQuery, fileCreate, imageLoad, networkConnect, registryKey, registryValue } from './sysmon-events';
import { logoff, logon } from './security-events';

const SYS32 = 'C:\\Windows\\System32';
const DEFENDER = 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0';
const EDGE = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
const OUTLOOK = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE';

/** Long-running processes present before the window (their starts are not in the evidence). */
export interface BaseProcs {
  services: Proc;
  schedule: Proc;
  dcomLaunch: Proc;
  netsvcs: Proc;
  searchIndexer: Proc;
  winlogon: Proc;
}

export function baseProcesses(h: HostSim, boot: number): BaseProcs {
  h.bootTime = boot;
  const wininit = h.existing(`${SYS32}\\wininit.exe`, 'wininit.exe', SYSTEM, boot + 900);
  const services = h.existing(`${SYS32}\\services.exe`, `${SYS32}\\services.exe`, SYSTEM, boot + 1400, wininit);
  const svc = (cmd: string, acct: Account, dt: number) => h.existing(`${SYS32}\\svchost.exe`, `${SYS32}\\svchost.exe ${cmd}`, acct, boot + dt, services);
  return {
    services,
    dcomLaunch: svc('-k DcomLaunch -p', SYSTEM, 2100),
    schedule: svc('-k netsvcs -p -s Schedule', SYSTEM, 4300),
    netsvcs: svc('-k netsvcs -p -s gpsvc', SYSTEM, 4800),
    searchIndexer: h.existing(`${SYS32}\\SearchIndexer.exe`, `${SYS32}\\SearchIndexer.exe /Embedding`, SYSTEM, boot + 31000, services),
    winlogon: h.existing(`${SYS32}\\winlogon.exe`, 'winlogon.exe', SYSTEM, boot + 1200),
  };
}

export interface Window {
  start: number;
  end: number;
}

const MIN = 60_000;

function netTo(h: HostSim, p: Proc, at: number, host: string, ip: string, port = 443) {
  dnsQuery(h, p, at, host, `::ffff:${ip};`);
  networkConnect(h, p, at + h.rng.int(30, 300), { dstIp: ip, dstHost: host, dstPort: port, dstPortName: port === 443 ? 'https' : port === 80 ? 'http' : '-', srcPort: h.rng.int(49700, 65000) });
}

/** Scheduled maintenance common to every host. */
export function maintenance(h: HostSim, base: BaseProcs, w: Window, computer: Account): void {
  const r = h.rng;
  // Scheduled tasks via taskhostw.
  for (let t = w.start + r.int(1, 9) * MIN; t < w.end; t += r.int(4, 10) * MIN) {
    const task = r.pick(['', 'Reboot', 'SystemSoundsService', 'DiagnosticsHub']);
    const p = runFor(h, t, base.schedule, `${SYS32}\\taskhostw.exe`, `taskhostw.exe ${task}`.trim(), r.int(800, 9000));
    if (r.chance(0.3)) imageLoad(h, p, t + 120, `${SYS32}\\taskschd.dll`);
  }
  // Defender signature updates.
  for (let t = w.start + r.int(10, 30) * MIN; t < w.end; t += r.int(55, 75) * MIN) {
    const p = runFor(h, t, base.schedule, `${DEFENDER}\\MpCmdRun.exe`, `"${DEFENDER}\\MpCmdRun.exe" SignaturesUpdateService -ScheduleJob -RestrictPrivileges`, r.int(20_000, 60_000));
    imageLoad(h, p, t + 300, `${DEFENDER}\\mpclient.dll`);
    netTo(h, p, t + 1500, 'definitionupdates.microsoft.com', '23.55.124.163');
    registryValue(h, p, t + 9000, 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\SignaturesLastUpdated', `Binary Data`);
    fileCreate(h, p, t + 8000, `C:\\ProgramData\\Microsoft\\Windows Defender\\Definition Updates\\{${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}}\\mpasdlta.vdm`);
  }
  // Windows Update scans.
  for (let t = w.start + r.int(20, 50) * MIN; t < w.end; t += r.int(80, 110) * MIN) {
    const p = runFor(h, t, base.dcomLaunch, `${SYS32}\\MoUsoCoreWorker.exe`, `${SYS32}\\mousocoreworker.exe -Embedding`, r.int(60_000, 180_000));
    netTo(h, p, t + 2000, 'fe3cr.delivery.mp.microsoft.com', '20.109.209.108');
    fileCreate(h, p, t + 5000, `C:\\ProgramData\\USOPrivate\\UpdateStore\\updatestore5${r.hex(8).toLowerCase()}.xml`);
    registryValue(h, p, t + 6000, 'HKLM\\SOFTWARE\\Microsoft\\WindowsUpdate\\UpdatePolicy\\Settings\\PausedFeatureStatus', 'DWORD (0x00000000)');
  }
  // Search indexer protocol/filter hosts.
  for (let t = w.start + r.int(1, 5) * MIN; t < w.end; t += r.int(6, 15) * MIN) {
    runFor(h, t, base.searchIndexer, `${SYS32}\\SearchProtocolHost.exe`, `"${SYS32}\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe${r.int(1, 99)}_ Global\\UsGthrCtrlFltPipeMssGthrPipe${r.int(1, 99)} 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)" "C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc" "DownLevelDaemon"`, r.int(30_000, 120_000));
    runFor(h, t + 400, base.searchIndexer, `${SYS32}\\SearchFilterHost.exe`, `"${SYS32}\\SearchFilterHost.exe" 0 ${r.int(700, 900)} ${r.int(700, 900)} ${r.int(800, 950)} 8192 ${r.int(800, 950)}`, r.int(30_000, 120_000));
  }
  // Group Policy refresh: registry writes and a connection to the DC.
  for (let t = w.start + r.int(30, 60) * MIN; t < w.end; t += r.int(88, 100) * MIN) {
    registryValue(h, base.netsvcs, t, 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Group Policy\\State\\Machine\\Extension-List\\{00000000-0000-0000-0000-000000000000}\\EndTimeLo', `DWORD (0x${r.hex(8).toLowerCase()})`);
    registryValue(h, base.netsvcs, t + 3, 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Group Policy\\State\\Machine\\Extension-List\\{00000000-0000-0000-0000-000000000000}\\EndTimeHi', `DWORD (0x01db${r.hex(4).toLowerCase()})`);
    if (!h.cfg.fqdn.startsWith('DC01')) networkConnect(h, base.netsvcs, t + 50, { dstIp: '10.20.0.10', dstHost: 'DC01.corp.example', dstPort: 445, dstPortName: 'microsoft-ds', srcPort: r.int(49700, 65000) });
  }
  // Service logons (type 5) with their privileges.
  for (let t = w.start + r.int(2, 12) * MIN; t < w.end; t += r.int(15, 35) * MIN) {
    const acct = r.pick([SYSTEM, SYSTEM, LOCAL_SERVICE, NETWORK_SERVICE]);
    logon(h, t, acct, { type: 5, processName: `${SYS32}\\services.exe`, authPackage: 'Negotiate', logonProcess: 'Advapi  ', ip: '-', port: '-', workstation: '-', processId: base.services.pid }, computer);
  }
  // A compatibility telemetry run with a console.
  const tel = w.start + r.int(60, 150) * MIN;
  const ctr = runFor(h, tel, base.schedule, `${SYS32}\\CompatTelRunner.exe`, `${SYS32}\\CompatTelRunner.exe -m:appraiser.dll -f:DoScheduledTelemetryRun`, 95_000);
  runFor(h, tel + 200, ctr, `${SYS32}\\conhost.exe`, `\\??\\${SYS32}\\conhost.exe 0xffffffff -ForceV1`, 94_000);
  registryKey(h, ctr, tel + 30_000, 'CreateKey', 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\AppCompatFlags\\Appraiser\\GWX');
}

export interface UserSession {
  explorer: Proc;
  edge: Proc;
  account: Account;
}

/** The user's interactive logon at `t`: 4624 type 2, userinit → explorer, Outlook and Edge, browsing. */
export function userDay(h: HostSim, base: BaseProcs, w: Window, user: Account, computer: Account, logonAt: number): UserSession {
  const r = h.rng;
  h.logonTimes.set(user.logonId, logonAt);
  logon(h, logonAt, user, { type: 2, processName: `${SYS32}\\svchost.exe`, authPackage: 'Negotiate', logonProcess: 'User32 ', ip: '127.0.0.1', port: '0', workstation: h.shortName, processId: base.winlogon.pid, subject: computer }, computer);
  const userinit = launch(h, logonAt + 1800, base.winlogon, `${SYS32}\\userinit.exe`, `${SYS32}\\userinit.exe`, { account: user, cwd: `${SYS32}\\` });
  const explorer = launch(h, logonAt + 2300, userinit, 'C:\\Windows\\explorer.exe', 'C:\\Windows\\Explorer.EXE', { account: user, cwd: `${SYS32}\\` });
  exit(h, userinit, logonAt + 9000);
  const sid = user.sid;
  registryValue(h, explorer, logonAt + 6000, `HKU\\${sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run\\OneDrive`, 'Binary Data');
  const onedrive = launch(h, logonAt + 7000, explorer, `C:\\Users\\${user.name}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe`, `"C:\\Users\\${user.name}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe" /background`, { account: user });
  netTo(h, onedrive, logonAt + 9000, 'g.live.com', '13.107.42.13');
  const outlook = launch(h, logonAt + 3 * MIN, explorer, OUTLOOK, `"${OUTLOOK}" `, { account: user });
  const edge = launch(h, logonAt + 8 * MIN, explorer, EDGE, `"${EDGE}" --single-argument https://intranet.corp.example/`, { account: user });
  for (const type of ['gpu-process', 'utility', 'renderer']) {
    launch(h, logonAt + 8 * MIN + 700, edge, EDGE, `"${EDGE}" --type=${type} --string-annotations --no-pre-read-main-dll --mojo-platform-channel-handle=${r.int(2000, 5000)} /prefetch:${r.int(1, 8)}`, { account: user });
  }
  const sites: [string, string][] = [
    ['intranet.corp.example', '10.20.0.25'],
    ['www.bing.com', '13.107.21.200'],
    ['outlook.office365.com', '52.97.146.194'],
    ['login.microsoftonline.com', '20.190.160.4'],
    ['www.msn.com', '204.79.197.203'],
    ['learn.microsoft.com', '23.45.228.12'],
  ];
  for (let t = logonAt + 9 * MIN; t < w.end; t += r.int(1, 6) * MIN) {
    const [host, ip] = r.pick(sites);
    netTo(h, r.chance(0.25) ? outlook : edge, t, host, ip);
    if (r.chance(0.15)) registryValue(h, explorer, t + 900, `HKU\\${sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\UserAssist\\{CEBFF5CD-ACE2-4F4F-9178-9926F41749EA}\\Count\\HRZR_PGYFRFFVBA`, 'Binary Data');
    if (r.chance(0.08)) {
      const name = r.pick(['Q4-forecast.xlsx', 'minutes-2026-11-16.docx', 'travel-policy.pdf', 'org-chart.pdf']);
      fileCreate(h, edge, t + 2500, `C:\\Users\\${user.name}\\Downloads\\${name}`);
    }
    if (r.chance(0.1)) {
      fileCreate(h, outlook, t + 1200, `C:\\Users\\${user.name}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${r.hex(8)}\\image00${r.int(1, 9)}.png`);
    }
    if (r.chance(0.2)) {
      const bt = launch(h, t + 3000, base.dcomLaunch, `${SYS32}\\backgroundTaskHost.exe`, `"${SYS32}\\backgroundTaskHost.exe" -ServerName:BackgroundTaskHost.WebAccountBackgroundTask`, { account: user });
      exit(h, bt, t + 3000 + r.int(2000, 15000));
    }
  }
  return { explorer, edge, account: user };
}

/** Network logons on a server from workstations and users (Kerberos, type 3) with logoffs. */
export function networkLogons(h: HostSim, w: Window, clients: { account: Account; ip: string }[], computer: Account, everyMin: [number, number] = [1, 5]): void {
  const r = h.rng;
  for (let t = w.start + r.int(0, 3) * MIN; t < w.end; t += r.int(everyMin[0], everyMin[1]) * MIN) {
    const c = r.pick(clients);
    const a: Account = { ...c.account, logonId: BigInt(r.int(0x1000000, 0x7ffffff)) };
    logon(h, t, a, { type: 3, processName: '-', authPackage: 'Kerberos', logonProcess: 'Kerberos', ip: c.ip, port: String(r.int(49700, 65000)), workstation: '-', processId: 0, subject: { domain: '-', name: '-', sid: 'S-1-0-0', logonId: 0n } }, computer);
    logoff(h, t + r.int(50, 4000), a, 3);
  }
}
