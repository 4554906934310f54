/** CIM views on crafted events of every type the model covers (spellings as Sysmon / Security write them). */
import { describe, expect, it } from 'vitest';
import { emptyRawEvent } from '../../src-main/model/raw-event';
import type { EventValue, RawEvent } from '../../src-main/model/raw-event';
import { normaliseEvent, normaliseKeywords } from '../../src-main/model/normalise';
import { action4663 } from '../../src-main/model/views/filesystem';

function sysmon(id: number, data: Record<string, EventValue>, time = '2019-05-21T00:35:08.1234567Z'): RawEvent {
  const r = emptyRawEvent();
  Object.assign(r, { EventID: id, EventRecordID: 1, TimeCreated: time, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'PC1' });
  r.Provider = { Name: 'Microsoft-Windows-Sysmon', Guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}', EventSourceName: null };
  r.EventData = data;
  return r;
}
function security(id: number, data: Record<string, EventValue>): RawEvent {
  const r = emptyRawEvent();
  Object.assign(r, { EventID: id, EventRecordID: 2, TimeCreated: '2020-01-01T10:00:00.0000000Z', Channel: 'Security', Computer: 'DC1' });
  r.Provider = { Name: 'Microsoft-Windows-Security-Auditing', Guid: null, EventSourceName: null };
  r.EventData = data;
  return r;
}
const view = (r: RawEvent) => normaliseEvent(r, { evidence: 'e' }).view;
const ACTOR = { ProcessGuid: '{365abb72-47bb-5ce3-0000-0010bfa83e00}', ProcessId: '3148', Image: 'C:\\Users\\IEUser\\Downloads\\com-hijack.exe' };

describe('Processes', () => {
  it('Sysmon 1: every CIM field, hashes split, UtcTime as start', () => {
    const v = view(sysmon(1, {
      UtcTime: '2019-05-21 00:35:07.375', ...ACTOR, CommandLine: '"com-hijack.exe" /x', CurrentDirectory: 'C:\\Users\\IEUser\\',
      User: 'IEWIN7\\IEUser', LogonId: '0x1e3b7', IntegrityLevel: 'Medium', OriginalFileName: 'hijack.exe',
      Hashes: 'SHA1=AAAA000000000000000000000000000000000001,MD5=bbbb0000000000000000000000000002,SHA256=CCCC000000000000000000000000000000000000000000000000000000000003,IMPHASH=DDDD0000000000000000000000000004',
      ParentProcessGuid: '365ABB72-3D4A-5CE3-0000-0010FA930100', ParentProcessId: '2852', ParentImage: 'C:\\Windows\\explorer.exe', ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
    }));
    expect(v).toEqual({
      kind: 'process', action: 'start', dest: 'PC1', user: 'IEWIN7\\IEUser',
      process_guid: '{365ABB72-47BB-5CE3-0000-0010BFA83E00}', process_id: 3148, process_name: 'com-hijack.exe', process_path: ACTOR.Image,
      process: '"com-hijack.exe" /x', parent_process_guid: '{365ABB72-3D4A-5CE3-0000-0010FA930100}', parent_process_id: 2852,
      parent_process_name: 'explorer.exe', parent_process_path: 'C:\\Windows\\explorer.exe', parent_process: 'C:\\Windows\\Explorer.EXE',
      integrity_level: 'Medium', process_current_directory: 'C:\\Users\\IEUser\\', original_file_name: 'hijack.exe', logon_id: '0x1e3b7',
      process_hash: expect.stringMatching(/^SHA1=/), md5: 'BBBB0000000000000000000000000002', sha1: 'AAAA000000000000000000000000000000000001',
      sha256: 'CCCC000000000000000000000000000000000000000000000000000000000003', imphash: 'DDDD0000000000000000000000000004',
      start_time: '2019-05-21T00:35:07.3750000Z', end_time: null,
    });
  });

  it('Sysmon 5 ends a process; Security 4688 (hex ids, mandatory label, target user) and 4689', () => {
    expect(view(sysmon(5, { UtcTime: '2019-05-21 00:40:00.000', ...ACTOR }))).toMatchObject({ action: 'stop', end_time: '2019-05-21T00:40:00.0000000Z', start_time: null, process_id: 3148 });
    expect(view(security(4688, {
      SubjectUserName: 'DC1$', SubjectDomainName: 'CORP', SubjectLogonId: '0x3e7', NewProcessId: '0x1a2c', NewProcessName: 'C:\\Windows\\System32\\whoami.exe',
      TokenElevationType: '%%1936', ProcessId: '0x1090', CommandLine: 'whoami /all', TargetUserName: 'alice', TargetDomainName: 'CORP',
      TargetLogonId: '0x5a5a', ParentProcessName: 'C:\\Windows\\System32\\cmd.exe', MandatoryLabel: 'S-1-16-12288',
    }))).toMatchObject({
      action: 'start', dest: 'DC1', user: 'CORP\\alice', process_guid: null, process_id: 0x1a2c, process_name: 'whoami.exe', process: 'whoami /all',
      parent_process_id: 0x1090, parent_process_name: 'cmd.exe', integrity_level: 'High', logon_id: '0x5a5a', start_time: '2020-01-01T10:00:00.0000000Z',
    });
    // 4688 version 0/1: no Target* fields, the user is the subject; "-" placeholders are empty
    expect(view(security(4688, { SubjectUserName: 'bob', SubjectDomainName: 'CORP', NewProcessId: '0x10', NewProcessName: 'C:\\a.exe', TargetUserName: '-', CommandLine: '' })))
      .toMatchObject({ user: 'CORP\\bob', process: null, integrity_level: null });
    expect(view(security(4689, { SubjectUserName: 'bob', SubjectDomainName: 'CORP', ProcessId: '0x10', ProcessName: 'C:\\a.exe', Status: '0x0' })))
      .toMatchObject({ kind: 'process', action: 'stop', process_id: 16, process_name: 'a.exe', user: 'CORP\\bob', end_time: '2020-01-01T10:00:00.0000000Z' });
  });
});

