// The whole scenario: three hosts of CORP on 2026-11-17 07:00–11:00 UTC, fixed seeds, fixed times.

import type { Account, HostConfig, Timed } from './host-sim';
import { ftOf, HostSim, ms } from './host-sim';
import { baseProcesses, maintenance, networkLogons, userDay } from './background';
import { intrusion, oneDriveRegistration } from './intrusion';
import type { IntrusionFacts, OneDriveFacts } from './intrusion';

export const DAY = '2026-11-17';
const DOMAIN_SID = 'S-1-5-21-3163461848-2742339137-1585722155';

const HOSTS: Record<string, HostConfig> = {
  'WS-FIN-07': { fqdn: 'WS-FIN-07.corp.example', ip: '10.20.7.57', machineId: 'B3C1E7A2', sysmonPid: 3180, lsassPid: 748, firstSysmonRecord: 20411, firstSecurityRecord: 184522 },
  'WS-HR-02': { fqdn: 'WS-HR-02.corp.example', ip: '10.20.3.22', machineId: '7D41F0C9', sysmonPid: 2964, lsassPid: 712, firstSysmonRecord: 15870, firstSecurityRecord: 120337 },
  DC01: { fqdn: 'DC01.corp.example', ip: '10.20.0.10', machineId: '2A9E5B13', sysmonPid: 2412, lsassPid: 656, firstSysmonRecord: 88231, firstSecurityRecord: 2740015 },
};

const user = (name: string, rid: number, logonId: bigint): Account => ({ domain: 'CORP', name, sid: `${DOMAIN_SID}-${rid}`, logonId });
const machine = (name: string): Account => ({ domain: 'CORP', name: `${name}$`, sid: 'S-1-5-18', logonId: 0x3e7n });

interface HostOutput {
  name: string;
  fqdn: string;
  sysmon: Timed[];
  security: Timed[];
  firstSysmonRecord: number;
  firstSecurityRecord: number;
}

export interface Scenario {
  hosts: HostOutput[];
  intrusion: IntrusionFacts;
  oneDrive: OneDriveFacts;
}

const byTime = (a: Timed, b: Timed) => (a.ft < b.ft ? -1 : a.ft > b.ft ? 1 : a.seq - b.seq);

export function buildScenario(): Scenario {
  const w = { start: ms(`${DAY}T07:00:00.000Z`), end: ms(`${DAY}T11:00:00.000Z`) };
  const boot = ms(`${DAY}T06:12:40.000Z`);
  const jdoe = user('j.doe', 1107, 0x2f1e8a4n);
  const msmith = user('m.smith', 1112, 0x1c3b227n);

  const fin = new HostSim(HOSTS['WS-FIN-07']!, 0x5eed0007);
  const finBase = baseProcesses(fin, boot);
  maintenance(fin, finBase, w, machine('WS-FIN-07'));
  const finSession = userDay(fin, finBase, w, jdoe, machine('WS-FIN-07'), ms(`${DAY}T07:56:21.804Z`));
  const facts = intrusion(fin, finSession, DAY);
  const dcAccount = { account: { ...machine('DC01'), sid: `${DOMAIN_SID}-1000` }, ip: '10.20.0.10' };
  networkLogons(fin, w, [dcAccount], machine('WS-FIN-07'), [12, 30]);

  const hr = new HostSim(HOSTS['WS-HR-02']!, 0x5eed0002);
  const hrBase = baseProcesses(hr, boot + 3_600_000 * 0.3);
  maintenance(hr, hrBase, w, machine('WS-HR-02'));
  const hrSession = userDay(hr, hrBase, w, msmith, machine('WS-HR-02'), ms(`${DAY}T08:14:03.311Z`));
  const od = oneDriveRegistration(hr, hrSession, DAY);
  networkLogons(hr, w, [dcAccount], machine('WS-HR-02'), [12, 30]);

  const dc = new HostSim(HOSTS.DC01!, 0x5eed00dc);
  const dcBase = baseProcesses(dc, boot - 86_400_000 * 6);
  maintenance(dc, dcBase, w, machine('DC01'));
  networkLogons(dc, w, [
    { account: { ...machine('WS-FIN-07'), sid: `${DOMAIN_SID}-1604` }, ip: '10.20.7.57' },
    { account: { ...machine('WS-HR-02'), sid: `${DOMAIN_SID}-1588` }, ip: '10.20.3.22' },
    { account: jdoe, ip: '10.20.7.57' },
    { account: msmith, ip: '10.20.3.22' },
  ], machine('DC01'));

  const out = (name: string, h: HostSim): HostOutput => ({
    name,
    fqdn: h.cfg.fqdn,
    sysmon: h.sysmon.filter((e) => e.ft >= ftOf(w.start) && e.ft < ftOf(w.end)).sort(byTime),
    security: h.security.filter((e) => e.ft >= ftOf(w.start) && e.ft < ftOf(w.end)).sort(byTime),
    firstSysmonRecord: h.cfg.firstSysmonRecord,
    firstSecurityRecord: h.cfg.firstSecurityRecord,
  });
  return { hosts: [out('WS-FIN-07', fin), out('WS-HR-02', hr), out('DC01', dc)], intrusion: facts, oneDrive: od };
}
