/**
 * Report fixtures: a case shaped like the demo evidence (assets/demo-evidence/README.md), built by
 * hand so the report tests do not depend on the detection engine. The Remcos/DynamicWrapperX seed
 * finding with its full pivots, two more COM-hijack findings, a suppressed OneDrive registration
 * and a lowered-risk benign one, plus the analyst's state.
 */
import { createHash } from 'node:crypto';
import type {
  CaseFinding, CaseScan, EvidenceEntry, PivotEvent, PivotEventKind, ProcessNode, ReportRequest, RuleDoc,
} from '../../src-main/shared/contract';

const SID = 'S-1-5-21-3163461848-2742339137-1585722155-1107';
export const CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';
export const DLL = 'C:\\Users\\j.doe\\AppData\\Roaming\\Microsoft\\dynwrapx.dll';
export const REG_PATH = `HKU\\${SID}_Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`;
const WS = 'WS-FIN-07.corp.example';
const HR = 'WS-HR-02.corp.example';
export const REGSVR_GUID = '{B3C1E7A2-214F-6AFC-9101-000000000700}';
const WSCRIPT_GUID = '{B3C1E7A2-214C-6AFC-9001-000000000700}';
const EXPLORER_GUID = '{B3C1E7A2-1E15-6AFC-4A00-000000000700}';
export const REGSVR_CMD = `"C:\\Windows\\System32\\regsvr32.exe" /s /i ${DLL}`;
export const WSCRIPT_CMD = '"C:\\Windows\\System32\\WScript.exe" "C:\\Users\\j.doe\\Downloads\\invoice_2026-11.js"';
export const ANALYST_NOTE = 'Confirmed: invoice_2026-11.js dropped dynwrapx.dll and registered it via regsvr32. WS-FIN-07 isolated at 10:12 UTC; ticket IR-4471.';
/** The DLL as Sysmon 7 states it loaded (unsigned; the same image for both loaders). */
export const DLL_SHA256 = '4D1A5F0E9B8C7D6E5F4A3B2C1D0E9F8A7B6C5D4E3F2A1B0C9D8E7F6A5B4C3D2E';
const DLL_IMAGE = { image_loaded: DLL, hashes: `SHA1=0A1B2C3D4E5F60718293A4B5C6D7E8F901234567,MD5=9F8E7D6C5B4A39281706F5E4D3C2B1A0,SHA256=${DLL_SHA256},IMPHASH=11223344556677889900AABBCCDDEEFF`, signed: 'false', signature: null, signature_status: 'Unavailable' };
export const SEED_RULE_ID = '127c8d08-25ff-11ec-9223-acde48001122';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function entry(p: string, bytes: number, records: number | null, extra: Partial<EvidenceEntry> = {}): EvidenceEntry {
  return {
    path: p, bytes, modified: '2026-11-17T11:02:13.000Z', sha256: sha(`demo:${p}`), hashComplete: true,
    format: p.endsWith('.xml') ? 'xml' : 'evtx', records, errors: 0, warnings: 0, errorSamples: [], warningSamples: [], ...extra,
  };
}

const dirty = (p: string) => ({
  warnings: 1,
  warningSamples: [{ code: 'evtx.header.dirty', message: 'file header flag says dirty (copied from a live system); records read from the chunks', context: { path: p, offset: 0 }, severity: 'warning' as const }],
});

function demoEvidence(): EvidenceEntry[] {
  const sysFin = 'WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx';
  const sysHr = 'WS-HR-02/Microsoft-Windows-Sysmon%4Operational.evtx';
  const sysDc = 'DC01/Microsoft-Windows-Sysmon%4Operational.evtx';
  return [
    entry('DC01/Microsoft-Windows-Sysmon%4Operational.evtx', 331776, 226, dirty(sysDc)),
    entry('DC01/Security.evtx', 266240, 374),
    entry(sysFin, 462848, 417, {
      ...dirty(sysFin),
      errors: 1,
      errorSamples: [{ code: 'evtx.record.bad_size', message: 'record size 0 at offset 0x2a0d8: record skipped', context: { path: sysFin, chunk: 4, offset: 172248, recordId: 88213 } }],
    }),
    entry('WS-FIN-07/Security.evtx', 200704, 263),
    entry('WS-FIN-07/intrusion-sysmon-export.xml', 109203, 54),
    entry(sysHr, 462848, 368, dirty(sysHr)),
    entry('WS-HR-02/Security.evtx', 200704, 242),
  ];
}

