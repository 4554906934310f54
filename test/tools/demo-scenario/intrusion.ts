// The intrusion on the victim workstation, the built-in CLSID hijack that follows it, and the benign
// OneDrive COM registration on another host. Returns the facts the README's findings table states.

import type { HostSim, Proc } from './host-sim';
import { ms, utcTime } from './host-sim';
import { exit, launch } from './actions';
import { dnsQuery, fileCreate, imageLoad, networkConnect, registryKey, registryValue } from './sysmon-events';
import type { UserSession } from './background';

export const DWX_CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';
export const MMDEVICE_CLSID = '{BCDE0395-E52F-467C-8E3D-C4579291692E}';
export const ONEDRIVE_CLSID = '{018D5C66-4533-4307-9B53-224DE2ED1FE6}';
const C2 = { host: 'invoice-cdn.example.net', ip: '203.0.113.47' };

const SYS32 = 'C:\\Windows\\System32';

interface ProcFact {
  process_name: string;
  process_path: string;
  process_guid: string;
  process_id: number;
  process: string;
  start: string;
}
interface PivotFact {
  process_name: string;
  process_guid: string;
  time: string;
}
export interface IntrusionFacts {
  dest: string;
  user: string;
  user_sid: string;
  script: string;
  wscript: ProcFact;
  regsvr32: ProcFact;
  dropper: ProcFact;
  dll: string;
  dll_created_by: PivotFact[];
  dll_loaded_by: PivotFact[];
  registry: { path: string; key_name: string; value_name: string; data: string; time: string; event: 12 | 13 }[];
  hijack: { path: string; data: string; time: string; dll: string };
  network: { time: string; dns_time: string; host: string; ip: string; port: number }[];
  window: { start: string; end: string };
}

const iso = (t: number) => new Date(t).toISOString();
const fact = (p: Proc): ProcFact => ({
  process_name: p.image.split('\\').pop()!,
  process_path: p.image,
  process_guid: p.guid,
  process_id: p.pid,
  process: p.cmd,
  start: iso(p.start),
});
const pivot = (p: Proc, t: number): PivotFact => ({ process_name: p.image.split('\\').pop()!, process_guid: p.guid, time: iso(t) });

