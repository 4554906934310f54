/**
 * The process index's stops do not depend on the order they came in either (a later range of a
 * log, with the stops, may be delivered before the range with the starts): a GUID-less stop
 * (Security 4689) read before its start (4688) still closes it, a start read twice is cited by
 * the copy whose evidence sorts first, and of two stops of one GUID the one that sorts first ends it.
 */
import { describe, expect, it } from 'vitest';
import { ProcessIndex } from '../../src-main/detect/process-index';
import { emptyRawEvent, normaliseEvent } from '../../src-main/model/index';
import type { NormalisedEvent } from '../../src-main/model/event';
import type { EventValue } from '../../src-main/model/raw-event';
import { sysmon } from './helpers';

const SECURITY = { Name: 'Microsoft-Windows-Security-Auditing', Guid: null, EventSourceName: null };

function security(eventId: 4688 | 4689, pid: string, time: string, rec: number, evidence = 'security.evtx'): NormalisedEvent {
  const data: Record<string, EventValue> = eventId === 4688
    ? { SubjectUserName: 'bob', SubjectDomainName: 'WS1', NewProcessId: pid, NewProcessName: 'C:\\Windows\\SysWOW64\\regsvr32.exe', CommandLine: `regsvr32 #${rec}`, ProcessId: '0x200', ParentProcessName: 'C:\\Windows\\explorer.exe' }
    : { SubjectUserName: 'bob', SubjectDomainName: 'WS1', ProcessId: pid, ProcessName: 'C:\\Windows\\SysWOW64\\regsvr32.exe', Status: '0x0' };
  return normaliseEvent({ ...emptyRawEvent(), EventRecordID: rec, EventID: eventId, Provider: SECURITY, Channel: 'Security', Computer: 'WS1', TimeCreated: time, EventData: data }, { evidence });
}

const orders = <T>(xs: T[]): T[][] => [xs, [...xs].reverse(), [xs[1]!, ...xs.slice(2), xs[0]!], [...xs.slice(2), ...xs.slice(0, 2)]];

describe('ProcessIndex: stops in any arrival order', () => {
  it('a GUID-less stop read before its start closes it (the write after the stop joins no start)', () => {
    const events = [
      security(4688, '0x10a8', '2024-05-01T09:00:00.0000000Z', 1),
      security(4689, '0x10a8', '2024-05-01T09:30:00.0000000Z', 2),
      security(4688, '0x10a8', '2024-05-01T10:00:00.0000000Z', 3), // the PID reused
      security(4689, '0x10a8', '2024-05-01T10:30:00.0000000Z', 4),
    ];
    const ask = (evs: NormalisedEvent[]) => {
      const index = new ProcessIndex();
      for (const e of evs) index.add(e);
      const at = (iso: string) => index.getByPid('WS1', 0x10a8, Date.parse(iso))?.record_id ?? null;
      return [at('2024-05-01T09:10:00Z'), at('2024-05-01T09:40:00Z'), at('2024-05-01T10:10:00Z'), at('2024-05-01T11:00:00Z')];
    };
    expect(ask(events)).toEqual([1, null, 3, null]);
    for (const o of orders(events)) expect(ask(o)).toEqual([1, null, 3, null]);
  });

  it('a GUID-less start read twice is cited by the copy whose evidence sorts first', () => {
    const copies = [security(4688, '0x10a8', '2024-05-01T09:00:00.0000000Z', 1, 'b.evtx'), security(4688, '0x10a8', '2024-05-01T09:00:00.0000000Z', 1, 'a.xml')];
    for (const o of [copies, [...copies].reverse()]) {
      const index = new ProcessIndex();
      for (const e of o) index.add(e);
      expect(index.getByPid('WS1', 0x10a8, Date.parse('2024-05-01T09:10:00Z'))?.evidence).toBe('a.xml');
    }
  });

  it('of two stops of one GUID, the one that sorts first ends the process', () => {
    const G = '{D273D0F0-7FAD-5F63-0C00-000000000400}';
    const events = [
      sysmon(1, 'WS1', { ProcessGuid: G, ProcessId: '736', Image: 'C:\\x.exe', CommandLine: 'x', UtcTime: '2024-05-01 09:00:00.000' }, 1),
      sysmon(5, 'WS1', { ProcessGuid: G, ProcessId: '736', Image: 'C:\\x.exe', UtcTime: '2024-05-01 09:05:00.000' }, 2),
      sysmon(5, 'WS1', { ProcessGuid: G, ProcessId: '736', Image: 'C:\\x.exe', UtcTime: '2024-05-01 09:07:00.000' }, 3, 'other.evtx'),
    ];
    for (const o of orders(events)) {
      const index = new ProcessIndex();
      for (const e of o) index.add(e);
      expect(index.get('WS1', G)?.end_time).toBe('2024-05-01T09:05:00.0000000Z');
    }
  });
});