describe('Registry', () => {
  it('Sysmon 12 CreateKey / DeleteKey name a key; DeleteValue and 13 name a value', () => {
    const key = 'HKU\\S-1-5-21-1-2-3-1000_Classes\\CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\InprocServer32';
    expect(view(sysmon(12, { EventType: 'CreateKey', ...ACTOR, TargetObject: key }))).toMatchObject({ action: 'created', registry_key_name: key, registry_value_name: null, registry_path: key, registry_value_data: null });
    expect(view(sysmon(12, { EventType: 'DeleteKey', ...ACTOR, TargetObject: key }))).toMatchObject({ action: 'deleted', registry_value_name: null });
    expect(view(sysmon(12, { EventType: 'DeleteValue', ...ACTOR, TargetObject: `${key}\\ThreadingModel` }))).toMatchObject({ action: 'deleted', registry_key_name: key, registry_value_name: 'ThreadingModel' });
    expect(view(sysmon(13, { EventType: 'SetValue', ...ACTOR, TargetObject: `${key}\\(Default)`, Details: 'C:\\ProgramData\\demo.dll' }))).toMatchObject({
      action: 'modified', registry_key_name: key, registry_value_name: '(Default)', registry_value_is_default: true, registry_value_data: 'C:\\ProgramData\\demo.dll',
      registry_path_canonical: 'HKCU\\SOFTWARE\\CLASSES\\CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\INPROCSERVER32\\(Default)',
      registry_classes_relative: 'CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\INPROCSERVER32', registry_scope: 'user', registry_user_sid: 'S-1-5-21-1-2-3-1000',
    });
  });

  it('Sysmon 14 renames a key', () => {
    expect(view(sysmon(14, { EventType: 'RenameKey', ...ACTOR, TargetObject: 'HKLM\\SOFTWARE\\a', NewName: 'HKLM\\SOFTWARE\\b' })))
      .toMatchObject({ action: 'renamed', registry_key_name: 'HKLM\\SOFTWARE\\a', registry_new_name: 'HKLM\\SOFTWARE\\b', registry_scope: 'machine' });
  });

  it('Security 4657 on \\REGISTRY\\ paths, the default value written as an empty name', () => {
    const v = view(security(4657, {
      SubjectUserName: 'alice', SubjectDomainName: 'CORP', ObjectName: '\\REGISTRY\\USER\\S-1-5-21-1-2-3-1000_Classes\\CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\InprocServer32',
      ObjectValueName: '', OperationType: '%%1905', NewValueType: '%%1873', NewValue: 'C:\\Users\\Public\\x.dll', ProcessId: '0xf00', ProcessName: 'C:\\Windows\\System32\\reg.exe',
    }));
    expect(v).toMatchObject({
      action: 'modified', user: 'CORP\\alice', process_id: 0xf00, process_name: 'reg.exe', registry_value_name: '', registry_value_is_default: true,
      registry_path: '\\REGISTRY\\USER\\S-1-5-21-1-2-3-1000_Classes\\CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\InprocServer32\\(Default)',
      registry_path_canonical: 'HKCU\\SOFTWARE\\CLASSES\\CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\INPROCSERVER32\\(Default)',
      registry_value_data: 'C:\\Users\\Public\\x.dll', registry_value_type: '%%1873',
    });
    expect(view(security(4657, { ObjectName: '\\REGISTRY\\MACHINE\\SOFTWARE\\x', ObjectValueName: 'v', OperationType: '%%1904' }))).toMatchObject({ action: 'created', registry_key_canonical: 'HKLM\\SOFTWARE\\X' });
    expect(view(security(4657, { ObjectName: '\\REGISTRY\\MACHINE\\SOFTWARE\\x', ObjectValueName: 'v', OperationType: '%%1906' }))).toMatchObject({ action: 'deleted' });
  });
});

