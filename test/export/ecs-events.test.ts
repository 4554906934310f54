import { describe, expect, it } from 'vitest';
import { ecsEvent } from '../../src-main/export/ecs-events';
import { registryData } from '../../src-main/export/ecs-views';
import { ecsProblems } from './ecs-names';
import { eventFromXml, hostileEvent, SAMPLE_XML, sampleEvents } from './sample-events';

type Doc = Record<string, any>;
const ecs = (name: keyof typeof SAMPLE_XML): Doc => JSON.parse(JSON.stringify(ecsEvent(eventFromXml(SAMPLE_XML[name]!))));

describe('ecsEvent', () => {
  it('uses only ECS names (or winlog.* / labels.*) and ECS allowed values, for every sample and a hostile event', () => {
    for (const ev of [...sampleEvents(), hostileEvent()]) expect(ecsProblems(JSON.parse(JSON.stringify(ecsEvent(ev))))).toEqual([]);
  });

  it('maps a Sysmon process start as Winlogbeat does', () => {
    const d = ecs('processStart');
    expect(d['@timestamp']).toBe('2024-03-01T10:00:00.1230000Z');
    expect(d.event).toMatchObject({ kind: 'event', code: '1', provider: 'Microsoft-Windows-Sysmon', module: 'sysmon', category: ['process'], type: ['start'] });
    expect(d.host.name).toBe('WS-01.corp.example');
    expect(d.winlog).toMatchObject({ channel: 'Microsoft-Windows-Sysmon/Operational', record_id: '101', event_id: '1', computer_name: 'WS-01.corp.example', provider_name: 'Microsoft-Windows-Sysmon' });
    expect(d.winlog.event_data.CommandLine).toBe('evil.exe -q & whoami');
    expect(d.process).toMatchObject({
      entity_id: '{11111111-2222-3333-4444-555555555555}', pid: 4242, executable: 'C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe', name: 'evil.exe',
      command_line: 'evil.exe -q & whoami', working_directory: 'C:\\Users\\bob\\',
      parent: { entity_id: '{11111111-2222-3333-4444-000000000000}', pid: 1000, executable: 'C:\\Windows\\explorer.exe', name: 'explorer.exe', command_line: 'C:\\Windows\\explorer.exe' },
      hash: { md5: '0123456789abcdef0123456789abcdef', sha256: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' },
      pe: { imphash: 'fedcba9876543210fedcba9876543210', original_file_name: 'evil.exe' },
    });
    expect(d.user).toEqual({ name: 'bob', domain: 'CORP' });
  });

  it('maps network events to source/destination, leaving a malformed address in event_data only', () => {
    const d = ecs('network');
    expect(d.source).toEqual({ ip: '10.0.0.5', port: 50123, domain: 'WS-01' });
    expect(d.destination).toEqual({ port: 443, domain: 'c2.example' });
    expect(d.winlog.event_data.DestinationIp).toBe('not-an-ip');
    expect(d.network).toEqual({ direction: 'outbound', transport: 'tcp' });
  });

  it('maps registry writes to registry.path/hive/key/value/data', () => {
    const d = ecs('registry');
    expect(d.registry).toEqual({
      path: 'HKU\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\{89565275-A714-4a43-912E-978B935EDCCC}\\InProcServer32\\(Default)',
      hive: 'HKU', key: 'S-1-5-21-1-2-3-1001_Classes\\CLSID\\{89565275-A714-4a43-912E-978B935EDCCC}\\InProcServer32', value: '(Default)',
      data: { type: 'REG_SZ', strings: ['C:\\Users\\bob\\dynwrapx.dll'] },
    });
    expect(d.event.category).toEqual(['configuration', 'registry']);
    const w = ecs('registryDword');
    expect(w.registry).toMatchObject({ hive: 'HKLM', value: 'DisableAntiSpyware', data: { type: 'REG_DWORD', strings: ['1'] } });
  });

  it('maps image loads and file creations to file.*', () => {
    const d = ecs('imageLoad');
    expect(d.event).toMatchObject({ category: ['process'], type: ['change'], code: '7' });
    expect(d.file).toMatchObject({ path: 'C:\\Users\\bob\\dynwrapx.dll', name: 'dynwrapx.dll', code_signature: { exists: false, status: 'Unavailable' }, hash: { sha1: '0123456789abcdef0123456789abcdef01234567' } });
    expect(d.process.executable).toBe('C:\\Windows\\System32\\rundll32.exe');
    const f = ecs('fileCreate');
    expect(f.event).toMatchObject({ category: ['file'], type: ['creation'] });
    expect(f.file).toEqual({ path: 'C:\\Users\\bob\\dynwrapx.dll', name: 'dynwrapx.dll', created: '2024-03-01T10:00:08.0000000Z' });
  });

  it('maps DNS queries and Security logons', () => {
    const d = ecs('dns');
    expect(d.dns).toEqual({ question: { name: 'c2.example' }, resolved_ip: ['93.184.216.34'] });
    const l = ecs('logon');
    expect(l.event).toMatchObject({ module: 'security', category: ['authentication'], type: ['start'], outcome: 'success', code: '4624' });
    expect(l.user).toEqual({ name: 'bob', domain: 'CORP', id: 'S-1-5-21-1-2-3-1001' });
    expect(l.source).toEqual({ ip: '10.0.0.9', port: 51515, domain: 'WS-02' });
  });

  it('gives other events the winlog fields and no invented category', () => {
    const d = ecs('other');
    expect(d.event.category).toBeUndefined();
    expect(d.winlog.event_data.ImagePath).toBe('=cmd.exe /c calc');
    expect(d.winlog.channel).toBe('System');
  });

  it('keeps hostile names and values as data', () => {
    const ev = hostileEvent();
    const d = JSON.parse(JSON.stringify(ecsEvent(ev)));
    const data = d.winlog.event_data;
    expect(data['Name With_Dot']).toBe('v');
    expect(data._).toBe('empty name');
    expect(Object.prototype.hasOwnProperty.call(data, '__proto__')).toBe(true);
    expect(data.Huge).toHaveLength(1_000_000);
    expect(data.Control).toBe(ev.data.Control);
    expect(data.Nested).toBe('{"Inner":["a","b"]}');
    expect(data.Data).toEqual(['unnamed 1', 'unnamed <2>']);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
  });

  it('reads Sysmon value details (the hives: ecs-process-registry.test.ts)', () => {
    const base = eventFromXml(SAMPLE_XML.registryDword!).view as Parameters<typeof registryData>[0];
    expect(registryData({ ...base, registry_value_data: 'QWORD (0x00000001-0x00000002)' })).toEqual({ type: 'REG_QWORD', strings: [String(2n ** 32n + 2n)] });
    expect(registryData({ ...base, registry_value_data: 'Binary Data' })).toEqual({ type: 'REG_BINARY', strings: [] });
  });
});
