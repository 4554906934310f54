// Version-resource facts Sysmon reports for the images the scenario runs (EID 1 / EID 7 fields).
// Hashes are NOT real file hashes: they are derived from the path so they are stable and obviously synthetic.

import { createHash } from 'node:crypto';

export interface PeInfo {
  fileVersion: string;
  description: string;
  product: string;
  company: string;
  originalFileName: string;
  signed: boolean;
  signature: string;
}

const MS = 'Microsoft Corporation';
const WINDOWS = 'Microsoft® Windows® Operating System';
const WIN_VER = '10.0.19041.4355 (WinBuild.160101.0800)';

const KNOWN: Record<string, Omit<PeInfo, 'signed' | 'signature'>> = {
  'userinit.exe': { fileVersion: WIN_VER, description: 'Userinit Logon Application', product: WINDOWS, company: MS, originalFileName: 'USERINIT.EXE' },
  'explorer.exe': { fileVersion: WIN_VER, description: 'Windows Explorer', product: WINDOWS, company: MS, originalFileName: 'EXPLORER.EXE' },
  'svchost.exe': { fileVersion: WIN_VER, description: 'Host Process for Windows Services', product: WINDOWS, company: MS, originalFileName: 'svchost.exe' },
  'taskhostw.exe': { fileVersion: WIN_VER, description: 'Host Process for Windows Tasks', product: WINDOWS, company: MS, originalFileName: 'taskhostw.exe' },
  'backgroundtaskhost.exe': { fileVersion: WIN_VER, description: 'Background Task Host', product: WINDOWS, company: MS, originalFileName: 'backgroundTaskHost.exe' },
  'searchprotocolhost.exe': { fileVersion: WIN_VER, description: 'Microsoft Windows Search Protocol Host', product: WINDOWS, company: MS, originalFileName: 'SearchProtocolHost.exe' },
  'searchfilterhost.exe': { fileVersion: WIN_VER, description: 'Microsoft Windows Search Filter Host', product: WINDOWS, company: MS, originalFileName: 'SearchFilterHost.exe' },
  'mousocoreworker.exe': { fileVersion: WIN_VER, description: 'MoUSO Core Worker Process', product: WINDOWS, company: MS, originalFileName: 'MoUsoCoreWorker.exe' },
  'usoclient.exe': { fileVersion: WIN_VER, description: 'UsoClient', product: WINDOWS, company: MS, originalFileName: 'UsoClient' },
  'compattelrunner.exe': { fileVersion: WIN_VER, description: 'Microsoft Compatibility Telemetry', product: WINDOWS, company: MS, originalFileName: 'CompatTelRunner.exe' },
  'gpupdate.exe': { fileVersion: WIN_VER, description: 'Microsoft® Windows® Operating System Group Policy Update Utility', product: WINDOWS, company: MS, originalFileName: 'GPUpdate.exe' },
  'conhost.exe': { fileVersion: WIN_VER, description: 'Console Window Host', product: WINDOWS, company: MS, originalFileName: 'CONHOST.EXE' },
  'wscript.exe': { fileVersion: '5.812.10240.16384', description: 'Microsoft ® Windows Based Script Host', product: WINDOWS, company: MS, originalFileName: 'wscript.exe' },
  'regsvr32.exe': { fileVersion: WIN_VER, description: 'Microsoft(C) Register Server', product: WINDOWS, company: MS, originalFileName: 'REGSVR32.EXE' },
  'sppsvc.exe': { fileVersion: WIN_VER, description: 'Microsoft Software Protection Platform Service', product: WINDOWS, company: MS, originalFileName: 'sppsvc.exe' },
  'wmiprvse.exe': { fileVersion: WIN_VER, description: 'WMI Provider Host', product: WINDOWS, company: MS, originalFileName: 'Wmiprvse.exe' },
  'dllhost.exe': { fileVersion: WIN_VER, description: 'COM Surrogate', product: WINDOWS, company: MS, originalFileName: 'dllhost.exe' },
  'mpcmdrun.exe': { fileVersion: '4.18.24090.11 (WinBuild.160101.0800)', description: 'Microsoft Malware Protection Command Line Utility', product: WINDOWS, company: MS, originalFileName: 'MpCmdRun.exe' },
  'msedge.exe': { fileVersion: '130.0.2849.80', description: 'Microsoft Edge', product: 'Microsoft Edge', company: MS, originalFileName: 'msedge.exe' },
  'onedrive.exe': { fileVersion: '24.201.1006.0005', description: 'Microsoft OneDrive', product: 'Microsoft OneDrive', company: MS, originalFileName: 'OneDrive.exe' },
  'filesyncconfig.exe': { fileVersion: '24.201.1006.0005', description: 'OneDrive Sync Configuration', product: 'Microsoft OneDrive', company: MS, originalFileName: 'FileSyncConfig.exe' },
  'outlook.exe': { fileVersion: '16.0.17928.20216', description: 'Microsoft Outlook', product: 'Microsoft Outlook', company: MS, originalFileName: 'Outlook.exe' },
  'dsregcmd.exe': { fileVersion: WIN_VER, description: 'DSREG commandline extension', product: WINDOWS, company: MS, originalFileName: 'dsregcmd.exe' },
  'dfsrs.exe': { fileVersion: WIN_VER, description: 'Distributed File System Replication', product: WINDOWS, company: MS, originalFileName: 'dfsrs.exe' },
  'repadmin.exe': { fileVersion: WIN_VER, description: 'Replication Diagnosis Tool', product: WINDOWS, company: MS, originalFileName: 'repadmin.exe' },
  // DLLs seen in image loads
  'mpclient.dll': { fileVersion: '4.18.24090.11', description: 'Client Interface', product: WINDOWS, company: MS, originalFileName: 'mpclient.dll' },
  'scrrun.dll': { fileVersion: '5.812.10240.16384', description: 'Microsoft ® Script Runtime', product: WINDOWS, company: MS, originalFileName: 'scrrun.dll' },
  'jscript.dll': { fileVersion: '5.812.10240.16384', description: 'Microsoft ® JScript', product: WINDOWS, company: MS, originalFileName: 'jscript.dll' },
  'taskschd.dll': { fileVersion: WIN_VER, description: 'Task Scheduler COM API', product: WINDOWS, company: MS, originalFileName: 'taskschd.dll' },
  'dynwrapx.dll': { fileVersion: '2.2.0.0', description: 'DynamicWrapperX', product: 'DynamicWrapperX', company: '-', originalFileName: 'dynwrapx.dll' },
};

const UNKNOWN = { fileVersion: '-', description: '-', product: '-', company: '-', originalFileName: '-' };

export function peInfo(path: string): PeInfo {
  const base = path.split('\\').pop()!.toLowerCase();
  const known = KNOWN[base];
  const signed = !!known && known.company === MS;
  return { ...(known ?? UNKNOWN), signed, signature: signed ? 'Microsoft Windows' : '-' };
}

const h = (algo: string, s: string) => createHash(algo).update(s.toLowerCase()).digest('hex').toUpperCase();

/** Sysmon "Hashes" text (HashAlgorithms md5,sha256,IMPHASH), derived from the path: synthetic. */
export function hashesOf(path: string): string {
  return `MD5=${h('md5', path)},SHA256=${h('sha256', path)},IMPHASH=${h('md5', `imp:${path}`)}`;
}
