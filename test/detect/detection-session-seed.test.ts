/**
 * The seed analytic (Splunk 127c8d08) on crafted events: every spelling of the registry place,
 * every default-value spelling, the join per host on (dest, process_guid), the outer join, and
 * the stats table.
 */
import { describe, expect, it } from 'vitest';
import { SEED_RULE_ID } from '../../src-main/detect/index';
import { splunkTable } from '../../src-main/output/splunk-table';
import { detect, security4657, sysmon } from './helpers';
import { emptyRawEvent, normaliseEvent } from '../../src-main/model/index';

const CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';
const GUID = '{AAAAAAAA-1111-2222-3333-444444444444}';
const DLL = 'C:\\Users\\bob\\AppData\\Roaming\\dynwrapx.dll';

function write(target: string, opts: { host?: string; guid?: string; time?: string; image?: string; user?: string; details?: string; rec?: number } = {}) {
  const data: Record<string, string> = {
    EventType: 'SetValue', UtcTime: opts.time ?? '2024-05-01 10:00:05.000', ProcessGuid: opts.guid ?? GUID, ProcessId: '4242',
    Image: opts.image ?? 'C:\\Windows\\SysWOW64\\regsvr32.exe', TargetObject: target, Details: opts.details ?? DLL,
  };
  if (opts.user) data['User'] = opts.user;
  return sysmon(13, opts.host ?? 'WS1', data, opts.rec ?? 10);
}

function start(opts: { host?: string; guid?: string; time?: string; image?: string; cmd?: string; user?: string; parentGuid?: string; rec?: number } = {}) {
  return sysmon(1, opts.host ?? 'WS1', {
    UtcTime: opts.time ?? '2024-05-01 10:00:00.000', ProcessGuid: opts.guid ?? GUID, ProcessId: '4242',
    Image: opts.image ?? 'C:\\Windows\\SysWOW64\\regsvr32.exe', CommandLine: opts.cmd ?? 'regsvr32.exe /s C:\\Users\\bob\\AppData\\Roaming\\dynwrapx.dll',
    User: opts.user ?? 'WS1\\bob', ParentProcessGuid: opts.parentGuid ?? '{BBBBBBBB-1111-2222-3333-444444444444}', ParentProcessId: '100',
    ParentImage: 'C:\\Windows\\System32\\wscript.exe', ParentCommandLine: 'wscript.exe C:\\Users\\bob\\Downloads\\invoice.js',
  }, opts.rec ?? 1);
}

const seedFindings = (events: Parameters<typeof detect>[0]) => detect(events).findings.filter((f) => f.rule_id === SEED_RULE_ID);

