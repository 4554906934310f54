/**
 * Winlogbeat's Sysmon module undone: documents shaped as the module writes them (elastic/beats
 * winlogbeat-sysmon.js: renamed fields gone from `winlog.event_data`), read back with Sysmon's
 * own field names, per event id. Without `message` unless a test says so.
 */
import { describe, expect, it } from 'vitest';
import { readJsonEvents } from '../../../../src-main/ingest/json/index';
import type { RawEvent } from '../../../../src-main/model/raw-event';

function sysmonDoc(eventId: number, eventData: Record<string, unknown>, ecs: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@timestamp': '2024-02-13T06:56:24.223Z',
    host: { name: 's003' },
    log: { level: 'information' },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', computer_name: 's.domain.local',
      event_id: String(eventId), record_id: 633889, api: 'wineventlog', task: 'Task name', opcode: 'Info', event_data: eventData,
    },
    event: { module: 'sysmon', code: String(eventId) },
    ...ecs,
    ...extra,
  };
}

function read(doc: Record<string, unknown>): RawEvent {
  const r = readJsonEvents(JSON.stringify(doc) + '\n');
  expect(r.issues).toEqual([]);
  return r.events[0]!.event;
}

describe('Winlogbeat Sysmon module: renamed fields back under their names', () => {
  it('process create: process.*, parent, original file name, user and hashes', () => {
    const e = read(sysmonDoc(1, { LogonId: '0x3e7', IntegrityLevel: 'System', Company: 'Microsoft' }, {
      process: {
        entity_id: '{3400037D-7178-65C6-1D00-000000000B00}', pid: 1336, executable: 'C:\\Windows\\System32\\cmd.exe', command_line: 'cmd.exe /c whoami',
        working_directory: 'C:\\Windows\\system32\\', pe: { original_file_name: 'Cmd.Exe', company: 'Microsoft' },
        parent: { entity_id: '{3400037D-716C-65C6-0B00-000000000B00}', pid: 696, executable: 'C:\\Windows\\PSEXESVC.exe', command_line: 'PSEXESVC.exe' },
        hash: { sha1: 'ce8e487cb76704fe5fbb821a78a1e969efbe71f9', md5: 'a27a24553b2c36e139647f88df738e1f' }, },
      user: { domain: 'NT AUTHORITY', name: 'SYSTEM' },
      rule: { name: 'technique_id=T1059' },
    }));
    expect(e.EventData).toEqual({
      LogonId: '0x3e7', IntegrityLevel: 'System', Company: 'Microsoft',
      ProcessGuid: '{3400037D-7178-65C6-1D00-000000000B00}', ProcessId: '1336', Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c whoami',
      CurrentDirectory: 'C:\\Windows\\system32\\', ParentProcessGuid: '{3400037D-716C-65C6-0B00-000000000B00}', ParentProcessId: '696',
      ParentImage: 'C:\\Windows\\PSEXESVC.exe', ParentCommandLine: 'PSEXESVC.exe', OriginalFileName: 'Cmd.Exe',
      UtcTime: '2024-02-13 06:56:24.223', RuleName: 'technique_id=T1059', User: 'NT AUTHORITY\\SYSTEM',
      Hashes: 'SHA1=CE8E487CB76704FE5FBB821A78A1E969EFBE71F9,MD5=A27A24553B2C36E139647F88DF738E1F',
    });
  });

  it('process access (10): process.* are the source process, never an Image the event does not have', () => {
    const e = read(sysmonDoc(10, { TargetImage: 'C:\\Windows\\system32\\lsass.exe', GrantedAccess: '0x1010', CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9c584' }, {
      process: { entity_id: '{94F748D5-5A64-5966-0000-0010B59A0000}', pid: 780, thread: { id: 9540 }, executable: 'C:\\Windows\\system32\\svchost.exe' },
    }));
    expect(e.EventData).toMatchObject({ SourceProcessGUID: '{94F748D5-5A64-5966-0000-0010B59A0000}', SourceProcessId: '780', SourceThreadId: '9540', SourceImage: 'C:\\Windows\\system32\\svchost.exe' });
    expect(e.EventData).not.toHaveProperty('Image');
    expect(e.EventData).not.toHaveProperty('ProcessGuid');
  });

  it('image load (7) and driver load (6): file.path is ImageLoaded, file.hash.* the Hashes, never a TargetFilename', () => {
    const seven = read(sysmonDoc(7, { Signed: 'true', Signature: 'Microsoft Windows' }, {
      process: { entity_id: '{A}', pid: 4, executable: 'C:\\a.exe' }, file: { path: 'C:\\Windows\\System32\\x.dll', pe: { original_file_name: 'x.dll', imphash: 'f34d5f2d4577ed6d9ceec516c1f5a744' }, hash: { sha256: '00ab' } },
    }));
    expect(seven.EventData).toMatchObject({ ImageLoaded: 'C:\\Windows\\System32\\x.dll', OriginalFileName: 'x.dll', Image: 'C:\\a.exe', Hashes: 'SHA256=00AB,IMPHASH=F34D5F2D4577ED6D9CEEC516C1F5A744' });
    expect(seven.EventData).not.toHaveProperty('TargetFilename');
    const six = read(sysmonDoc(6, {}, { file: { path: 'C:\\d.sys', hash: { md5: 'ab' } } }));
    expect(six.EventData).toEqual({ ImageLoaded: 'C:\\d.sys', Hashes: 'MD5=AB', UtcTime: '2024-02-13 06:56:24.223' });
  });

  it('network connection (3): ports back to text, direction and address family back to Sysmon flags', () => {
    const e = read(sysmonDoc(3, {}, {
      process: { entity_id: '{A}', pid: 4, executable: 'C:\\Windows\\System32\\regsvr32.exe' }, user: { domain: 'D', name: 'u' },
      network: { transport: 'tcp', direction: 'egress', type: 'ipv4', protocol: 'https' },
      source: { ip: '10.0.0.5', port: 50_123, domain: 'ws.corp' }, destination: { ip: '93.184.216.34', port: 443 },
    }));
    expect(e.EventData).toMatchObject({
      Protocol: 'tcp', Initiated: 'true', SourceIsIpv6: 'false', DestinationIsIpv6: 'false', SourceIp: '10.0.0.5', SourcePort: '50123', SourceHostname: 'ws.corp',
      DestinationIp: '93.184.216.34', DestinationPort: '443', DestinationPortName: 'https', User: 'D\\u', Image: 'C:\\Windows\\System32\\regsvr32.exe',
    });
  });

  it('pipes (17), WMI consumer (20), raw access (9), file delete (23): each its own field behind the ECS name', () => {
    expect(read(sysmonDoc(17, {}, { file: { name: '\\PSEXESVC' } })).EventData).toMatchObject({ PipeName: '\\PSEXESVC' });
    expect(read(sysmonDoc(20, { Type: 'Command Line' }, { process: { executable: 'powershell -enc AAAA' } })).EventData).toMatchObject({ Destination: 'powershell -enc AAAA' });
    expect(read(sysmonDoc(20, {}, { process: { executable: 'x' } })).EventData).not.toHaveProperty('Image');
    expect(read(sysmonDoc(9, {}, { file: { path: '\\Device\\HarddiskVolume2' } })).EventData).toMatchObject({ Device: '\\Device\\HarddiskVolume2' });
    expect(read(sysmonDoc(23, {}, { file: { path: 'C:\\x.exe' }, sysmon: { file: { archived: true, is_executable: false } } })).EventData)
      .toMatchObject({ TargetFilename: 'C:\\x.exe', Archived: 'true', IsExecutable: 'false' });
  });

  it('DNS query (22): the status name back to its code, the answers to Sysmon\'s QueryResults layout', () => {
    const e = read(sysmonDoc(22, {}, {
      dns: { question: { name: 'example.org' }, answers: [{ type: 'CNAME', data: 'cdn.example.net' }, { type: 'A', data: '93.184.216.34' }] },
      sysmon: { dns: { status: 'SUCCESS' } },
    }));
    expect(e.EventData).toMatchObject({ QueryName: 'example.org', QueryStatus: '0', QueryResults: 'type:  5 cdn.example.net;::ffff:93.184.216.34;' });
  });

  it('names from the document that are Object.prototype\'s own (constructor, __proto__) are values like any other', () => {
    const e = read(sysmonDoc(22, {}, { dns: { question: { name: 'x' }, answers: [{ type: 'constructor', data: 'y' }] }, sysmon: { dns: { status: 'constructor' } } }));
    expect(e.EventData).toMatchObject({ QueryStatus: 'constructor', QueryResults: 'type:  0 y;' });
  });

  it('values still in event_data win, then the ECS fields, then the message (for what the document does not hold)', () => {
    const message = 'Process Create:\nRuleName: -\nUtcTime: 2024-02-13 06:56:24.223\nHashes: MD5=A27A24553B2C36E139647F88DF738E1F,SHA1=CE8E\n'
      + 'CommandLine: first line\nLogonId: 0x3e7';
    const e = read(sysmonDoc(1, { Image: 'C:\\as-written.exe' }, {
      process: { executable: 'C:\\other.exe', command_line: 'first line\nsecond line', hash: { md5: 'a27a24553b2c36e139647f88df738e1f', sha1: 'ce8e' } },
    }, { message }));
    expect(e.EventData).toMatchObject({
      Image: 'C:\\as-written.exe', CommandLine: 'first line\nsecond line', // the ECS value is exact, the message's is cut at the newline
      Hashes: 'SHA1=CE8E,MD5=A27A24553B2C36E139647F88DF738E1F', // from the ECS hashes, in Sysmon's order
      RuleName: '-', LogonId: '0x3e7', // only the message has them
    });
  });

  it('a command line that holds a `User: …` line never poses as the user the document names', () => {
    const commandLine = 'cmd.exe /c echo\nUser: NT AUTHORITY\\SYSTEM';
    const message = `Process Create:\nRuleName: -\nImage: C:\\Windows\\System32\\cmd.exe\nCommandLine: ${commandLine}\nUser: CORP\\alice`;
    const e = read(sysmonDoc(1, {}, { process: { executable: 'C:\\Windows\\System32\\cmd.exe', command_line: commandLine }, user: { domain: 'CORP', name: 'alice' } }, { message }));
    expect(e.EventData).toMatchObject({ User: 'CORP\\alice', CommandLine: commandLine });
  });

  it('a Winlogbeat document of another provider is left as it is', () => {
    const e = read({ '@timestamp': '2024-02-13T06:56:24.223Z', winlog: { channel: 'Security', provider_name: 'Microsoft-Windows-Security-Auditing', event_id: 4688, event_data: { NewProcessName: 'C:\\x.exe' } }, process: { executable: 'C:\\x.exe' } });
    expect(e.EventData).toEqual({ NewProcessName: 'C:\\x.exe' });
  });
});

describe('Winlogbeat: level, keywords and the record\'s time', () => {
  it('log.level and the audit keywords back to Level and Keywords; information with an audit keyword is LogAlways (0)', () => {
    const base = { '@timestamp': '2024-02-13T06:56:24.223Z', winlog: { channel: 'Security', event_id: 4625, keywords: ['Audit Failure'] }, log: { level: 'information' } };
    const audit = read(base);
    expect([audit.Level, audit.Keywords]).toEqual([0, '0x8010000000000000']);
    const sysmon = read(sysmonDoc(1, {}, {}));
    expect([sysmon.Level, sysmon.Keywords]).toEqual([4, null]);
    expect(read({ ...base, winlog: { channel: 'Application', event_id: 1000 }, log: { level: 'error' } }).Level).toBe(2);
  });

  it('TimeCreated is winlog.time_created when present (the Sysmon module puts UtcTime in @timestamp)', () => {
    const e = read(sysmonDoc(11, {}, {}, { winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', event_id: '11', time_created: '2024-02-13T06:56:25.734Z' } }));
    expect(e.TimeCreated).toBe('2024-02-13T06:56:25.7340000Z');
    expect(e.EventData).toMatchObject({ UtcTime: '2024-02-13 06:56:24.223' });
  });
});