describe('Filesystem, image loads, network', () => {
  it('Sysmon 11, 15, 23, 26, 29', () => {
    const f = { ...ACTOR, TargetFilename: 'C:\\ProgramData\\demo.dll' };
    expect(view(sysmon(11, { ...f, CreationUtcTime: '2019-05-21 00:35:06.000' }))).toMatchObject({ kind: 'filesystem', action: 'created', file_name: 'demo.dll', file_create_time: '2019-05-21T00:35:06.0000000Z' });
    expect(view(sysmon(15, { ...f, Hash: 'SHA256=' + 'A'.repeat(64) }))).toMatchObject({ action: 'stream_created', sha256: 'A'.repeat(64) });
    expect(view(sysmon(23, { ...f, Hashes: 'MD5=' + 'b'.repeat(32), IsExecutable: 'true' }))).toMatchObject({ action: 'deleted', md5: 'B'.repeat(32) });
    expect(view(sysmon(26, f))).toMatchObject({ action: 'deleted' });
    expect(view(sysmon(29, { ...f, Hashes: 'SHA1=' + 'c'.repeat(40) }))).toMatchObject({ action: 'executable_detected', sha1: 'C'.repeat(40) });
  });

  it('Security 4663 on files by access mask; not on registry keys', () => {
    const base = { ObjectType: 'File', ObjectName: 'C:\\x\\y.txt', ProcessId: '0x4', ProcessName: 'C:\\w.exe', SubjectUserName: 'a', SubjectDomainName: 'D' };
    expect(view(security(4663, { ...base, AccessMask: '0x10000' }))).toMatchObject({ kind: 'filesystem', action: 'deleted', file_name: 'y.txt', process_id: 4 });
    expect(view(security(4663, { ...base, AccessMask: '0x2' }))).toMatchObject({ action: 'modified' });
    expect(view(security(4663, { ...base, AccessMask: '0x1' }))).toMatchObject({ action: 'read' });
    expect(view(security(4663, { ...base, ObjectType: 'Key', AccessMask: '0x2' }))).toBeNull();
    expect([action4663(null), action4663(0x4), action4663(0x80000)]).toEqual(['read', 'modified', 'modified']);
  });

  it('Sysmon 7, 3, 22', () => {
    expect(view(sysmon(7, { ...ACTOR, ImageLoaded: 'C:\\ProgramData\\demo.dll', Signed: 'false', Signature: '-', SignatureStatus: 'Unavailable' })))
      .toMatchObject({ kind: 'image_load', file_path: 'C:\\ProgramData\\demo.dll', file_name: 'demo.dll', signed: false, signature: null, process_name: 'com-hijack.exe' });
    expect(view(sysmon(3, { ...ACTOR, Protocol: 'tcp', Initiated: 'true', SourceIp: '10.0.0.5', SourcePort: '50000', DestinationIp: '1.2.3.4', DestinationPort: '443', DestinationHostname: 'x.example' })))
      .toMatchObject({ kind: 'network', direction: 'outbound', transport: 'tcp', src_port: 50000, dest_ip: '1.2.3.4', dest_port: 443, dest_hostname: 'x.example', dest: 'PC1' });
    expect(view(sysmon(3, { ...ACTOR, Initiated: 'false' }))).toMatchObject({ direction: 'inbound' });
    expect(view(sysmon(22, { ...ACTOR, QueryName: 'x.example', QueryStatus: '0', QueryResults: '::ffff:1.2.3.4;' })))
      .toMatchObject({ kind: 'dns', query: 'x.example', answer: '::ffff:1.2.3.4;', reply_code_id: '0' });
  });

  it('events of other providers with the same ids get no view', () => {
    const r = sysmon(13, { TargetObject: 'HKLM\\x\\y' });
    r.Provider.Name = 'Some-Other-Provider';
    r.Channel = 'Application';
    expect(view(r)).toBeNull();
  });
});