/** j.doe opens the script from Downloads; DynamicWrapperX is registered per user and loaded; C2 follows. */
export function intrusion(h: HostSim, s: UserSession, day: string): IntrusionFacts {
  const user = s.account;
  const profile = `C:\\Users\\${user.name}`;
  const script = `${profile}\\Downloads\\invoice_2026-11.js`;
  const dll = `${profile}\\AppData\\Roaming\\Microsoft\\dynwrapx.dll`;
  const classes = `HKU\\${user.sid}_Classes`;
  const t0 = ms(`${day}T09:38:52.406Z`);

  // The browser saves the attachment link's download.
  fileCreate(h, s.edge, t0, `${script}`);
  const tWs = ms(`${day}T09:41:32.118Z`);
  const wscript = launch(h, tWs, s.explorer, `${SYS32}\\wscript.exe`, `"${SYS32}\\WScript.exe" "${script}"`, { account: user, cwd: `${profile}\\Downloads\\` });
  imageLoad(h, wscript, tWs + 41, `${SYS32}\\jscript.dll`);
  imageLoad(h, wscript, tWs + 310, `${SYS32}\\scrrun.dll`);
  const tDrop = tWs + 2789; // 09:41:34.907
  fileCreate(h, wscript, tDrop, dll);

  const tReg = tWs + 3292; // 09:41:35.410
  const regsvr32 = launch(h, tReg, wscript, `${SYS32}\\regsvr32.exe`, `"${SYS32}\\regsvr32.exe" /s /i ${dll}`, { account: user, cwd: `${profile}\\Downloads\\` });
  const tRegLoad = tReg + 37;
  imageLoad(h, regsvr32, tRegLoad, dll);
  const key = `${classes}\\CLSID\\${DWX_CLSID}`;
  const writes: IntrusionFacts['registry'] = [];
  const k12 = (t: number, target: string) => {
    registryKey(h, regsvr32, t, 'CreateKey', target);
    writes.push({ path: target, key_name: target.split('\\').pop()!, value_name: '', data: '', time: iso(t), event: 12 });
  };
  const v13 = (t: number, target: string, data: string) => {
    registryValue(h, regsvr32, t, target, data);
    const parts = target.split('\\');
    writes.push({ path: target, key_name: parts[parts.length - 2]!, value_name: parts[parts.length - 1]!, data, time: iso(t), event: 13 });
  };
  k12(tReg + 61, key);
  k12(tReg + 62, `${key}\\InProcServer32`);
  v13(tReg + 62, `${key}\\InProcServer32\\(Default)`, dll);
  v13(tReg + 63, `${key}\\InProcServer32\\ThreadingModel`, 'Apartment');
  k12(tReg + 64, `${classes}\\DynamicWrapperX`);
  v13(tReg + 65, `${classes}\\DynamicWrapperX\\CLSID\\(Default)`, DWX_CLSID);
  exit(h, regsvr32, tReg + 96);

  const tLoad = tWs + 3986; // 09:41:36.104
  imageLoad(h, wscript, tLoad, dll);
  const tDns = tWs + 4870;
  dnsQuery(h, wscript, tDns, C2.host, `::ffff:${C2.ip};`);
  const tNet = tDns + 212;
  networkConnect(h, wscript, tNet, { dstIp: C2.ip, dstHost: '-', dstPort: 443, dstPortName: 'https', srcPort: 50814 });

  // Minutes later the script fetches a dropper that hijacks a built-in CLSID from C:\Users\Public.
  const tFetch = ms(`${day}T09:47:12.663Z`);
  const dropperPath = `${profile}\\AppData\\Local\\Temp\\rmc_setup.exe`;
  fileCreate(h, wscript, tFetch, dropperPath);
  const tDropper = tFetch + 1450;
  const dropper = launch(h, tDropper, wscript, dropperPath, `"${dropperPath}" -q`, { account: user, cwd: `${profile}\\Downloads\\` });
  const hijackDll = 'C:\\Users\\Public\\Libraries\\audiosrv64.dll';
  fileCreate(h, dropper, tDropper + 820, hijackDll);
  const hkey = `${classes}\\CLSID\\${MMDEVICE_CLSID}\\InprocServer32`;
  registryKey(h, dropper, tDropper + 905, 'CreateKey', hkey);
  const tHijack = tDropper + 906;
  registryValue(h, dropper, tHijack, `${hkey}\\(Default)`, hijackDll);
  registryValue(h, dropper, tHijack + 1, `${hkey}\\ThreadingModel`, 'Both');
  dnsQuery(h, dropper, tDropper + 1700, C2.host, `::ffff:${C2.ip};`);
  const tNet2 = tDropper + 1911;
  networkConnect(h, dropper, tNet2, { dstIp: C2.ip, dstHost: '-', dstPort: 2404, dstPortName: '-', srcPort: 50877 });
  exit(h, dropper, tDropper + 4200);
  const tEnd = ms(`${day}T09:52:40.250Z`);
  exit(h, wscript, tEnd);

  return {
    dest: h.cfg.fqdn,
    user: user.name,
    user_sid: user.sid,
    script,
    wscript: fact(wscript),
    regsvr32: fact(regsvr32),
    dropper: fact(dropper),
    dll,
    dll_created_by: [pivot(wscript, tDrop)],
    dll_loaded_by: [pivot(regsvr32, tRegLoad), pivot(wscript, tLoad)],
    registry: writes,
    hijack: { path: `${hkey}\\(Default)`, data: hijackDll, time: iso(tHijack), dll: hijackDll },
    network: [
      { time: iso(tNet), dns_time: iso(tDns), host: C2.host, ip: C2.ip, port: 443 },
      { time: iso(tNet2), dns_time: iso(tDropper + 1700), host: C2.host, ip: C2.ip, port: 2404 },
    ],
    window: { start: utcTime(t0), end: utcTime(tEnd) },
  };
}

export interface OneDriveFacts {
  dest: string;
  user: string;
  process_guid: string;
  process_path: string;
  path: string;
  data: string;
  time: string;
  wowPath: string;
  wowData: string;
  wowTime: string;
}

/** OneDrive's FileSyncConfig.exe registering its per-user shell extension (a documented false positive). */
export function oneDriveRegistration(h: HostSim, s: UserSession, day: string): OneDriveFacts {
  const user = s.account;
  const dir = `C:\\Users\\${user.name}\\AppData\\Local\\Microsoft\\OneDrive\\24.201.1006.0005`;
  const t = ms(`${day}T08:31:07.552Z`);
  const p = launch(h, t, s.explorer, `${dir}\\FileSyncConfig.exe`, `"${dir}\\FileSyncConfig.exe"`, { account: user, cwd: `${dir}\\` });
  const classes = `HKU\\${user.sid}_Classes`;
  const key64 = `${classes}\\CLSID\\${ONEDRIVE_CLSID}\\InProcServer32`;
  const key32 = `${classes}\\WOW6432Node\\CLSID\\${ONEDRIVE_CLSID}\\InProcServer32`;
  registryKey(h, p, t + 390, 'CreateKey', key32);
  registryValue(h, p, t + 391, `${key32}\\(Default)`, '%systemroot%\\SysWow64\\shell32.dll');
  registryKey(h, p, t + 398, 'CreateKey', key64);
  registryValue(h, p, t + 399, `${key64}\\(Default)`, '%systemroot%\\system32\\shell32.dll');
  registryValue(h, p, t + 400, `${key64}\\ThreadingModel`, 'Apartment');
  exit(h, p, t + 1800);
  return { dest: h.cfg.fqdn, user: user.name, process_guid: p.guid, process_path: p.image, path: `${key64}\\(Default)`, data: '%systemroot%\\system32\\shell32.dll', time: new Date(t + 399).toISOString(), wowPath: `${key32}\\(Default)`, wowData: '%systemroot%\\SysWow64\\shell32.dll', wowTime: new Date(t + 391).toISOString() };
}