describe('seed: every spelling of the registry place', () => {
  const spellings = [
    `HKU\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`,
    `HKU\\S-1-5-21-1-2-3-1001\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`,
    `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`,
    `HKEY_CURRENT_USER\\SOFTWARE\\CLASSES\\CLSID\\${CLSID}\\INPROCSERVER32\\(Default)`,
    `HKCR\\CLSID\\${CLSID}\\InProcServer32\\(Default)`,
    `HKEY_CLASSES_ROOT\\CLSID\\${CLSID}\\InprocServer32\\(Default)`,
    `HKCR\\Wow6432Node\\CLSID\\${CLSID}\\InProcServer32\\(Default)`,
    `HKLM\\SOFTWARE\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`,
    `HKLM\\SOFTWARE\\Wow6432Node\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`,
    `HKLM\\SOFTWARE\\Classes\\Wow6432Node\\CLSID\\${CLSID}\\InProcServer32\\(Default)`,
    `\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`,
    `\\REGISTRY\\USER\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`,
    `HKLM\\SOFTWARE\\Classes\\CLSID\\${CLSID.toLowerCase()}\\inprocserver32\\(default)`,
    // default-value spellings
    `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\`,
    `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\@`,
    `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\Default`,
    `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Standard)`,
    // missing value name: TargetObject ends at the server key, data written
    `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32`,
  ];
  for (const target of spellings) {
    it(target, () => {
      const f = seedFindings([start(), write(target)]);
      expect(f).toHaveLength(1);
      expect(f[0]!.registry_path).toBe(target); // Splunk groups by the path as written
      expect(f[0]!.clsid!.toUpperCase()).toBe(CLSID.toUpperCase()); // as written; compared case-insensitively
      expect(f[0]!.registry_value_data).toBe(DLL);
    });
  }

  it('the missing value name is reported as the default value of the server key', () => {
    const f = seedFindings([write(`HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32`)])[0]!;
    expect(f.default_spelling).toBe('missing');
    expect(f.registry_key_name).toBe('InProcServer32');
    expect(f.registry_key_path).toBe(`HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32`);
    expect(f.registry_value_name).toBe('');
    expect(f.registry_path_canonical).toBe(`HKCU\\SOFTWARE\\CLASSES\\CLSID\\${CLSID.toUpperCase()}\\INPROCSERVER32\\(Default)`);
  });

  it('Security 4657 (empty ObjectValueName) matches too: the engine never knows the format', () => {
    const e = security4657('WS1', {
      SubjectUserName: 'bob', SubjectDomainName: 'WS1', ObjectName: `\\REGISTRY\\USER\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\${CLSID}\\InProcServer32`,
      ObjectValueName: '', OperationType: '%%1905', NewValue: DLL, ProcessId: '0x10a8', ProcessName: 'C:\\Windows\\SysWOW64\\regsvr32.exe',
    }, '2024-05-01T10:00:05.0000000Z');
    const f = seedFindings([e]);
    expect(f).toHaveLength(1);
    expect(f[0]!.process_name).toBe('regsvr32.exe');
    expect(f[0]!.process_guid).toBe('');
    expect(f[0]!.process_start_in_evidence).toBe(false);
  });

  it('Security 4657 without a GUID joins the Security 4688 start of the same PID on the same host, running at the write', () => {
    const start4688 = (pid: string, cmd: string, time: string, rec: number, host = 'WS1') => {
      return normaliseEvent({ ...emptyRawEvent(), EventRecordID: rec, EventID: 4688, Provider: { Name: 'Microsoft-Windows-Security-Auditing', Guid: null, EventSourceName: null }, Channel: 'Security', Computer: host, TimeCreated: time,
        EventData: { SubjectUserName: 'bob', SubjectDomainName: 'WS1', NewProcessId: pid, NewProcessName: 'C:\\Windows\\SysWOW64\\regsvr32.exe', CommandLine: cmd, ProcessId: '0x200', ParentProcessName: 'C:\\Windows\\System32\\wscript.exe' } }, { evidence: 'security.evtx' });
    };
    const write4657 = security4657('WS1', {
      SubjectUserName: 'bob', SubjectDomainName: 'WS1', ObjectName: `\\REGISTRY\\USER\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\${CLSID}\\InProcServer32`,
      ObjectValueName: '', OperationType: '%%1905', NewValue: DLL, ProcessId: '0x10a8', ProcessName: 'C:\\Windows\\SysWOW64\\regsvr32.exe',
    }, '2024-05-01T10:00:05.0000000Z', 9);
    const events = [
      start4688('0x10a8', 'regsvr32 old', '2024-05-01T09:00:00.0000000Z', 1), // same PID, earlier (reused later)
      start4688('0x10a8', 'regsvr32 /s dynwrapx.dll', '2024-05-01T10:00:04.0000000Z', 2),
      start4688('0x10a8', 'regsvr32 on another host', '2024-05-01T10:00:04.5000000Z', 3, 'WS2'),
      write4657,
    ];
    const f = seedFindings(events)[0]!;
    expect(f.process_start_in_evidence).toBe(true);
    expect(f.process_join).toBe('process_id');
    expect(f.process).toBe('regsvr32 /s dynwrapx.dll');
    expect(f.parent_process_name).toBe('wscript.exe');
  });

  it('a key creation (EID 12) or a ThreadingModel value is not the default value', () => {
    const create = sysmon(12, 'WS1', { EventType: 'CreateKey', UtcTime: '2024-05-01 10:00:05.000', ProcessGuid: GUID, ProcessId: '1', Image: 'C:\\x.exe', TargetObject: `HKCR\\CLSID\\${CLSID}\\InProcServer32` });
    expect(seedFindings([create, write(`HKCR\\CLSID\\${CLSID}\\InProcServer32\\ThreadingModel`, { details: 'Apartment' })])).toEqual([]);
  });
});

describe('seed: the join on (dest, process_guid)', () => {
  it('inner-join case: fields from the process start (command line, parent, user)', () => {
    const f = seedFindings([start(), write(`HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`)])[0]!;
    expect(f.process_start_in_evidence).toBe(true);
    expect(f.process).toBe('regsvr32.exe /s C:\\Users\\bob\\AppData\\Roaming\\dynwrapx.dll');
    expect(f.parent_process_name).toBe('wscript.exe');
    expect(f.parent_process).toBe('wscript.exe C:\\Users\\bob\\Downloads\\invoice.js');
    expect(f.user).toBe('bob'); // registry event without User: falls back to the start's; CIM form without domain
    expect(f.user_qualified).toBe('WS1\\bob');
    expect(f.message).toBe('The regsvr32.exe was identified on endpoint WS1 modifying the registry with a known malicious clsid under InProcServer32.');
    expect(f.risk_score).toBe(80);
    expect(f.mitre).toEqual(['T1218.010', 'T1112']);
  });

  it('outer join: no process start in evidence still reports, from the registry event’s own Image/ProcessId', () => {
    const f = seedFindings([write(`HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`, { image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe' })]);
    expect(f).toHaveLength(1);
    expect(f[0]!.process_start_in_evidence).toBe(false);
    expect(f[0]!.process_name).toBe('x.exe');
    expect(f[0]!.process_path).toBe('C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe');
    expect(f[0]!.process_id).toBe(4242);
    expect(f[0]!.process).toBeNull();
    expect(f[0]!.parent_process_name).toBeNull();
    expect(f[0]!.process_guid).toBe(GUID);
  });

  it('the start arriving in a later batch than the write still joins (order-independent)', () => {
    const events = [write(`HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`), start()];
    const f = detect(events, undefined, {}, 1).findings.find((x) => x.rule_id === SEED_RULE_ID)!;
    expect(f.process_start_in_evidence).toBe(true);
    expect(f.parent_process_name).toBe('wscript.exe');
  });

  it('same ProcessGuid on two hosts: each write joins its own host’s start, never the other’s', () => {
    const target = `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`;
    const events = [
      start({ host: 'HOST-A', cmd: 'regsvr32 on A', image: 'C:\\Windows\\System32\\regsvr32.exe' }),
      start({ host: 'HOST-B', cmd: 'rundll32 on B', image: 'C:\\Windows\\System32\\rundll32.exe' }),
      write(target, { host: 'HOST-A', image: 'C:\\Windows\\System32\\regsvr32.exe' }),
      write(target, { host: 'host-b', image: 'C:\\Windows\\System32\\rundll32.exe', rec: 11 }), // host name in another case
      write(target, { host: 'HOST-C', image: 'C:\\Windows\\System32\\mshta.exe', rec: 12 }), // same GUID, no start on C
    ];
    const f = seedFindings(events);
    expect(f).toHaveLength(3);
    const by = Object.fromEntries(f.map((x) => [x.dest, x]));
    expect(by['HOST-A']!.process).toBe('regsvr32 on A');
    expect(by['host-b']!.process).toBe('rundll32 on B');
    expect(by['HOST-C']!.process_start_in_evidence).toBe(false);
    expect(by['HOST-C']!.process).toBeNull();
  });

  it('GUID case does not matter for the join', () => {
    const f = seedFindings([start({ guid: GUID.toLowerCase() }), write(`HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`, { guid: GUID.replace(/[{}]/g, '') })]);
    expect(f[0]!.process_start_in_evidence).toBe(true);
  });
});

describe('seed: the Splunk stats table', () => {
  it('count, firstTime, lastTime by dest, process_name, registry_path, registry_key_name, registry_value_name, user', () => {
    const t1 = `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`;
    const t2 = `HKCR\\CLSID\\${CLSID}\\InProcServer32\\(Default)`;
    const events = [
      start(),
      write(t1, { time: '2024-05-01 10:00:07.000', rec: 12 }),
      write(t1, { time: '2024-05-01 10:00:05.000', rec: 10 }),
      write(t1, { time: '2024-05-01 10:00:06.000', rec: 11 }),
      write(t2, { time: '2024-05-01 10:00:08.000', rec: 13 }),
      write(t1, { time: '2024-05-01 10:01:00.000', rec: 14, user: 'alice' }),
    ];
    const table = splunkTable(detect(events).findings, { ruleId: SEED_RULE_ID });
    // user: the registry events carry none, so the join's start user (WS1\\bob → bob, CIM form) fills it (Splunk would drop the row).
    // registry_key_name: the Splunk Sysmon add-on's form (the key's own name).
    expect(table).toEqual([
      { dest: 'WS1', process_name: 'regsvr32.exe', registry_path: t2, registry_key_name: 'InProcServer32', registry_value_name: '(Default)', user: 'bob', count: 1, firstTime: '2024-05-01T10:00:08.0000000Z', lastTime: '2024-05-01T10:00:08.0000000Z' },
      { dest: 'WS1', process_name: 'regsvr32.exe', registry_path: t1, registry_key_name: 'InProcServer32', registry_value_name: '(Default)', user: 'alice', count: 1, firstTime: '2024-05-01T10:01:00.0000000Z', lastTime: '2024-05-01T10:01:00.0000000Z' },
      { dest: 'WS1', process_name: 'regsvr32.exe', registry_path: t1, registry_key_name: 'InProcServer32', registry_value_name: '(Default)', user: 'bob', count: 3, firstTime: '2024-05-01T10:00:05.0000000Z', lastTime: '2024-05-01T10:00:07.0000000Z' },
    ]);
  });

  it('user like Splunk’s join: the start’s user when the registry event has none; rows merge and split on the displayed user', () => {
    const t = `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`;
    const G2 = '{AAAAAAAA-9999-2222-3333-444444444444}';
    const events = [
      start(), // user WS1\bob
      start({ guid: G2, user: 'WS1\\carol', rec: 2 }),
      write(t, { rec: 10, time: '2024-05-01 10:00:05.000' }), // no User → bob (start)
      write(t, { rec: 11, time: '2024-05-01 10:00:06.000', user: 'WS1\\bob' }), // names bob itself → same row
      write(t, { rec: 12, time: '2024-05-01 10:00:07.000', guid: G2 }), // no User → carol (its own start) → own row
    ];
    const rows = splunkTable(detect(events).findings, { ruleId: SEED_RULE_ID });
    expect(rows.map((r) => [r.user, r.count, r.firstTime, r.lastTime])).toEqual([
      ['bob', 2, '2024-05-01T10:00:05.0000000Z', '2024-05-01T10:00:06.0000000Z'],
      ['carol', 1, '2024-05-01T10:00:07.0000000Z', '2024-05-01T10:00:07.0000000Z'],
    ]);
  });

  it('columns are Splunk’s, in Splunk’s order', () => {
    const [row] = splunkTable(detect([write(`HKCR\\CLSID\\${CLSID}\\InProcServer32\\(Default)`)]).findings, { ruleId: SEED_RULE_ID });
    expect(Object.keys(row!)).toEqual(['dest', 'process_name', 'registry_path', 'registry_key_name', 'registry_value_name', 'user', 'count', 'firstTime', 'lastTime']);
  });
});