describe('view shapes', () => {
  const ACTOR_KEYS = ['dest', 'user', 'process_guid', 'process_id', 'process_name', 'process_path'];
  const HASH_KEYS = ['md5', 'sha1', 'sha256', 'imphash'];
  const PROCESS_KEYS = ['kind', 'action', ...ACTOR_KEYS, 'process', 'parent_process_guid', 'parent_process_id', 'parent_process_name', 'parent_process_path',
    'parent_process', 'integrity_level', 'process_current_directory', 'original_file_name', 'logon_id', 'process_hash', ...HASH_KEYS, 'start_time', 'end_time'];
  const REGISTRY_KEYS = ['kind', 'action', ...ACTOR_KEYS, 'registry_path', 'registry_key_name', 'registry_value_name', 'registry_value_data', 'registry_value_type',
    'registry_new_name', 'registry_key_canonical', 'registry_path_canonical', 'registry_value_is_default', 'registry_scope', 'registry_user_sid', 'registry_wow64',
    'registry_classes_relative'];
  const FILE_KEYS = ['kind', 'action', ...ACTOR_KEYS, 'file_path', 'file_name', 'file_hash', ...HASH_KEYS, 'file_create_time'];
  it('every view keeps its keys in the same order, whichever event built it (outputs serialise them in this order)', () => {
    const keys = (r: RawEvent) => Object.keys(view(r) ?? {});
    expect(keys(sysmon(1, { ...ACTOR, CommandLine: 'x', Hashes: 'MD5=00' }))).toEqual(PROCESS_KEYS);
    expect(keys(sysmon(5, ACTOR))).toEqual(PROCESS_KEYS);
    expect(keys(security(4688, { NewProcessName: 'C:\\a.exe', NewProcessId: '0x10' }))).toEqual(PROCESS_KEYS);
    expect(keys(security(4689, { ProcessName: 'C:\\a.exe' }))).toEqual(PROCESS_KEYS);
    for (const id of [12, 13, 14]) expect(keys(sysmon(id, { ...ACTOR, TargetObject: 'HKLM\\SOFTWARE\\x', EventType: 'SetValue' }))).toEqual(REGISTRY_KEYS);
    expect(keys(security(4657, { ObjectName: '\\REGISTRY\\MACHINE\\SOFTWARE\\x', ObjectValueName: 'v' }))).toEqual(REGISTRY_KEYS);
    for (const id of [11, 15, 23, 26, 29]) expect(keys(sysmon(id, { ...ACTOR, TargetFilename: 'C:\\f.txt' }))).toEqual(FILE_KEYS);
    expect(keys(security(4663, { ObjectType: 'File', ObjectName: 'C:\\f.txt', AccessMask: '0x2' }))).toEqual(FILE_KEYS);
    expect(keys(sysmon(7, { ...ACTOR, ImageLoaded: 'C:\\x.dll' }))).toEqual(['kind', ...ACTOR_KEYS, 'file_path', 'file_name', 'file_hash', ...HASH_KEYS,
      'original_file_name', 'signed', 'signature', 'signature_status']);
    expect(keys(sysmon(3, ACTOR))).toEqual(['kind', ...ACTOR_KEYS, 'direction', 'transport', 'src_ip', 'src_port', 'src_hostname', 'dest_ip', 'dest_port', 'dest_hostname']);
    expect(keys(sysmon(22, ACTOR))).toEqual(['kind', ...ACTOR_KEYS, 'query', 'answer', 'reply_code_id']);
  });
  it('a 4657 OperationType naming an Object.prototype member is an unknown operation (modified), not that member', () => {
    for (const op of ['constructor', 'toString', '__proto__', ' hasOwnProperty ']) {
      expect((view(security(4657, { ObjectName: 'HKLM\\x', OperationType: op })) as { action: unknown }).action, op).toBe('modified');
    }
  });
  it('the source (Sysmon, Security, other) follows each event when providers and channels alternate', () => {
    // the last provider/channel pair is remembered: interleaved events must still each get their own
    const other = () => { const r = sysmon(13, { TargetObject: 'HKLM\\x\\y' }); r.Provider.Name = 'Some-Other-Provider'; r.Channel = 'Application'; return r; };
    const secChannelOnly = () => { const r = security(4657, { ObjectName: 'HKLM\\x' }); r.Provider.Name = null; return r; };
    const long = () => { const r = sysmon(13, { TargetObject: 'HKLM\\x\\y' }); r.Provider.Name = 'Microsoft-Windows-Sysmon'; r.Channel = 'x'.repeat(300); return r; };
    const seq: Array<[() => RawEvent, string | null]> = [[() => sysmon(13, { TargetObject: 'HKLM\\x\\y' }), 'registry'], [other, null], [secChannelOnly, 'registry'],
      [long, 'registry'], [other, null], [long, 'registry'], [() => security(4657, { ObjectName: 'HKLM\\x' }), 'registry'], [other, null]];
    for (let k = 0; k < 3; k++) for (const [make, kind] of seq) expect(view(make())?.kind ?? null).toBe(kind);
  });
});