function demoRules(): RuleDoc[] {
  return [
    {
      id: SEED_RULE_ID,
      name: 'Malicious InProcServer32 Modification',
      description: `A process modified the registry with a known malicious CLSID under InProcServer32: the default value of CLSID\\${CLSID}\\InProcServer32, the class of DynamicWrapperX (dynwrapx.dll) that Remcos, AsyncRAT and other RATs register to run shellcode from script.`,
      mitre: ['T1218.010', 'T1112'],
      risk_score: 80,
      false_positives: ['Limited: a legitimate administrator script that deliberately registers DynamicWrapperX would match.'],
      references: ['https://research.splunk.com/endpoint/127c8d08-25ff-11ec-9223-acde48001122/'],
      notes: ['Default value spellings: (Default), empty, @, Default and localized labels all match.', 'Registry spellings (HKU\\<SID>_Classes, HKCU\\Software\\Classes, HKCR, Wow6432Node) reduce to one canonical path.'],
    },
    {
      id: 'known_bad_clsid_com_server',
      name: 'Known-bad CLSID registered as COM server',
      description: 'A COM server registration whose CLSID is in the intel list of classes abused by malware.',
      mitre: ['T1546.015'],
      risk_score: 90,
      false_positives: ['Red-team exercises.'],
      references: [],
    },
    {
      id: 'builtin_clsid_server_redirected',
      name: 'Built-in CLSID server redirected to a user-writable path',
      description: 'A per-user registration shadows a Windows class (e.g. MMDeviceEnumerator) with a DLL in a user-writable folder.',
      mitre: ['T1546.015'],
      risk_score: 85,
      false_positives: [],
      references: [],
    },
    {
      id: 'per_user_com_registration',
      name: 'Per-user COM server registration',
      description: 'A process registers an InProcServer32 under the user\'s Classes hive.',
      mitre: ['T1546.015'],
      risk_score: 40,
      false_positives: ['OneDrive, Teams and other per-user installers register shell extensions here.'],
      references: [],
    },
  ];
}

let recordId = 90000;
function ev(time: string, kind: PivotEventKind, eventId: number, summary: string, extra: Partial<PivotEvent> = {}): PivotEvent {
  return {
    time, kind, event_id: eventId, channel: 'Microsoft-Windows-Sysmon/Operational', dest: WS,
    process_guid: REGSVR_GUID, process_name: 'regsvr32.exe', summary,
    evidence: 'WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx', record_id: recordId++, fields: {}, ...extra,
  };
}

function regsvrTimeline(): PivotEvent[] {
  const key = `HKU\\${SID}_Classes`;
  return [
    ev('2026-11-17T09:41:35.410Z', 'process_start', 1, `Process start ${REGSVR_CMD} (parent wscript.exe)`),
    ev('2026-11-17T09:41:35.431Z', 'image_load', 7, 'Image load C:\\Windows\\System32\\kernel32.dll'),
    ev('2026-11-17T09:41:35.447Z', 'image_load', 7, `Image load ${DLL}`),
    ev('2026-11-17T09:41:35.471Z', 'registry', 12, `CreateKey ${key}\\CLSID\\${CLSID}`),
    ev('2026-11-17T09:41:35.472Z', 'registry', 12, `CreateKey ${key}\\CLSID\\${CLSID}\\InProcServer32`),
    ev('2026-11-17T09:41:35.472Z', 'registry', 13, `SetValue ${REG_PATH} = ${DLL}`, { is_finding_event: true }),
    ev('2026-11-17T09:41:35.473Z', 'registry', 13, `SetValue ${key}\\CLSID\\${CLSID}\\InProcServer32\\ThreadingModel = Apartment`),
    ev('2026-11-17T09:41:35.474Z', 'registry', 12, `CreateKey ${key}\\DynamicWrapperX`),
    ev('2026-11-17T09:41:35.475Z', 'registry', 13, `SetValue ${key}\\DynamicWrapperX\\CLSID\\(Default) = ${CLSID}`),
    ev('2026-11-17T09:41:35.496Z', 'file', 11, 'File create C:\\Users\\j.doe\\AppData\\Local\\Temp\\~DF3A1.tmp'),
    ev('2026-11-17T09:41:35.521Z', 'process_stop', 5, 'Process stop regsvr32.exe'),
  ];
}

