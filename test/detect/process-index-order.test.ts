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
import { shuffle } from '../case/arrival-order';

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

  it('past maxProcesses, keeps the processes whose keys sort first and counts the others\' events', () => {
    const g = (n: number) => `{${String(n).padStart(8, '0')}-1111-2222-3333-444444444444}`;
    const events: NormalisedEvent[] = [];
    for (let n = 1; n <= 30; n++) {
      events.push(sysmon(1, 'WS1', { ProcessGuid: g(n), ProcessId: String(n), Image: `C:\\p${n}.exe`, CommandLine: `p${n}`, UtcTime: '2024-05-01 09:00:00.000', ParentProcessGuid: g(n > 1 ? 1 : 0) }, n));
      for (let i = 0; i < n % 3; i++) events.push(sysmon(3, 'WS1', { ProcessGuid: g(n), ProcessId: String(n), Image: `C:\\p${n}.exe`, UtcTime: '2024-05-01 09:00:01.000' }, 100 + n * 3 + i));
    }
    const state = (evs: NormalisedEvent[]) => {
      const index = new ProcessIndex({ maxProcesses: 10 });
      for (const e of evs) index.add(e);
      index.settle();
      return { keys: [...index.byKey.keys()].sort(), dropped: index.dropped, children: [...(index.children.get(`ws1|${g(1)}`) ?? [])].sort() };
    };
    const ref = state(events);
    expect(ref.keys).toHaveLength(10);
    expect(ref.keys[0]).toBe(`ws1|${g(1)}`);
    expect(ref.dropped).toBe(events.length - ref.keys.reduce((n, k) => n + 1 + (Number(k.slice(5, 13)) % 3), 0));
    for (const seed of [1, 2, 3]) expect(state(shuffle(events, seed))).toEqual(ref);
    expect(state([...events].reverse())).toEqual(ref);
  });
});

describe('ProcessIndex: one PID reused very many times (hostile evidence)', () => {
  // Linear after sorting: the stops are one sweep and a start read twice is found by its key. A
  // scan of the PID's starts per start or per stop (what this replaced) takes ~10^10 steps here.
  it('100,000 starts and stops of one PID: each stop closes its own start, copies found at once', () => {
    const n = 100_000;
    const at = (i: number, s: number) => new Date(Date.UTC(2024, 4, 1) + i * 10_000 + s * 1000).toISOString();
    const events: NormalisedEvent[] = [];
    for (let i = 0; i < n; i++) events.push(security(4688, '0x10a8', at(i, 0), 2 * i + 1), security(4689, '0x10a8', at(i, 5), 2 * i + 2));
    for (let i = 0; i < n; i += 1000) events.push(security(4688, '0x10a8', at(i, 0), 2 * i + 1, 'a-copy.xml'));
    const index = new ProcessIndex();
    for (const e of [...events].reverse()) index.add(e);
    for (const i of [0, 1, 4_999, n - 1]) {
      const running = index.getByPid('WS1', 0x10a8, Date.parse(at(i, 2)));
      expect(running?.record_id).toBe(2 * i + 1);
      expect(running?.evidence).toBe(i % 1000 === 0 ? 'a-copy.xml' : 'security.evtx');
      expect(index.getByPid('WS1', 0x10a8, Date.parse(at(i, 7)))).toBeUndefined();
    }
  });
});
