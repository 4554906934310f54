/** Field access: header names, EventData by exact then any case, arrays, missing fields. */
import { describe, expect, it } from 'vitest';
import { EventView } from '../../../src-main/detect/sigma/event-view';
import path from 'node:path';
import { compileRule } from '../../../src-main/detect/sigma/compile-rule';
import { bundledSigmaAssetsDir } from '../../../src-main/detect/sigma/load-options';
import { readRuleBundle } from '../../../src-main/detect/sigma/rule-bundle';
import { event } from './helpers';

describe('EventView', () => {
  const v = new EventView(event({ Image: 'C:\\A.exe', Multi: ['x', 'y'], Empty: null }, { eventId: 1, computer: 'PC1', recordId: 7 }));
  it('reads the header names', () => {
    expect(v.values('EventID')).toEqual(['1']);
    expect(v.values('Channel')).toEqual(['Microsoft-Windows-Sysmon/Operational']);
    expect(v.values('Computer')).toEqual(['PC1']);
    expect(v.values('Provider_Name')).toEqual(['Microsoft-Windows-Sysmon']);
    expect(v.values('EventRecordID')).toEqual(['7']);
  });
  it('reads EventData exactly, then in any case; arrays give every value; missing is null', () => {
    expect(v.values('Image')).toEqual(['C:\\A.exe']);
    expect(v.values('image')).toEqual(['C:\\A.exe']);
    expect(v.lowerValues('Image')).toEqual(['c:\\a.exe']);
    expect(v.values('Multi')).toEqual(['x', 'y']);
    expect(v.values('Empty')).toEqual(['']);
    expect(v.values('Nope')).toBeNull();
  });
  it('in any case, the first field of the event whose name matches answers, in every view', () => {
    const a = new EventView(event({ TARGETOBJECT: 'first', TargetObject2: 'x', targetobject: 'second' }, { eventId: 13 }));
    expect(a.values('TargetObject')).toEqual(['first']);
    const b = new EventView(event({ targetObject: 'other event' }, { eventId: 13 }));
    expect(b.values('TargetObject')).toEqual(['other event']);
    expect(b.values('TARGETOBJECT')).toEqual(['other event']);
    expect(b.values('TargetObject2')).toBeNull();
  });
  it('keyword search sees data and header values', () => {
    expect(v.allValues(true)).toEqual(expect.arrayContaining(['c:\\a.exe', 'x', 'pc1']));
  });
  it('Channel: the event\'s own field first (System 104 names the cleared log), else the header', () => {
    const cleared = new EventView(event({ SubjectUserName: 'admin', Channel: 'Security', BackupPath: '' }, { eventId: 104 }));
    expect(cleared.values('Channel')).toEqual(['Security']);
    expect(v.values('Channel')).toEqual(['Microsoft-Windows-Sysmon/Operational']);
  });
});

describe('the bundled "log cleared" pair reads the cleared log from System 104', () => {
  const bundle = readRuleBundle(path.join(bundledSigmaAssetsDir(), 'rules.json'))!;
  const byId = (id: string) => {
    for (const f of bundle.files) for (const d of f.documents) if ('doc' in d && d.doc['id'] === id) return compileRule(d.doc, f.path, 'bundled', { placeholders: new Map() });
    throw new Error(`rule ${id} is not bundled`);
  };
  const susp = byId('100ef69e-3327-481c-8e5c-6d80d9507556'); // win_system_susp_eventlog_cleared: the logs that matter
  const other = byId('a62b37e0-45d3-48d9-a517-90c1a1b0186b'); // win_system_eventlog_cleared: any other log
  const cleared = (log: string) => event({ SubjectUserName: 'admin', SubjectDomainName: 'CORP', Channel: log, BackupPath: '' }, { eventId: 104, channel: 'System', provider: 'Microsoft-Windows-Eventlog' });
  it('Security cleared: the suspicious one only', () => {
    expect(susp.match(cleared('Security'))).toBe(true);
    expect(other.match(cleared('Security'))).toBe(false);
  });
  it('another log cleared: the other one only', () => {
    expect(susp.match(cleared('Microsoft-Windows-TaskScheduler/Operational'))).toBe(false);
    expect(other.match(cleared('Microsoft-Windows-TaskScheduler/Operational'))).toBe(true);
  });
});

