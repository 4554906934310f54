import { describe, expect, it } from 'vitest';
import { parseUtcTime, hasZone } from '../../src-main/model/time.ts';
import { normaliseGuid, isGuid } from '../../src-main/model/guid.ts';
import { processJoinKey, compareEvents } from '../../src-main/model/join.ts';
import type { NormalisedEvent } from '../../src-main/model/event.ts';

describe('parseUtcTime', () => {
  it('normalises every accepted spelling of an instant to 7 fractional digits, UTC', () => {
    const cases: Array<[string, string]> = [
      ['2019-05-21 00:35:07.375', '2019-05-21T00:35:07.3750000Z'], // Sysmon UtcTime
      ['2019-05-21T00:35:07.3750000Z', '2019-05-21T00:35:07.3750000Z'], // Event XML
      ['2025-10-25T23:53:11.117530Z', '2025-10-25T23:53:11.1175300Z'], // evtx_dump
      ['2023-02-06 22:07:30.404066', '2023-02-06T22:07:30.4040660Z'], // zircolite
      ['2024-02-13T06:56:24.223Z', '2024-02-13T06:56:24.2230000Z'], // Winlogbeat
      ['2021-01-01T00:30:00+01:00', '2020-12-31T23:30:00.0000000Z'],
      ['2021-01-01T00:30:00.5-0230', '2021-01-01T03:00:00.5000000Z'],
      ['2016-07-08T18:13:00Z', '2016-07-08T18:13:00.0000000Z'],
      ['2016-07-08T18:13:00.123456789Z', '2016-07-08T18:13:00.1234567Z'],
    ];
    for (const [input, iso] of cases) expect(parseUtcTime(input)?.iso, input).toBe(iso);
    expect(parseUtcTime('2019-05-21 00:35:07.375')!.ms).toBe(Date.UTC(2019, 4, 21, 0, 35, 7, 375));
  });
  it('rejects what is not an instant', () => {
    for (const bad of ['', 'yesterday', '2019-02-30 00:00:00', '2019-13-01T00:00:00Z', '2019-05-21', '2019-05-21 25:00:00', '2019-05-21T00:00:00 PST']) expect(parseUtcTime(bad), bad).toBeNull();
    expect(parseUtcTime(null)).toBeNull();
    expect([hasZone('2021-01-01T00:00:00Z'), hasZone('2021-01-01 00:00:00')]).toEqual([true, false]);
  });
});

describe('GUIDs and the join key', () => {
  it('normalises case and braces', () => {
    for (const g of ['{d273d0f0-d927-5f63-6d05-000000000400}', 'D273D0F0-D927-5F63-6D05-000000000400', ' {D273D0F0-D927-5F63-6D05-000000000400} ']) {
      expect(normaliseGuid(g)).toBe('{D273D0F0-D927-5F63-6D05-000000000400}');
    }
    expect([normaliseGuid('not-a-guid'), normaliseGuid(null), normaliseGuid(42), isGuid('{x}')]).toEqual([null, null, null, false]);
  });
  it('joins on (dest, guid), never the GUID alone', () => {
    const g = '{d273d0f0-d927-5f63-6d05-000000000400}';
    expect(processJoinKey('HOST', g)).toBe(processJoinKey('host', g.toUpperCase()));
    expect(processJoinKey('HOST-A', g)).not.toBe(processJoinKey('HOST-B', g));
    expect([processJoinKey(null, g), processJoinKey('h', null), processJoinKey('h', 'bad')]).toEqual([null, null, null]);
  });
  it('orders by time, then dest, then record id; timeless last', () => {
    const ev = (time: string | null, dest: string, rec: number) => ({ time, dest, record_id: rec }) as NormalisedEvent;
    const list = [ev(null, 'a', 1), ev('2020-01-01T00:00:01.0000000Z', 'b', 5), ev('2020-01-01T00:00:01.0000000Z', 'a', 9), ev('2020-01-01T00:00:00.9990000Z', 'z', 1), ev('2020-01-01T00:00:01.0000000Z', 'a', 2)];
    expect(list.sort(compareEvents).map((e) => `${e.dest}${e.record_id}`)).toEqual(['z1', 'a2', 'a9', 'b5', 'a1']);
  });
});
