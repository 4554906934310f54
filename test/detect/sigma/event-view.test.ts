/** Field access: header names, EventData by exact then any case, arrays, missing fields. */
import { describe, expect, it } from 'vitest';
import { EventView } from '../../../src-main/detect/sigma/event-view';
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
});
