/** The ECS user, parent-process and registry fields shared by the event and the finding exports: names, order, empty fields left out. */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src-main/export/ecs-document';
import { putParentProcess, putRegistryValue, putUser, splitHive } from '../../src-main/export/ecs-process-registry';
import { ecsProblems } from './ecs-names';

describe('ECS process and registry fields', () => {
  it('splits hives as Sysmon, Security and reg.exe spell them; an unknown root stays in the key', () => {
    expect(splitHive('\\REGISTRY\\MACHINE\\SOFTWARE\\x')).toEqual({ hive: 'HKLM', key: 'SOFTWARE\\x' });
    expect(splitHive('\\REGISTRY\\USER\\S-1-5-21-1\\Software')).toEqual({ hive: 'HKU', key: 'S-1-5-21-1\\Software' });
    expect(splitHive('HKEY_CURRENT_USER\\Software')).toEqual({ hive: 'HKCU', key: 'Software' });
    expect(splitHive('hkcr\\CLSID')).toEqual({ hive: 'HKCR', key: 'CLSID' });
    expect(splitHive('HKLM')).toEqual({ hive: 'HKLM', key: '' });
    expect(splitHive('HKLMX\\a')).toEqual({ hive: null, key: 'HKLMX\\a' });
  });

  it('puts the user split at its domain, and nothing for no user', () => {
    const doc: JsonObject = {};
    putUser(doc, 'CORP\\alice');
    expect(doc).toEqual({ user: { name: 'alice', domain: 'CORP' } });
    const none: JsonObject = {};
    putUser(none, null);
    expect(none).toEqual({});
    const bare: JsonObject = {};
    putUser(bare, 'SYSTEM');
    expect(bare).toEqual({ user: { name: 'SYSTEM' } });
  });

  it('puts the parent process in ECS order, leaving out what the caller does not know', () => {
    const doc: JsonObject = {};
    putParentProcess(doc, { entityId: '{g}', pid: 4, executable: 'C:\\Windows\\explorer.exe', name: 'explorer.exe', commandLine: 'explorer.exe /s' });
    expect(JSON.stringify(doc)).toBe('{"process":{"parent":{"entity_id":"{g}","pid":4,"executable":"C:\\\\Windows\\\\explorer.exe","name":"explorer.exe","command_line":"explorer.exe /s"}}}');
    expect(ecsProblems(doc)).toEqual([]);
    const partial: JsonObject = {};
    putParentProcess(partial, { entityId: '{g}', pid: null, executable: null, name: 'explorer.exe', commandLine: null });
    expect(partial).toEqual({ process: { parent: { entity_id: '{g}', name: 'explorer.exe' } } });
  });

  it('puts a registry value: path, hive, key, value, data type and strings, in that order; no empty data', () => {
    const doc: JsonObject = {};
    putRegistryValue(doc, { path: 'HKU\\S-1\\CLSID\\{X}\\InProcServer32\\(Default)', keyPath: 'HKU\\S-1\\CLSID\\{X}\\InProcServer32', value: '(Default)', dataType: 'REG_SZ', dataStrings: ['C:\\x.dll'] });
    expect(JSON.stringify(doc)).toBe(JSON.stringify({ registry: { path: 'HKU\\S-1\\CLSID\\{X}\\InProcServer32\\(Default)', hive: 'HKU', key: 'S-1\\CLSID\\{X}\\InProcServer32', value: '(Default)', data: { type: 'REG_SZ', strings: ['C:\\x.dll'] } } }));
    expect(ecsProblems(doc)).toEqual([]);
    const key: JsonObject = {};
    putRegistryValue(key, { path: 'Weird\\Root', keyPath: 'Weird\\Root', value: null, dataType: null, dataStrings: [] });
    expect(key).toEqual({ registry: { path: 'Weird\\Root', key: 'Weird\\Root' } });
  });
});
