/**
 * Incidents: findings on the same process (host and GUID) or the same matched events are one
 * incident; findings that share neither stay apart. Findings are crafted (grouping reads only the
 * fields of IncidentInput).
 */
import { describe, expect, it } from 'vitest';
import { groupIncidents, levelRank, type IncidentInput } from '../../src-main/shared/incidents';

const GUID_A = '{B3C1E7A2-214F-6AFC-9101-000000000700}';
const GUID_B = '{B3C1E7A2-22A2-6AFC-9201-000000000700}';

let seq = 0;
function finding(over: Partial<IncidentInput> = {}): IncidentInput {
  seq++;
  return {
    id: `f${String(seq).padStart(3, '0')}`,
    rule_id: `rule-${seq}`,
    rule_name: `Rule ${seq}`,
    dest: 'WS1.corp',
    user: 'j.doe',
    process_guid: GUID_A,
    process_name: 'regsvr32.exe',
    risk_score: 50,
    level: 'medium',
    firstTime: '2026-11-17T09:41:35.000Z',
    lastTime: '2026-11-17T09:41:35.000Z',
    events: [],
    ...over,
  };
}

const ev = (record_id: number | null, evidence = 'WS1/Sysmon.evtx', time: string | null = '2026-11-17T09:41:35.000Z', event_id: number | null = 13) =>
  ({ evidence, record_id, event_id, time });

