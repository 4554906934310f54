/**
 * Realistic CaseFinding fixtures, modelled on the demo evidence's seed intrusion on WS-FIN-07
 * (wscript.exe → regsvr32.exe writes the DynamicWrapperX InProcServer32 default value), plus
 * builders for hostile text and long lists. Pure data: usable from DOM and e2e tests.
 */
import type {
  CaseFinding, CaseScan, PivotEvent, PivotEventKind, ProcessNode, RuleDoc,
} from '../../src-main/shared/contract';

export const HOST = 'WS-FIN-07.corp.example';
const SEED_RULE_ID = '127c8d08-25ff-11ec-9223-acde48001122';
export const SEED_CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';
export const REGSVR_GUID = '{B3C1E7A2-214F-6AFC-9101-000000000700}';
export const WSCRIPT_GUID = '{B3C1E7A2-214C-6AFC-9001-000000000700}';
export const EXPLORER_GUID = '{B3C1E7A2-1F05-6AFC-5001-000000000700}';
export const DLL = 'C:\\Users\\j.doe\\AppData\\Roaming\\Microsoft\\dynwrapx.dll';
const SID_CLASSES = 'HKU\\S-1-5-21-3163461848-2742339137-1585722155-1107_Classes';
export const SEED_REG_PATH = `${SID_CLASSES}\\CLSID\\${SEED_CLSID}\\InProcServer32\\(Default)`;
const REGSVR_CMD = `"C:\\Windows\\System32\\regsvr32.exe" /s /i ${DLL}`;
const WSCRIPT_CMD = '"C:\\Windows\\System32\\WScript.exe" "C:\\Users\\j.doe\\Downloads\\invoice_2026-11.js"';
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const EVTX = 'WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx';

let record = 91000;
export function ev(time: string, kind: PivotEventKind, eventId: number, guid: string, name: string, summary: string, fields: Record<string, string> = {}, finding = false): PivotEvent {
  return {
    time, kind, event_id: eventId, channel: SYSMON, dest: HOST, process_guid: guid, process_name: name, summary,
    is_finding_event: finding, evidence: EVTX, record_id: ++record,
    fields: { UtcTime: time.replace('T', ' ').replace('Z', ''), ProcessGuid: guid, Image: `C:\\Windows\\System32\\${name}`, ...fields },
  };
}

export function seedRule(): RuleDoc {
  return {
    id: SEED_RULE_ID, name: 'Malicious InProcServer32 Modification', mitre: ['T1218.010', 'T1112'], risk_score: 80,
    description: 'A process wrote the default value of a COM InProcServer32 key: the DLL a COM object loads. Adversaries register their DLL there to run it inside trusted processes.',
    false_positives: ['Software installers and updaters registering their own COM servers (OneDrive FileSyncConfig.exe).'],
    references: ['https://attack.mitre.org/techniques/T1112/', 'https://research.splunk.com/endpoint/127c8d08-25ff-11ec-9223-acde48001122/'],
    notes: ['(Default), an empty value name and "" are read as the default value.'],
  };
}

