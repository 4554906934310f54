/**
 * FindingGroups: Splunk's `stats … by` rows of matched writes, their bounds and the regrouping of
 * rows without a registry user under their writer's start user. Bags are crafted (the engine's
 * matching is tested elsewhere); events are normalised Sysmon 13s.
 */
import { describe, expect, it } from 'vitest';
import { builtinIntel, builtinRuleset } from '../../src-main/detect/index';
import { FindingGroups, MAX_EVENTS_PER_FINDING } from '../../src-main/detect/finding-groups';
import type { ProcessRecord } from '../../src-main/detect/process-index';
import type { Scalar } from '../../src-main/detect/conditions';
import type { Rule } from '../../src-main/detect/rules/types';
import { sysmon } from './helpers';

const rule: Rule = builtinRuleset(builtinIntel()).rules.find((r) => r.group_by.includes('user'))!;
const KEY = 'HKU\\S-1-5-21-1\\Software\\Classes\\CLSID\\{89565275-A714-4a43-912E-978B935EDCCC}\\InProcServer32';

function write(guid: string, user: string | null, sec: number, recordId: number, dll = 'C:\\Users\\a\\x.dll'): { bag: Record<string, Scalar>; e: ReturnType<typeof sysmon> } {
  const utc = `2026-11-17 08:00:${String(sec).padStart(2, '0')}.000`;
  const e = sysmon(13, 'WS1.corp', { UtcTime: utc, ProcessGuid: guid, ProcessId: 10, Image: 'C:\\Windows\\System32\\regsvr32.exe', TargetObject: `${KEY}\\(Default)`, Details: dll, User: user ?? '' }, recordId);
  const bag: Record<string, Scalar> = {
    dest: 'WS1.corp', user, process_guid: guid, process_id: 10, process_name: 'regsvr32.exe', process_path: 'C:\\Windows\\System32\\regsvr32.exe',
    registry_path: `${KEY}\\(Default)`, registry_key_name: KEY, registry_value_name: '(Default)', registry_value_data: dll,
  };
  return { bag, e };
}

/** A canonical GUID per letter: the writer key is (dest, process_guid) only for real GUIDs. */
const G = (c: string) => `{00000000-0000-0000-0000-00000000000${c}}`;

const add = (g: FindingGroups, w: ReturnType<typeof write>, id: string | null = `r${w.e.record_id}`) => g.add(rule, w.bag, w.e, id);
const noStarts = () => undefined;

describe('FindingGroups', () => {
  it('counts a row once per event identity, with first/last time and distinct values', () => {
    const g = new FindingGroups();
    add(g, write(G('A'), 'CORP\\alice', 5, 1, 'C:\\a.dll'));
    add(g, write(G('A'), 'CORP\\alice', 1, 2, 'C:\\b.dll'));
    add(g, write(G('A'), 'CORP\\alice', 9, 3, 'C:\\a.dll'));
    add(g, write(G('A'), 'CORP\\alice', 9, 3, 'C:\\a.dll')); // the same record read twice
    add(g, write(G('A'), 'CORP\\alice', 7, 4), null); // identity unknown: always counted
    const [row, ...rest] = g.resolveUsers(noStarts);
    expect(rest).toHaveLength(0);
    expect(row!.count).toBe(4);
    expect(g.duplicates).toBe(1);
    expect(row!.first_time).toMatch(/08:00:01/);
    expect(row!.last_time).toMatch(/08:00:09/);
    expect(row!.values).toEqual(['C:\\Users\\a\\x.dll', 'C:\\a.dll', 'C:\\b.dll']); // distinct, in sort order (the first 20 kept)
    expect(row!.keyValues['user']).toBe('alice'); // Splunk's CIM form, without the domain
  });

  it('keeps at most maxWritersPerGroup writers and counts the rest, and at most 50 sample events', () => {
    const g = new FindingGroups(2);
    for (let i = 0; i < 60; i++) add(g, write(G(String(i % 3)), 'CORP\\alice', i % 60, 100 + i));
    const [row] = g.resolveUsers(noStarts);
    expect(row!.count).toBe(60);
    expect(row!.writerOrder).toHaveLength(2);
    expect(g.writersDropped).toBe(20); // every write of the third writer
    expect(row!.events).toHaveLength(MAX_EVENTS_PER_FINDING);
  });

  it('regroups a row without a registry user under its writers\' start users, merging with rows that named them', () => {
    const g = new FindingGroups();
    add(g, write(G('A'), null, 1, 1));
    add(g, write(G('B'), null, 2, 2));
    add(g, write(G('B'), null, 3, 3));
    add(g, write(G('C'), 'CORP\\bob', 4, 4)); // bob named by the event itself
    const starts: Record<string, Partial<ProcessRecord>> = { [G('A')]: { user: 'CORP\\alice' }, [G('B')]: { user: 'CORP\\bob' } };
    const rows = g.resolveUsers((bag) => starts[String(bag['process_guid'])] as ProcessRecord | undefined);
    const byUser = new Map(rows.map((r) => [r.keyValues['user'], r]));
    expect([...byUser.keys()].sort()).toEqual(['alice', 'bob']);
    expect(byUser.get('alice')!.count).toBe(1);
    const bob = byUser.get('bob')!;
    expect(bob.count).toBe(3);
    expect(bob.writerOrder).toHaveLength(2);
    expect(bob.events.map((e) => e.record_id).sort()).toEqual([2, 3, 4]);
    expect(bob.first_time).toMatch(/08:00:02/);
    expect(bob.last_time).toMatch(/08:00:04/);
  });

  it('leaves a user-less row user-less when no writer start is known', () => {
    const g = new FindingGroups();
    add(g, write(G('A'), null, 1, 1));
    const [row] = g.resolveUsers(noStarts);
    expect(row!.keyValues['user']).toBeNull();
    expect(row!.count).toBe(1);
  });
});