describe('groupIncidents', () => {
  it('puts findings on the same host and process GUID into one incident, lead first', () => {
    const a = finding({ risk_score: 50, rule_name: 'Sigma rule', level: 'medium', firstTime: '2026-11-17T09:41:34.000Z' });
    const b = finding({ risk_score: 80, rule_name: 'Built-in rule', level: 'high', lastTime: '2026-11-17T09:42:00.000Z' });
    const c = finding({ process_guid: GUID_A.toLowerCase(), risk_score: 25, level: 'low' });
    const { incidents, eventsCompared } = groupIncidents([a, b, c]);
    expect(eventsCompared).toBe(true);
    expect(incidents).toHaveLength(1);
    const i = incidents[0]!;
    expect(i.members.map((f) => f.id)).toEqual([b.id, a.id, c.id]);
    expect(i.links).toEqual(['process']);
    expect(i.rules).toBe(3);
    expect(i.maxRisk).toBe(80);
    expect(i.topLevel).toBe('high');
    expect(i.firstTime).toBe('2026-11-17T09:41:34.000Z');
    expect(i.lastTime).toBe('2026-11-17T09:42:00.000Z');
    expect(i.processes).toEqual([{ dest: 'WS1.corp', process_guid: GUID_A, process_name: 'regsvr32.exe' }]);
    expect(i.id).toBe(`I-${a.id}`);
  });

  it('keeps the same GUID on two hosts apart (a GUID is unique per host only)', () => {
    const a = finding({ dest: 'WS1.corp' });
    const b = finding({ dest: 'WS2.corp' });
    const { incidents } = groupIncidents([a, b]);
    expect(incidents).toHaveLength(2);
    expect(incidents.every((i) => i.members.length === 1 && i.links.length === 0)).toBe(true);
  });

  it('never joins on an empty or all-zero GUID', () => {
    const a = finding({ process_guid: '' });
    const b = finding({ process_guid: '' });
    const c = finding({ process_guid: '{00000000-0000-0000-0000-000000000000}' });
    const d = finding({ process_guid: '{00000000-0000-0000-0000-000000000000}' });
    expect(groupIncidents([a, b, c, d]).incidents).toHaveLength(4);
  });

  it('joins findings of different processes that matched the same event record, from any evidence file', () => {
    const a = finding({ process_guid: GUID_A, events: [ev(20679, 'WS1/Sysmon.evtx'), ev(20680)] });
    const b = finding({ process_guid: GUID_B, events: [ev(20679, 'WS1/sysmon-export.xml'), ev(99)] });
    const { incidents } = groupIncidents([a, b]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.links).toEqual(['events']);
    expect(incidents[0]!.events).toBe(3);
    expect(incidents[0]!.sharedEvents).toBe(1);
    expect(incidents[0]!.processes).toHaveLength(2);
  });

  it('does not join on a record id alone: another time, event id or host is another event', () => {
    const a = finding({ process_guid: '', events: [ev(7, 'x', '2026-11-17T09:41:35.000Z', 13)] });
    const b = finding({ process_guid: '', events: [ev(7, 'x', '2026-11-17T09:41:36.000Z', 13)] });
    const c = finding({ process_guid: '', events: [ev(7, 'x', '2026-11-17T09:41:35.000Z', 1)] });
    const d = finding({ process_guid: '', dest: 'WS2.corp', events: [ev(7, 'x', '2026-11-17T09:41:35.000Z', 13)] });
    const e = finding({ process_guid: '', events: [ev(null), ev(8, 'x', null)] });
    const f = finding({ process_guid: '', events: [ev(null), ev(8, 'x', null)] });
    expect(groupIncidents([a, b, c, d, e, f]).incidents).toHaveLength(6);
  });

  it('closes the relation transitively: A~B by process, B~C by events', () => {
    const a = finding({ process_guid: GUID_A });
    const b = finding({ process_guid: GUID_A, events: [ev(5)] });
    const c = finding({ process_guid: GUID_B, events: [ev(5)] });
    const d = finding({ process_guid: '{B3C1E7A2-0000-6AFC-0000-000000000701}' });
    const { incidents } = groupIncidents([a, b, c, d]);
    expect(incidents.map((i) => i.members.length).sort()).toEqual([1, 3]);
    expect(incidents.find((i) => i.members.length === 3)!.links).toEqual(['process', 'events']);
  });

  it('orders incidents by risk, then size, and lists hosts and accounts once each', () => {
    const low = finding({ process_guid: '', risk_score: 20 });
    const hi1 = finding({ process_guid: GUID_B, risk_score: 70, user: 'a' });
    const hi2 = finding({ process_guid: GUID_B, risk_score: 70, user: 'b' });
    const hi3 = finding({ process_guid: GUID_B, risk_score: 60, user: 'a' });
    const top = finding({ process_guid: '', risk_score: 90 });
    const { incidents } = groupIncidents([low, hi1, hi2, hi3, top]);
    expect(incidents.map((i) => i.maxRisk)).toEqual([90, 70, 20]);
    expect(incidents[1]!.accounts).toEqual(['a', 'b']);
    expect(incidents[1]!.hosts).toEqual(['WS1.corp']);
    expect(incidents[1]!.rules).toBe(3);
  });

  it('counts rules, not findings: one rule on two events of a process is one rule', () => {
    const a = finding({ rule_id: 'same' });
    const b = finding({ rule_id: 'same' });
    const { incidents } = groupIncidents([a, b]);
    expect(incidents[0]!.members).toHaveLength(2);
    expect(incidents[0]!.rules).toBe(1);
  });

  it('stops indexing events at the bound and says so, still grouping by process', () => {
    const many = Array.from({ length: 10 }, (_, k) => ev(1000 + k));
    const a = finding({ process_guid: '', events: many });
    const b = finding({ process_guid: '', events: [ev(1009)] });
    const c = finding({ process_guid: GUID_B });
    const d = finding({ process_guid: GUID_B });
    const r = groupIncidents([a, b, c, d], 5);
    expect(r.eventsCompared).toBe(false);
    expect(r.incidents).toHaveLength(3);
    expect(groupIncidents([a, b, c, d], 100).incidents).toHaveLength(2);
  });

  it('handles no findings, and findings without events or times', () => {
    expect(groupIncidents([])).toEqual({ incidents: [], eventsCompared: true });
    const a = finding({ events: null, firstTime: '', lastTime: '', level: null });
    const i = groupIncidents([a]).incidents[0]!;
    expect(i.firstTime).toBeNull();
    expect(i.topLevel).toBeNull();
    expect(i.events).toBe(0);
  });

  it('is linear enough for a large case (10,000 findings on 100 processes)', () => {
    const fs = Array.from({ length: 10_000 }, (_, k) => finding({ process_guid: `{B3C1E7A2-0000-6AFC-${String(k % 100).padStart(4, '0')}-000000000700}`, events: [ev(k)] }));
    const { incidents } = groupIncidents(fs);
    expect(incidents).toHaveLength(100);
    expect(incidents.every((i) => i.members.length === 100)).toBe(true);
  });

  it('ranks levels', () => {
    expect(levelRank('critical')).toBeGreaterThan(levelRank('high'));
    expect(levelRank('Informational')).toBe(1);
    expect(levelRank('bogus')).toBe(0);
    expect(levelRank(null)).toBe(0);
  });
});