describe('System fields and time', () => {
  it('keywords as hex from hex or signed decimal; UserData flattened', () => {
    expect([normaliseKeywords('0x8000000000000000'), normaliseKeywords('-9223372036854775808'), normaliseKeywords('0X8020000000000000'), normaliseKeywords(null)])
      .toEqual(['0x8000000000000000', '0x8000000000000000', '0x8020000000000000', null]);
    // Canonical hex is returned as it is; a leading space takes the general path: both agree.
    for (const k of ['0x0', '0x00', '0x1', '0x01', '0xabc', '0xABC', '0x8000000000000000', '0x18000000000000000', '0x', '0xg', '12', '-1', 'x']) {
      expect(normaliseKeywords(k), k).toBe(normaliseKeywords(` ${k}`));
    }
    const hostile = emptyRawEvent();
    hostile.EventData = JSON.parse('{"__proto__": {"Image": "C:\\\\evil.exe"}, "CommandLine": "x"}') as Record<string, EventValue>;
    const n = normaliseEvent(hostile, { evidence: 'e' });
    expect(Object.getPrototypeOf(n.data)).toBe(Object.prototype);
    expect(Object.keys(n.data)).toEqual(['__proto__', 'CommandLine']);
    expect((n.data as Record<string, unknown>)['Image']).toBeUndefined();
    const r = emptyRawEvent();
    r.UserData = { LogFileCleared: { SubjectUserName: 'admin', SubjectLogonId: 12 } };
    expect(normaliseEvent(r, { evidence: 'e' })).toMatchObject({ data: { SubjectUserName: 'admin', SubjectLogonId: '12' }, time: null, time_source: 'none', time_ms: null });
  });

  it('UserData: the root\'s attributes are not fields, an empty root has none, whichever reader wrote it', () => {
    const fields = (u: Record<string, EventValue>) => { const r = emptyRawEvent(); r.UserData = u; return normaliseEvent(r, { evidence: 'e' }).data; };
    const ns = { xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' };
    // EVTX (evtx_dump's shape) / Event XML / JSON of <ServiceShutdown xmlns="…"/>
    expect([fields({ ServiceShutdown: { '#attributes': ns } }), fields({ ServiceShutdown: '' }), fields({ ServiceShutdown: null })]).toEqual([{}, {}, {}]);
    expect(fields({ LogFileCleared: { '#attributes': ns, SubjectUserName: 'admin', Param: [{ '#attributes': { n: '1' }, x: 'y' }] } }))
      .toEqual({ SubjectUserName: 'admin', Param: [{ x: 'y' }] });
  });

  it('an empty XML <Data/> and a JSON null or number give the same fields', () => {
    const a = normaliseEvent(sysmon(1, { Description: '', ProcessId: '3148', ProcessGuid: '{365abb72-47bb-5ce3-0000-0010bfa83e00}' }), { evidence: 'e' });
    const b = normaliseEvent(sysmon(1, { Description: null, ProcessId: 3148, ProcessGuid: '365ABB72-47BB-5CE3-0000-0010BFA83E00' }), { evidence: 'e' });
    expect(b.data).toEqual(a.data);
    expect(a.data).toEqual({ Description: '', ProcessId: '3148', ProcessGuid: '{365ABB72-47BB-5CE3-0000-0010BFA83E00}' });
  });

  it('UtcTime wins for ordering; a Sysmon event without UtcTime uses TimeCreated', () => {
    const a = normaliseEvent(sysmon(1, { UtcTime: '2019-05-21 00:35:07.375' }, '2019-05-21T00:35:09.0000000Z'), { evidence: 'e' });
    expect(a).toMatchObject({ time: '2019-05-21T00:35:07.3750000Z', time_ms: Date.UTC(2019, 4, 21, 0, 35, 7, 375), time_source: 'UtcTime', time_created: '2019-05-21T00:35:09.0000000Z' });
    const b = normaliseEvent(sysmon(1, { UtcTime: 'garbage' }), { evidence: 'e' });
    // kept to the microsecond: the 100 ns digit is not carried by every source format
    expect(b).toMatchObject({ time_source: 'TimeCreated', utc_time: null, time: '2019-05-21T00:35:08.1234560Z' });
  });
});

describe('registry_path_canonical', () => {
  it('upper-cases named values and spells every default value (Default)', () => {
    const ev = (target: string) => view(sysmon(13, { EventType: 'SetValue', TargetObject: target, Details: 'x' })) as { registry_path_canonical: string };
    expect(ev('HKCR\\WOW6432Node\\CLSID\\{17C7DA62-8517-3DF1-A67C-BD4BCD2C5C3F}\\InprocServer32\\ThreadingModel').registry_path_canonical)
      .toBe('HKLM\\SOFTWARE\\CLASSES\\CLSID\\{17C7DA62-8517-3DF1-A67C-BD4BCD2C5C3F}\\INPROCSERVER32\\THREADINGMODEL');
    expect(ev('HKCU\\Software\\Classes\\CLSID\\{X}\\InprocServer32\\(default)').registry_path_canonical)
      .toBe(ev('HKU\\S-1-5-21-1_Classes\\CLSID\\{x}\\InProcServer32\\(Default)').registry_path_canonical);
  });
});