const REGSVR_TIMELINE: readonly PivotEvent[] = [
    ev('2026-11-17T09:41:35.410Z', 'process_start', 1, REGSVR_GUID, 'regsvr32.exe', `Process start ${REGSVR_CMD}`, { CommandLine: REGSVR_CMD, ParentImage: 'C:\\Windows\\System32\\wscript.exe', ParentProcessGuid: WSCRIPT_GUID, User: 'CORP\\j.doe', IntegrityLevel: 'Medium' }),
    ev('2026-11-17T09:41:35.447Z', 'image_load', 7, REGSVR_GUID, 'regsvr32.exe', `Image load ${DLL}`, { ImageLoaded: DLL, Signed: 'false' }),
    ev('2026-11-17T09:41:35.471Z', 'registry', 12, REGSVR_GUID, 'regsvr32.exe', `CreateKey ${SID_CLASSES}\\CLSID\\${SEED_CLSID}`, { EventType: 'CreateKey', TargetObject: `${SID_CLASSES}\\CLSID\\${SEED_CLSID}` }),
    ev('2026-11-17T09:41:35.472Z', 'registry', 12, REGSVR_GUID, 'regsvr32.exe', `CreateKey ${SID_CLASSES}\\CLSID\\${SEED_CLSID}\\InProcServer32`, { EventType: 'CreateKey', TargetObject: `${SID_CLASSES}\\CLSID\\${SEED_CLSID}\\InProcServer32` }),
    ev('2026-11-17T09:41:35.472Z', 'registry', 13, REGSVR_GUID, 'regsvr32.exe', `SetValue ${SEED_REG_PATH} = ${DLL}`, { EventType: 'SetValue', TargetObject: SEED_REG_PATH, Details: DLL }, true),
    ev('2026-11-17T09:41:35.473Z', 'registry', 13, REGSVR_GUID, 'regsvr32.exe', `SetValue ${SID_CLASSES}\\CLSID\\${SEED_CLSID}\\InProcServer32\\ThreadingModel = Apartment`, { EventType: 'SetValue', Details: 'Apartment' }),
    ev('2026-11-17T09:41:35.474Z', 'registry', 12, REGSVR_GUID, 'regsvr32.exe', `CreateKey ${SID_CLASSES}\\DynamicWrapperX`, { EventType: 'CreateKey' }),
    ev('2026-11-17T09:41:35.475Z', 'registry', 13, REGSVR_GUID, 'regsvr32.exe', `SetValue ${SID_CLASSES}\\DynamicWrapperX\\CLSID\\(Default) = ${SEED_CLSID}`, { EventType: 'SetValue', Details: SEED_CLSID }),
    ev('2026-11-17T09:41:35.520Z', 'process_stop', 5, REGSVR_GUID, 'regsvr32.exe', 'Process terminated'),
];
const regsvrTimeline = (): PivotEvent[] => REGSVR_TIMELINE.map((e) => ({ ...e, fields: { ...e.fields } }));

const WSCRIPT_EVENTS: readonly PivotEvent[] = [
    ev('2026-11-17T09:41:32.118Z', 'process_start', 1, WSCRIPT_GUID, 'wscript.exe', `Process start ${WSCRIPT_CMD}`, { CommandLine: WSCRIPT_CMD }),
    ev('2026-11-17T09:41:34.907Z', 'file', 11, WSCRIPT_GUID, 'wscript.exe', `File created ${DLL}`, { TargetFilename: DLL }),
    ev('2026-11-17T09:41:36.104Z', 'image_load', 7, WSCRIPT_GUID, 'wscript.exe', `Image load ${DLL}`, { ImageLoaded: DLL }),
    ev('2026-11-17T09:41:36.988Z', 'dns', 22, WSCRIPT_GUID, 'wscript.exe', 'DNS query invoice-cdn.example.net → 203.0.113.47', { QueryName: 'invoice-cdn.example.net', QueryResults: '::ffff:203.0.113.47;' }),
    ev('2026-11-17T09:41:37.200Z', 'network', 3, WSCRIPT_GUID, 'wscript.exe', 'TCP 10.20.7.57:49822 → 203.0.113.47:443', { DestinationIp: '203.0.113.47', DestinationPort: '443' }),
];
const wscriptEvents = (): PivotEvent[] => WSCRIPT_EVENTS.map((e) => ({ ...e, fields: { ...e.fields } }));

function node(p: Partial<ProcessNode> & Pick<ProcessNode, 'process_name' | 'process_guid' | 'relation'>): ProcessNode {
  return {
    time: p.start_time ?? '2026-11-17T09:41:35.410Z', process_path: `C:\\Windows\\System32\\${p.process_name}`, process: null, dest: HOST,
    parent_process_guid: null, user: 'CORP\\j.doe', start_time: null, end_time: null, depth: 0, ...p,
  };
}

