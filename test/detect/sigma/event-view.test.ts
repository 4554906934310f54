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
  it('a field named like an Object.prototype member (constructor, toString, …) is a data field, not a header', () => {
    const o = new EventView(event({ constructor: 'own', valueOf: 'v' }, { eventId: 1 }));
    expect(o.values('constructor')).toEqual(['own']);
    expect(o.values('valueOf')).toEqual(['v']);
    expect(o.values('toString')).toBeNull();
    expect(o.values('hasOwnProperty')).toBeNull();
    expect(o.values('__proto__')).toBeNull();
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

describe('EventView moved from event to event (reset)', () => {
  it('answers for the new event only: fields, case-insensitive names, derived values, keyword values, channel', () => {
    const a = event({ Image: 'C:\\A.exe', image2: 'x', Multi: ['p', 'Q'] }, { eventId: 1, computer: 'PC1' });
    const b = event({ IMAGE: 'C:\\B.EXE', Other: 'o' }, { eventId: 3, computer: 'PC2', channel: 'Security' });
    const v = new EventView(a);
    let computed = 0;
    const upper = (view: EventView) => { computed++; const x = view.values('Image'); return x && x.map((s) => s.toUpperCase()); };
    expect(v.values('Image')).toEqual(['C:\\A.exe']);
    expect(v.lowerValues('Image')).toEqual(['c:\\a.exe']);
    expect(v.lowerValues('multi')).toEqual(['p', 'q']);
    expect(v.derived('up', upper)).toEqual(['C:\\A.EXE']);
    expect(v.derived('up', upper)).toEqual(['C:\\A.EXE']);
    expect(computed).toBe(1);
    expect(v.allValues(true)).toEqual(expect.arrayContaining(['c:\\a.exe', 'x', 'pc1']));
    expect(v.channel).toBe('microsoft-windows-sysmon/operational');
    v.reset(b);
    expect(v.event).toBe(b);
    expect(v.channel).toBe('security');
    expect(v.values('Image')).toEqual(['C:\\B.EXE']);
    expect(v.lowerValues('Image')).toEqual(['c:\\b.exe']);
    expect(v.values('Multi')).toBeNull();
    expect(v.lowerValues('Multi')).toBeNull();
    expect(v.values('EventID')).toEqual(['3']);
    expect(v.derived('up', upper)).toEqual(['C:\\B.EXE']);
    expect(computed).toBe(2);
    expect(v.allValues(true)).not.toContain('c:\\a.exe');
    expect(v.allValues(false)).toEqual(expect.arrayContaining(['C:\\B.EXE', 'o', 'PC2']));
    v.reset(a);
    expect(v.values('Image')).toEqual(['C:\\A.exe']);
    expect(v.values('IMAGE2')).toEqual(['x']);
  });
  it('past a few misses in one event, case-insensitive names still resolve to the first spelling', () => {
    const v = new EventView(event({ alpha: '1', BETA: '2', beta: '3', Gamma: '4' }, { eventId: 1 }));
    for (const miss of ['N1', 'N2', 'N3', 'N4', 'N5', 'N6']) expect(v.values(miss)).toBeNull();
    expect(v.values('Beta')).toEqual(['2']);
    expect(v.values('GAMMA')).toEqual(['4']);
    expect(v.values('ALPHA')).toEqual(['1']);
  });
});

describe('case-insensitive names across events of the same and of other key shapes', () => {
  it('each event answers from its own keys in its own order, however many shapes came before', () => {
    const v = new EventView(event({ Image: 'a1', image: 'a2' }, { eventId: 1 }));
    expect(v.values('IMAGE')).toEqual(['a1']);
    v.reset(event({ image: 'b1', Image: 'b2' }, { eventId: 1 })); // same names, other order: the first differs
    expect(v.values('IMAGE')).toEqual(['b1']);
    v.reset(event({ Image: 'c1', image: 'c2' }, { eventId: 1 })); // the first shape again, other values
    expect(v.values('IMAGE')).toEqual(['c1']);
    v.reset(event({ Image: 'd1', image: 'd2', Extra: 'x' }, { eventId: 1 })); // one key more
    expect(v.values('EXTRA')).toEqual(['x']);
    v.reset(event({ Image: 'e1' }, { eventId: 1 })); // a prefix of the last shape's keys
    expect(v.values('EXTRA')).toBeNull();
    expect(v.values('IMAGE')).toEqual(['e1']);
    // More shapes than are kept, then the first ones again.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 40; i++) {
        v.reset(event(round === 0 ? { [`Fa${i}`]: `v${i}`, [`fa${i}`]: `w${i}`, Common: String(i) } : { [`fa${i}`]: `w${i}`, [`Fa${i}`]: `v${i}`, Common: String(i) }, { eventId: 1 }));
        expect(v.values(`FA${i}`)).toEqual([round === 0 ? `v${i}` : `w${i}`]);
        expect(v.values('COMMON')).toEqual([String(i)]);
        expect(v.values(`fa${i + 1}`)).toBeNull();
      }
    }
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

