// README.md and expected-findings.json for the demo evidence, built from the same facts the generator used,
// so the findings table can never drift from the files.

import type { Scenario } from './scenario';
import { DAY } from './scenario';
import { DWX_CLSID, MMDEVICE_CLSID, ONEDRIVE_CLSID } from './intrusion';
import type { Written } from './generate';

const isoMs = (iso: string) => iso; // already ISO-8601 UTC with milliseconds

export function expectedFindings(sc: Scenario) {
  const i = sc.intrusion;
  const dflt = i.registry.find((r) => r.event === 13 && r.value_name === '(Default)' && r.path.includes(DWX_CLSID))!;
  const seed = {
    rule_id: '127c8d08-25ff-11ec-9223-acde48001122',
    rule_name: 'Malicious InProcServer32 Modification',
    mitre: ['T1218.010', 'T1112'],
    risk_score: 80,
    dest: i.dest,
    user: i.user,
    process_guid: i.regsvr32.process_guid,
    process_name: i.regsvr32.process_name,
    process_path: i.regsvr32.process_path,
    process: i.regsvr32.process,
    process_id: i.regsvr32.process_id,
    parent_process_name: i.wscript.process_name,
    parent_process: i.wscript.process,
    parent_process_guid: i.wscript.process_guid,
    registry_path: dflt.path,
    registry_key_name: dflt.key_name,
    registry_value_name: dflt.value_name,
    registry_value_data: dflt.data,
    clsid: DWX_CLSID,
    count: 1,
    firstTime: isoMs(dflt.time),
    lastTime: isoMs(dflt.time),
    process_start_in_evidence: true,
    suppressed: false,
    pivots: { dll_created_by: i.dll_created_by, dll_loaded_by: i.dll_loaded_by },
  };
  const family = [
    {
      logic: 'known-bad CLSID from intel (DynamicWrapperX, used by Remcos/AsyncRAT loaders)',
      dest: i.dest, user: i.user, process_name: 'regsvr32.exe', process_guid: i.regsvr32.process_guid,
      registry_path: dflt.path, registry_value_data: i.dll, clsid: DWX_CLSID, time: dflt.time, expected: 'hit',
    },
    {
      logic: 'built-in Windows CLSID server redirected to a user-writable folder (Sigma 790317c0 logic; MMDeviceEnumerator)',
      dest: i.dest, user: i.user, process_name: i.dropper.process_name, process_guid: i.dropper.process_guid,
      registry_path: i.hijack.path, registry_value_data: i.hijack.data, clsid: MMDEVICE_CLSID, time: i.hijack.time, expected: 'hit',
    },
    {
      logic: 'per-user COM registration (Elastic 16a52c14 logic): DynamicWrapperX by regsvr32 spawned by a script host',
      dest: i.dest, user: i.user, process_name: 'regsvr32.exe', process_guid: i.regsvr32.process_guid,
      registry_path: dflt.path, registry_value_data: i.dll, clsid: DWX_CLSID, time: dflt.time, expected: 'hit, raised risk (writer is regsvr32; parent is a script host)',
    },
    {
      logic: 'per-user COM registration (Elastic 16a52c14 logic): MMDeviceEnumerator by a process started from %TEMP% seconds earlier',
      dest: i.dest, user: i.user, process_name: i.dropper.process_name, process_guid: i.dropper.process_guid,
      registry_path: i.hijack.path, registry_value_data: i.hijack.data, clsid: MMDEVICE_CLSID, time: i.hijack.time, expected: 'hit, raised risk (writer started from a user-writable folder)',
    },
    {
      logic: 'per-user COM registration (Elastic 16a52c14 logic): OneDrive FileSyncConfig.exe shell extension',
      dest: sc.oneDrive.dest, user: sc.oneDrive.user, process_name: 'FileSyncConfig.exe', process_guid: sc.oneDrive.process_guid,
      registry_path: sc.oneDrive.path, registry_value_data: sc.oneDrive.data, clsid: ONEDRIVE_CLSID, time: sc.oneDrive.time, expected: 'hit, lowered risk (known benign writer: OneDrive), not hidden',
    },
    {
      logic: 'per-user COM registration (Elastic 16a52c14 logic): the same OneDrive extension under WOW6432Node',
      dest: sc.oneDrive.dest, user: sc.oneDrive.user, process_name: 'FileSyncConfig.exe', process_guid: sc.oneDrive.process_guid,
      registry_path: sc.oneDrive.wowPath, registry_value_data: sc.oneDrive.wowData, clsid: ONEDRIVE_CLSID, time: sc.oneDrive.wowTime, expected: 'hit, lowered risk (known benign writer: OneDrive), not hidden',
    },
  ];
  return {
    synthetic: true,
    generator: 'test/tools/demo-scenario/generate.ts',
    day: DAY,
    seed_findings: [seed],
    family_findings: family,
    negatives: [
      'No seed finding on WS-HR-02 or DC01 (no DynamicWrapperX CLSID there).',
      'The seed rule does not fire on the MMDeviceEnumerator or OneDrive writes (other CLSIDs).',
      'The seed count is 1: only the InProcServer32\\(Default) value set (EID 13) matches; the EID 12 CreateKey events and the ThreadingModel value do not.',
    ],
  };
}