export function seedFinding(over: Partial<CaseFinding> = {}): CaseFinding {
  const wscript = wscriptEvents();
  return {
    id: `${SEED_RULE_ID}:ws-fin-07:regsvr32`, rule_id: SEED_RULE_ID, rule_name: 'Malicious InProcServer32 Modification',
    mitre: ['T1218.010', 'T1112'], risk_score: 80, dest: HOST, user: 'j.doe', process_guid: REGSVR_GUID, process_name: 'regsvr32.exe',
    process_path: 'C:\\Windows\\System32\\regsvr32.exe', process: REGSVR_CMD, parent_process_name: 'wscript.exe', parent_process: WSCRIPT_CMD,
    parent_process_guid: WSCRIPT_GUID, registry_path: SEED_REG_PATH, registry_key_name: 'InProcServer32', registry_value_name: '(Default)',
    registry_value_data: DLL, clsid: SEED_CLSID, count: 1, firstTime: '2026-11-17T09:41:35.472Z', lastTime: '2026-11-17T09:41:35.472Z',
    process_start_in_evidence: true, suppressed: false, suppression: null,
    message: `regsvr32.exe wrote ${DLL} as the InProcServer32 of ${SEED_CLSID} on ${HOST}`,
    risk_reasons: ['+10 known-bad CLSID (DynamicWrapperX)', '+5 DLL in a user-writable folder', '+5 parent is a script host'],
    integrity_level: 'Medium', process_hashes: 'SHA256=3A1F0C9E5D2B7A4C8E6F1B0D9C3A5E7F2B4D6C8A0E1F3B5D7C9A2E4F6B8D0C1A',
    pivots: {
      dll_created_by: [{ process_name: 'wscript.exe', process_guid: WSCRIPT_GUID, time: '2026-11-17T09:41:34.907Z', process: WSCRIPT_CMD, dest: HOST }],
      dll_loaded_by: [
        { process_name: 'regsvr32.exe', process_guid: REGSVR_GUID, time: '2026-11-17T09:41:35.447Z', process: REGSVR_CMD, dest: HOST },
        { process_name: 'wscript.exe', process_guid: WSCRIPT_GUID, time: '2026-11-17T09:41:36.104Z', process: WSCRIPT_CMD, dest: HOST },
      ],
      timeline: regsvrTimeline(),
      tree: [
        node({ process_name: 'explorer.exe', process_guid: EXPLORER_GUID, relation: 'ancestor', depth: -2, start_time: '2026-11-17T07:56:24.000Z' }),
        node({ process_name: 'wscript.exe', process_guid: WSCRIPT_GUID, relation: 'ancestor', depth: -1, parent_process_guid: EXPLORER_GUID, process: WSCRIPT_CMD, start_time: '2026-11-17T09:41:32.118Z', end_time: '2026-11-17T09:52:40.250Z' }),
        node({ process_name: 'regsvr32.exe', process_guid: REGSVR_GUID, relation: 'self', depth: 0, parent_process_guid: WSCRIPT_GUID, process: REGSVR_CMD, start_time: '2026-11-17T09:41:35.410Z', end_time: '2026-11-17T09:41:35.520Z' }),
      ],
      parallel: [
        node({ process_name: 'msedge.exe', process_guid: '{B3C1E7A2-2001-6AFC-7001-000000000700}', relation: 'parallel', start_time: '2026-11-17T09:30:02.000Z' }),
        node({ process_name: 'OneDrive.exe', process_guid: '{B3C1E7A2-2002-6AFC-7002-000000000700}', relation: 'parallel', start_time: '2026-11-17T07:56:40.000Z' }),
        node({ process_name: 'svchost.exe', process_guid: '{B3C1E7A2-2003-6AFC-7003-000000000700}', relation: 'parallel', user: 'NT AUTHORITY\\SYSTEM', start_time: '2026-11-17T09:41:20.000Z', end_time: '2026-11-17T09:41:50.000Z' }),
        node({ process_name: 'conhost.exe', process_guid: '{B3C1E7A2-2004-6AFC-7004-000000000700}', relation: 'parallel', start_time: '2026-11-17T09:44:00.000Z', end_time: '2026-11-17T09:44:30.000Z' }),
      ],
      parallel_window_seconds: 300,
      other_registry_values: [
        { registry_path: `${SID_CLASSES}\\CLSID\\{0F1E2D3C-0000-4B5A-9C8D-112233445566}\\InProcServer32\\(Default)`, registry_value_data: DLL, process_name: 'wscript.exe', process_guid: WSCRIPT_GUID, time: '2026-11-17T09:41:36.300Z', dest: HOST },
      ],
      dll_file_events: [wscript[1]!],
      dll_load_events: [regsvrTimeline()[1]!, wscript[2]!],
    },
    ...over,
  };
}