function node(name: string, guid: string, relation: ProcessNode['relation'], start: string, end: string | null, cmd: string, extra: Partial<ProcessNode> = {}): ProcessNode {
  return {
    process_name: name, process_guid: guid, time: start, process: cmd, process_path: null, dest: WS,
    parent_process_guid: null, user: 'CORP\\j.doe', start_time: start, end_time: end, relation, ...extra,
  };
}

function baseFinding(over: Partial<CaseFinding>): CaseFinding {
  return {
    id: 'f', rule_id: SEED_RULE_ID, rule_name: 'Malicious InProcServer32 Modification', mitre: ['T1218.010', 'T1112'], risk_score: 80,
    dest: WS, user: 'j.doe', process_guid: REGSVR_GUID, process_name: 'regsvr32.exe', process_path: 'C:\\Windows\\System32\\regsvr32.exe',
    process: REGSVR_CMD, parent_process_name: 'wscript.exe', parent_process: WSCRIPT_CMD, parent_process_guid: WSCRIPT_GUID,
    registry_path: REG_PATH, registry_key_name: 'InProcServer32', registry_value_name: '(Default)', registry_value_data: DLL, clsid: CLSID,
    count: 1, firstTime: '2026-11-17T09:41:35.472Z', lastTime: '2026-11-17T09:41:35.472Z', process_start_in_evidence: true,
    suppressed: false, suppression: null,
    message: `The regsvr32.exe was identified on endpoint ${WS} modifying the registry with a known malicious clsid under InProcServer32.`,
    risk_reasons: [], integrity_level: 'Medium',
    process_hashes: 'SHA256=6A3F1E0C5B8B2D5E0F4C6A1B9D3E7F20A1B2C3D4E5F60718293A4B5C6D7E8F90,IMPHASH=0E3C2B1A9F8E7D6C5B4A39281706F5E4',
    pivots: {
      dll_created_by: [], dll_loaded_by: [], timeline: [], tree: [], parallel: [], parallel_window_seconds: 60,
      other_registry_values: [], dll_file_events: [], dll_load_events: [],
    },
    ...over,
  };
}