type Findings = ReturnType<typeof expectedFindings>;

const row = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
const code = (s: string) => `\`${s}\``;

export function readme(sc: Scenario, f: Findings, written: Written[]): string {
  const i = sc.intrusion;
  const s = f.seed_findings[0]!;
  const L: string[] = [];
  L.push('# Demo evidence — SYNTHETIC', '');
  L.push(
    '**Everything in this folder is synthetic.** No real intrusion, host, person or network is depicted. The logs were',
    'generated by `test/tools/demo-scenario/` and written as binary EVTX by the project\'s own test writer',
    '(`test/tools/evtx-writer/`), then checked with two independent parsers (libevtx `evtxexport`, python-evtx).',
    'Domains use `corp.example` / `example.net`, the attacker address is in TEST-NET-3 (`203.0.113.0/24`), and every',
    'file hash is derived from the file path (not a real file\'s hash). The DynamicWrapperX CLSID is the real public',
    'indicator the seed analytic looks for.',
    '',
    '## Regenerate',
    '',
    '```sh',
    'npm run demo-evidence            # writes assets/demo-evidence/ (emptied first)',
    'npx tsx test/tools/demo-scenario/generate.ts /tmp/out   # anywhere else',
    '```',
    '',
    'The generator is deterministic (seeded PRNG, fixed times): the same code gives byte-identical files.',
    '`test/tools/demo-scenario/demo-evidence.test.ts` regenerates into a temporary folder and compares the sha256 of',
    'every file with the committed ones, and runs `evtxexport` on every EVTX file. If you change the generator, run',
    '`npm run demo-evidence` and commit the result together with the change.',
    '',
    '## Files',
    '',
    row(['file', 'records', 'chunks', 'bytes', 'notes']),
    row(['---', '---:', '---:', '---:', '---']),
  );
  for (const w of written) {
    const note = w.file.endsWith('Operational.evtx') ? 'header flag dirty (copied from a live system)' : w.file.endsWith('Security.evtx') ? 'header clean' : w.file.endsWith('.xml') ? 'Event Viewer XML export of the intrusion window (UTF-8, `<Events>` root)' : 'machine-readable findings for tests';
    L.push(row([code(w.file), w.records || '-', w.chunks || '-', w.bytes, note]));
  }
  L.push(
    '',
    `Each host folder holds its Sysmon (schema 4.90, Sysmon 15 field order; EIDs 1, 3, 5, 7, 11, 12, 13, 22) and Security`,
    '(4624 v2, 4634, 4672, 4688 v2, 4689) logs for ' + `${f.day} 07:00–11:00 UTC. EventRecordIDs do not start at 1 (older`,
    'records rolled over) and increase through each file. Records use one EventData template per event shape inside an',
    'outer System template, defined once per chunk and referenced afterwards, as Windows writes them.',
    '',
    '## Hosts and accounts',
    '',
    row(['host', 'role', 'IP', 'user']),
    row(['---', '---', '---', '---']),
    row(['WS-FIN-07.corp.example', 'victim workstation', '10.20.7.57', `CORP\\j.doe (${i.user_sid}), logon 07:56:21 UTC`]),
    row(['WS-HR-02.corp.example', 'workstation (benign OneDrive COM registration)', '10.20.3.22', 'CORP\\m.smith, logon 08:14:03 UTC']),
    row(['DC01.corp.example', 'domain controller (Kerberos network logons)', '10.20.0.10', '-']),
    '',
    '## What happened on WS-FIN-07 (UTC)',
    '',
    row(['time', 'event', 'what']),
    row(['---', '---', '---']),
  );
  const t = (iso: string) => iso.slice(11, 23);
  const ev = (time: string, e: string, what: string) => L.push(row([t(time), e, what]));
  ev(`${f.day}T${i.window.start.slice(11)}Z`, 'Sysmon 11', `msedge.exe saves ${code(i.script)}`);
  ev(i.wscript.start, 'Sysmon 1, 4688', `explorer.exe starts ${code(i.wscript.process)} (ProcessGuid ${i.wscript.process_guid}, PID ${i.wscript.process_id})`);
  ev(i.dll_created_by[0]!.time, 'Sysmon 11', `wscript.exe creates ${code(i.dll)}`);
  ev(i.regsvr32.start, 'Sysmon 1, 4688', `wscript.exe starts ${code(i.regsvr32.process)} (ProcessGuid ${i.regsvr32.process_guid}, PID ${i.regsvr32.process_id})`);
  ev(i.dll_loaded_by[0]!.time, 'Sysmon 7', 'regsvr32.exe loads the DLL (DllInstall)');
  for (const r of i.registry) ev(r.time, `Sysmon ${r.event}`, `regsvr32.exe ${r.event === 12 ? 'CreateKey' : 'SetValue'} ${code(r.path)}${r.data ? ` = ${code(r.data)}` : ''}`);
  ev(i.dll_loaded_by[1]!.time, 'Sysmon 7', 'wscript.exe loads the DLL');
  ev(i.network[0]!.dns_time, 'Sysmon 22', `wscript.exe resolves ${i.network[0]!.host} → ${i.network[0]!.ip}`);
  ev(i.network[0]!.time, 'Sysmon 3', `wscript.exe connects to ${i.network[0]!.ip}:${i.network[0]!.port}`);
  ev(i.dropper.start, 'Sysmon 1, 4688', `wscript.exe starts ${code(i.dropper.process)} (dropped in %TEMP% just before)`);
  ev(i.hijack.time, 'Sysmon 13', `rmc_setup.exe sets ${code(i.hijack.path)} = ${code(i.hijack.data)} (MMDeviceEnumerator hijack)`);
  ev(i.network[1]!.time, 'Sysmon 3', `rmc_setup.exe connects to ${i.network[1]!.ip}:${i.network[1]!.port}`);
  ev(`${f.day}T${i.window.end.slice(11)}Z`, 'Sysmon 5, 4689', 'wscript.exe exits');
  L.push(
    '',
    'On WS-HR-02 at ' + t(sc.oneDrive.time) + ` OneDrive's ${code('FileSyncConfig.exe')} (re)registers its per-user shell extension`,
    `${ONEDRIVE_CLSID} → ${code(sc.oneDrive.data)} (both the 64-bit and WOW6432Node keys), as in the public false-positive lists.`,
    '',
    '## Findings a correct triage reports',
    '',
    '### Seed analytic: "Malicious InProcServer32 Modification" (`127c8d08-25ff-11ec-9223-acde48001122`)',
    '',
    'The Splunk table (`stats count min(_time) as firstTime max(_time) as lastTime by dest, process_name, registry_path, registry_key_name, registry_value_name, user`):',
    '',
    row(['dest', 'process_name', 'registry_path', 'registry_key_name', 'registry_value_name', 'user', 'count', 'firstTime', 'lastTime']),
    row(['---', '---', '---', '---', '---', '---', '---:', '---', '---']),
    row([s.dest, s.process_name, code(s.registry_path), s.registry_key_name, s.registry_value_name, s.user, s.count, s.firstTime, s.lastTime]),
    '',
    'And the rest of the finding:',
    '',
    row(['field', 'value']),
    row(['---', '---']),
  );
  const extra: [string, string | number | boolean][] = [
    ['rule_id', s.rule_id], ['mitre', s.mitre.join(', ')], ['risk_score', s.risk_score],
    ['process_guid', s.process_guid], ['process_id', s.process_id], ['process_path', code(s.process_path)], ['process', code(s.process)],
    ['parent_process_name', s.parent_process_name], ['parent_process', code(s.parent_process)], ['parent_process_guid', s.parent_process_guid],
    ['registry_value_data', code(s.registry_value_data)], ['clsid', s.clsid], ['process_start_in_evidence', s.process_start_in_evidence],
  ];
  for (const [k, v] of extra) L.push(row([k, String(v)]));
  L.push('', 'DLL pivots for ' + code(i.dll) + ':', '', row(['pivot', 'process_name', 'process_guid', 'time']), row(['---', '---', '---', '---']));
  for (const p of s.pivots.dll_created_by) L.push(row(['dll_created_by', p.process_name, p.process_guid, p.time]));
  for (const p of s.pivots.dll_loaded_by) L.push(row(['dll_loaded_by', p.process_name, p.process_guid, p.time]));
  L.push(
    '',
    'Field conventions used above: `dest` = the event\'s Computer; `user` = the Sysmon `User` without its domain (CIM);',
    '`registry_key_name` = the key that holds the value (the path segment before the value name) and `registry_value_name` =',
    'the last segment, as the Splunk Sysmon add-on derives them for EID 13; times are the Sysmon `UtcTime` in ISO-8601 UTC',
    '(TimeCreated falls in the same millisecond). GUIDs are shown upper-case as `evtxexport` prints them; Windows (and the',
    'XML export) prints them lower-case — compare them case-insensitively. The CLSID is spelled `' + DWX_CLSID + '` in the',
    'registry path exactly as the seed writes it (mixed case).',
    '',
    '### COM-hijack family (T1546.015)',
    '',
    row(['logic', 'dest', 'process', 'registry_path', 'data', 'time', 'expected']),
    row(['---', '---', '---', '---', '---', '---', '---']),
  );
  for (const x of f.family_findings) L.push(row([x.logic, x.dest, `${x.process_name} ${x.process_guid}`, code(x.registry_path), code(x.registry_value_data), x.time, x.expected]));
  L.push('', '### Must not be reported', '');
  for (const n of f.negatives) L.push(`- ${n}`);
  L.push(
    '',
    '### Duplicates to expect',
    '',
    `The XML export repeats ${written.find((w) => w.file.endsWith('.xml'))?.records ?? 0} events that are also in`,
    '`WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx` (same Computer, Channel and EventRecordID), as happens when a',
    'responder collects both the log and an analyst\'s export. A correct triage recognises them as the same events: the',
    'seed count stays 1 and each pivot is listed once.',
    '',
    '`test/tools/demo-scenario/expected-findings.json` carries the same facts for tests (kept outside this folder so it is',
    'not read as evidence).',
    '',
  );
  return L.join('\n');
}