/** The seed plus the family findings of the demo scenario (a hijack and a benign OneDrive registration). */
export function demoFindings(): CaseFinding[] {
  const seed = seedFinding();
  const hijack = seedFinding({
    id: 'builtin-clsid-user-writable:ws-fin-07:rmc_setup', rule_id: '790317c0-0a36-4a6a-a105-6e576bf99a14', rule_name: 'Built-in CLSID server redirected to a user-writable folder',
    mitre: ['T1546.015'], risk_score: 73, process_guid: '{B3C1E7A2-2290-6AFC-9201-000000000700}', process_name: 'rmc_setup.exe',
    process_path: 'C:\\Users\\j.doe\\AppData\\Local\\Temp\\rmc_setup.exe', process: '"C:\\Users\\j.doe\\AppData\\Local\\Temp\\rmc_setup.exe" -q',
    registry_path: `${SID_CLASSES}\\CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\InprocServer32\\(Default)`, clsid: '{BCDE0395-E52F-467C-8E3D-C4579291692E}',
    registry_value_data: 'C:\\Users\\Public\\Libraries\\audiosrv64.dll', firstTime: '2026-11-17T09:47:15.019Z', lastTime: '2026-11-17T09:47:15.019Z',
    message: 'rmc_setup.exe redirected MMDeviceEnumerator to C:\\Users\\Public\\Libraries\\audiosrv64.dll', risk_reasons: ['+8 built-in CLSID'],
  });
  const onedrive = seedFinding({
    id: `${SEED_RULE_ID}:ws-hr-02:filesyncconfig`, dest: 'WS-HR-02.corp.example', user: 'm.smith', risk_score: 25,
    process_guid: '{C4D2F8B3-1111-6AFC-3001-000000000300}', process_name: 'FileSyncConfig.exe', process_path: 'C:\\Program Files\\Microsoft OneDrive\\FileSyncConfig.exe',
    process: '"C:\\Program Files\\Microsoft OneDrive\\FileSyncConfig.exe"', parent_process_name: 'OneDrive.exe', parent_process: null,
    registry_path: 'HKU\\S-1-5-21-1\\_Classes\\CLSID\\{018D5C66-4533-4307-9B53-224DE2ED1FE6}\\InProcServer32\\(Default)', clsid: '{018D5C66-4533-4307-9B53-224DE2ED1FE6}',
    registry_value_data: '%systemroot%\\system32\\shell32.dll', count: 2, firstTime: '2026-11-17T08:31:07.951Z', lastTime: '2026-11-17T08:31:07.951Z',
    suppressed: true, suppression: { id: 'fp-onedrive', author: 'rule set', reason: 'OneDrive shell extension registration', date: '2026-11-01T00:00:00Z' },
    message: 'FileSyncConfig.exe registered shell32.dll', risk_reasons: ['−40 signed Microsoft updater'],
  });
  return [seed, hijack, onedrive];
}

export function fixtureScan(root: string, fingerprint: string, findings: CaseFinding[] = demoFindings()): CaseScan {
  return {
    root, fingerprint, scannedAt: '2026-11-25T10:00:00.000Z',
    evidence: [{
      path: EVTX, bytes: 462848, modified: '2026-11-17T11:00:00.000Z', sha256: 'ab'.repeat(32), hashComplete: true, format: 'evtx',
      records: 418, errors: 2, warnings: 1,
      errorSamples: [{ code: 'record_bad_signature', message: 'record signature mismatch, record skipped', context: { chunk: 3, offset: 65536 } }],
      warningSamples: [{ code: 'header_dirty', message: 'file header flag dirty', context: {} }],
    }],
    findings, rules: [seedRule()], ruleset: { version: 'test-1', intel_version: 'intel-1' },
    stats: { files: 1, bytes: 462848, errors: 0, events: 418, recordErrors: 2, elapsedMs: 900 },
  };
}

/** `n` findings over several hosts and risks, for list and virtualisation tests. */
export function manyFindings(n: number): CaseFinding[] {
  const base = seedFinding();
  const out: CaseFinding[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      ...base, id: `bulk-${i}`, dest: `HOST-${i % 7}.corp.example`, risk_score: 20 + (i % 70),
      registry_value_data: `C:\\Users\\u${i}\\AppData\\x${i}.dll`, firstTime: new Date(Date.UTC(2026, 10, 17, 8, 0, i % 3600)).toISOString(),
      pivots: { ...base.pivots, timeline: [], dll_file_events: [], dll_load_events: [] },
    });
  }
  return out;
}

export const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

/** The seed finding with markup and script in the command line, the registry value and the host name. */
export function hostileFinding(): CaseFinding {
  const f = seedFinding();
  return {
    ...f, id: 'hostile-1', dest: `evil${HOSTILE}.corp.example`, process: `regsvr32.exe /s ${HOSTILE}`, registry_value_data: `C:\\x\\${HOSTILE}.dll`,
    message: `wrote ${HOSTILE}`,
    pivots: {
      ...f.pivots,
      timeline: f.pivots.timeline.map((e) => ({ ...e, summary: `${e.summary} ${HOSTILE}`, fields: { ...e.fields, CommandLine: HOSTILE } })),
    },
  };
}