export function seedFinding(): CaseFinding {
  recordId = 90000;
  const timeline = regsvrTimeline();
  return baseFinding({
    id: `${SEED_RULE_ID}:${WS}:${REGSVR_GUID}`,
    risk_reasons: ['CLSID is DynamicWrapperX, on the intel list (Remcos, AsyncRAT loaders)', 'DLL in a user-writable folder (AppData\\Roaming)'],
    pivots: {
      timeline,
      tree: [
        node('explorer.exe', EXPLORER_GUID, 'ancestor', '2026-11-17T07:56:24.118Z', null, 'C:\\Windows\\Explorer.EXE', { depth: 0 }),
        node('wscript.exe', WSCRIPT_GUID, 'ancestor', '2026-11-17T09:41:32.118Z', '2026-11-17T09:52:40.250Z', WSCRIPT_CMD, { depth: 1, parent_process_guid: EXPLORER_GUID, parent_process_name: 'explorer.exe' }),
        node('regsvr32.exe', REGSVR_GUID, 'self', '2026-11-17T09:41:35.410Z', '2026-11-17T09:41:35.521Z', REGSVR_CMD, { depth: 2, parent_process_guid: WSCRIPT_GUID, parent_process_name: 'wscript.exe' }),
      ],
      parallel: [
        node('msedge.exe', '{B3C1E7A2-1F02-6AFC-5C00-000000000700}', 'parallel', '2026-11-17T08:02:11.004Z', null, '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --single-argument https://mail.corp.example/'),
        node('OneDrive.exe', '{B3C1E7A2-1E19-6AFC-4E00-000000000700}', 'parallel', '2026-11-17T07:56:31.740Z', null, '"C:\\Users\\j.doe\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe" /background'),
        node('svchost.exe', '{B3C1E7A2-1D00-6AFC-0C00-000000000700}', 'parallel', '2026-11-17T07:01:02.310Z', null, 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule', { user: 'NT AUTHORITY\\SYSTEM' }),
        node('SearchProtocolHost.exe', '{B3C1E7A2-2150-6AFC-9301-000000000700}', 'parallel', '2026-11-17T09:41:05.007Z', '2026-11-17T09:42:05.880Z', '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe12_ Global\\UsGthrCtrlFltPipeMssGthrPipe12 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)" "C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc" "DownLevelDaemon"', { user: 'NT AUTHORITY\\SYSTEM' }),
      ],
      parallel_window_seconds: 60,
      dll_created_by: [{ process_name: 'wscript.exe', process_guid: WSCRIPT_GUID, time: '2026-11-17T09:41:34.907Z', process: WSCRIPT_CMD, dest: WS }],
      dll_loaded_by: [
        { process_name: 'regsvr32.exe', process_guid: REGSVR_GUID, time: '2026-11-17T09:41:35.447Z', process: REGSVR_CMD, dest: WS, image: DLL_IMAGE },
        { process_name: 'wscript.exe', process_guid: WSCRIPT_GUID, time: '2026-11-17T09:41:36.104Z', process: WSCRIPT_CMD, dest: WS, image: DLL_IMAGE },
      ],
      other_registry_values: [],
      dll_file_events: [
        ev('2026-11-17T09:41:34.907Z', 'file', 11, `File create ${DLL}`, { process_guid: WSCRIPT_GUID, process_name: 'wscript.exe' }),
      ],
      dll_load_events: [],
    },
  });
}

export function demoFindings(): CaseFinding[] {
  const seed = seedFinding();
  const knownBad = baseFinding({
    id: `known_bad_clsid_com_server:${WS}:${REGSVR_GUID}`,
    rule_id: 'known_bad_clsid_com_server', rule_name: 'Known-bad CLSID registered as COM server', mitre: ['T1546.015'], risk_score: 90,
    message: `regsvr32.exe registered the known-bad class ${CLSID} (DynamicWrapperX) on ${WS}.`,
    risk_reasons: ['intel: DynamicWrapperX, used by Remcos/AsyncRAT loaders'],
    pivots: { ...seed.pivots },
  });
  const mmdev = baseFinding({
    id: `builtin_clsid_server_redirected:${WS}:{B3C1E7A2-2288-6AFC-A201-000000000700}`,
    rule_id: 'builtin_clsid_server_redirected', rule_name: 'Built-in CLSID server redirected to a user-writable path', mitre: ['T1546.015'], risk_score: 85,
    process_guid: '{B3C1E7A2-2288-6AFC-A201-000000000700}', process_name: 'rmc_setup.exe', process_path: 'C:\\Users\\j.doe\\AppData\\Local\\Temp\\rmc_setup.exe',
    process: '"C:\\Users\\j.doe\\AppData\\Local\\Temp\\rmc_setup.exe" -q',
    registry_path: `HKU\\${SID}_Classes\\CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\InprocServer32\\(Default)`,
    registry_key_name: 'InprocServer32', registry_value_data: 'C:\\Users\\Public\\Libraries\\audiosrv64.dll', clsid: '{BCDE0395-E52F-467C-8E3D-C4579291692E}',
    firstTime: '2026-11-17T09:47:15.019Z', lastTime: '2026-11-17T09:47:15.019Z',
    message: 'rmc_setup.exe redirected MMDeviceEnumerator {BCDE0395-E52F-467C-8E3D-C4579291692E} to C:\\Users\\Public\\Libraries\\audiosrv64.dll.',
    risk_reasons: ['Windows class shadowed per user', 'DLL under C:\\Users\\Public'],
    process_hashes: null,
    pivots: {
      ...seed.pivots,
      timeline: [
        ev('2026-11-17T09:47:14.113Z', 'process_start', 1, 'Process start "C:\\Users\\j.doe\\AppData\\Local\\Temp\\rmc_setup.exe" -q', { process_name: 'rmc_setup.exe' }),
        ev('2026-11-17T09:47:15.019Z', 'registry', 13, `SetValue HKU\\${SID}_Classes\\CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\InprocServer32\\(Default) = C:\\Users\\Public\\Libraries\\audiosrv64.dll`, { is_finding_event: true, process_name: 'rmc_setup.exe' }),
        ev('2026-11-17T09:47:15.800Z', 'dns', 22, 'DNS query invoice-cdn.example.net → 203.0.113.47', { process_name: 'rmc_setup.exe' }),
        ev('2026-11-17T09:47:16.024Z', 'network', 3, 'TCP 10.20.7.57:50122 → 203.0.113.47:2404', { process_name: 'rmc_setup.exe' }),
      ],
      tree: [], dll_created_by: [], dll_loaded_by: [], dll_file_events: [], parallel: [],
    },
  });
  const oneDrive = baseFinding({
    id: `per_user_com_registration:${HR}:{C2D4E6F8-1A2B-6AFC-3300-000000000800}`,
    rule_id: 'per_user_com_registration', rule_name: 'Per-user COM server registration', mitre: ['T1546.015'], risk_score: 40,
    dest: HR, user: 'm.smith', process_guid: '{C2D4E6F8-1A2B-6AFC-3300-000000000800}', process_name: 'FileSyncConfig.exe',
    process_path: 'C:\\Users\\m.smith\\AppData\\Local\\Microsoft\\OneDrive\\25.201.1013.0001\\FileSyncConfig.exe', process: null,
    parent_process_name: 'OneDrive.exe', parent_process: null, parent_process_guid: null,
    registry_path: 'HKU\\S-1-5-21-3163461848-2742339137-1585722155-1122_Classes\\CLSID\\{018D5C66-4533-4307-9B53-224DE2ED1FE6}\\InProcServer32\\(Default)',
    registry_value_data: '%systemroot%\\system32\\shell32.dll', clsid: '{018D5C66-4533-4307-9B53-224DE2ED1FE6}', count: 2,
    firstTime: '2026-11-17T08:31:07.951Z', lastTime: '2026-11-17T08:31:07.951Z', message: 'FileSyncConfig.exe registered a per-user COM server.',
    suppressed: true,
    suppression: { id: 'sup-onedrive-shell-ext', author: 'a.kowalski (IR lead)', reason: 'OneDrive per-user shell extension {018D5C66-…} → shell32.dll: documented benign, in the public false-positive lists.', date: '2026-10-02' },
    pivots: { ...seed.pivots, timeline: [], tree: [], parallel: [], dll_created_by: [], dll_loaded_by: [], dll_file_events: [] },
  });
  const teams = baseFinding({
    id: `per_user_com_registration:${HR}:{C2D4E6F8-1B00-6AFC-3900-000000000800}`,
    rule_id: 'per_user_com_registration', rule_name: 'Per-user COM server registration', mitre: ['T1546.015'], risk_score: 15,
    dest: HR, user: 'm.smith', process_guid: '{C2D4E6F8-1B00-6AFC-3900-000000000800}', process_name: 'Update.exe',
    process_path: 'C:\\Users\\m.smith\\AppData\\Local\\Microsoft\\Teams\\Update.exe', process: '"C:\\Users\\m.smith\\AppData\\Local\\Microsoft\\Teams\\Update.exe" --processStart "Teams.exe"',
    parent_process_name: 'explorer.exe', parent_process: 'C:\\Windows\\Explorer.EXE', parent_process_guid: '{C2D4E6F8-1A00-6AFC-2200-000000000800}',
    registry_path: 'HKU\\S-1-5-21-3163461848-2742339137-1585722155-1122_Classes\\CLSID\\{00425F68-FFC1-445F-8EDF-EF78B84BA1C7}\\InProcServer32\\(Default)',
    registry_value_data: 'C:\\Users\\m.smith\\AppData\\Local\\Microsoft\\TeamsMeetingAddin\\1.0.23334.3\\x64\\Microsoft.Teams.AddinLoader.dll', clsid: '{00425F68-FFC1-445F-8EDF-EF78B84BA1C7}',
    firstTime: '2026-11-17T08:40:12.300Z', lastTime: '2026-11-17T08:40:12.300Z', message: 'Update.exe registered a per-user COM server.',
    risk_reasons: ['lowered by 25: signed Microsoft Teams updater in its install folder', 'base risk 40'],
    pivots: { ...seed.pivots, timeline: [], tree: [], parallel: [], dll_created_by: [], dll_loaded_by: [], dll_file_events: [] },
  });
  return [knownBad, mmdev, seed, oneDrive, teams].sort((a, b) => b.risk_score - a.risk_score || (a.firstTime < b.firstTime ? -1 : 1));
}

export function demoScan(): CaseScan {
  const evidence = demoEvidence();
  return {
    root: '/cases/IR-4471/evidence',
    fingerprint: sha('fingerprint'),
    scannedAt: '2026-11-25T09:14:02.511Z',
    evidence,
    findings: demoFindings(),
    rules: demoRules(),
    ruleset: { version: '2026.11.1', intel_version: '2026-11-20' },
    stats: { files: evidence.length, bytes: evidence.reduce((s, e) => s + e.bytes, 0), errors: 0, events: 1944, recordErrors: 1, elapsedMs: 812 },
  };
}

export function demoRequest(over: Partial<ReportRequest> = {}): ReportRequest {
  const scan = demoScan();
  const seed = scan.findings.find((f) => f.rule_id === SEED_RULE_ID)!;
  return {
    caseName: 'IR-4471 WS-FIN-07 Remcos loader',
    analyst: 'Jane Responder',
    scan,
    findingIds: null,
    annotations: {
      [seed.id]: { status: 'confirmed', note: ANALYST_NOTE, by: 'Jane Responder', at: '2026-11-25T10:02:00.000Z' },
    },
    generatedAt: '2026-11-25T12:00:00.000Z',
    ...over,
  };
}

export const SIGMA_AUTHOR = 'Florian Roth (Nextron Systems), Nasreddine Bencherchali (Nextron Systems)';
const SIGMA_RULE_ID = '8e2b24c9-4add-46a0-b4bb-0057b4e6187d';

/** A Sigma finding as the triage makes it (process creation, no registry write), with `matched` events. */
export function sigmaFinding(matched = 3, count = matched): CaseFinding {
  const events = Array.from({ length: matched }, (_, i) => ({
    evidence: 'WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx', record_id: 7000 + i, event_id: 1,
    time: `2026-11-17T09:41:${String(30 + (i % 30)).padStart(2, '0')}.0000000Z`, process_guid: REGSVR_GUID,
  }));
  return baseFinding({
    id: `sigma-${SIGMA_RULE_ID}`, rule_id: SIGMA_RULE_ID, rule_name: 'Scripting/CommandLine Process Spawned Regsvr32', mitre: ['T1218.010'],
    risk_score: 50, registry_path: '', registry_key_name: '', registry_value_name: '', registry_value_data: '', clsid: null, count,
    message: `Sigma (medium) Scripting/CommandLine Process Spawned Regsvr32: ${count} events on ${WS} by regsvr32.exe`,
    source: 'sigma', level: 'medium', events, events_truncated: events.length < count,
    sigma: {
      id: SIGMA_RULE_ID, title: 'Scripting/CommandLine Process Spawned Regsvr32', level: 'medium', status: 'test',
      description: 'Detects various command line and scripting engines/processes such as "PowerShell", "Wscript", "Cmd", etc. spawning a "regsvr32" instance.',
      author: SIGMA_AUTHOR, date: '2023-05-26', modified: '2024-03-13',
      references: ['https://web.archive.org/web/20171001085340/https://subt0x10.blogspot.com/2017/04/bypass-application-whitelisting-script.html'],
      falsepositives: ['Legitimate ".bat", ".hta", ".ps1" or ".vbs" scripts leverage legitimately often.'],
      tags: ['attack.defense-evasion', 'attack.t1218.010'], logsource: { product: 'windows', category: 'process_creation' },
      path: 'rules/windows/process_creation/proc_creation_win_regsvr32_susp_parent.yml', origin: 'sigmahq',
    },
  });
}
