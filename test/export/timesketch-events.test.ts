import { describe, expect, it } from 'vitest';
import { epochMicros, timesketchDatetime, timesketchEvent, timesketchFieldName } from '../../src-main/export/timesketch-events';
import { hostileEvent, sampleEvents } from './sample-events';

describe('timesketchEvent', () => {
  it('writes the fields Timesketch requires: message, datetime (ISO 8601), timestamp_desc', () => {
    for (const ev of [...sampleEvents(), hostileEvent()]) {
      const o = JSON.parse(JSON.stringify(timesketchEvent(ev)));
      expect(typeof o.message).toBe('string');
      expect(o.message.length).toBeGreaterThan(0);
      expect(o.message.length).toBeLessThanOrEqual(4096);
      expect(o.datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
      expect(new Date(o.datetime).getTime()).toBe(ev.time_ms);
      expect(typeof o.timestamp_desc).toBe('string');
      expect(Number.isSafeInteger(o.timestamp)).toBe(true);
      for (const k of Object.keys(o)) expect(k).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    }
  });

  it('names fields as Plaso does for EVTX and keeps the event data flat', () => {
    const o = timesketchEvent(sampleEvents()[0]!) as Record<string, unknown>;
    expect(o).toMatchObject({
      datetime: '2024-03-01T10:00:00.123000+00:00', timestamp: 1709287200123000, timestamp_desc: 'Event Time (Sysmon UtcTime)',
      data_type: 'windows:evtx:record', event_identifier: 1, source_name: 'Microsoft-Windows-Sysmon', computer_name: 'WS-01.corp.example',
      record_number: 101, channel: 'Microsoft-Windows-Sysmon/Operational', CommandLine: 'evil.exe -q & whoami', Image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe',
    });
    expect(o.message).toMatch(/^\[EventID 1\] Microsoft-Windows-Sysmon: Process start: /);
    const logon = timesketchEvent(sampleEvents().find((e) => e.event_id === 4624)!);
    expect(logon.timestamp_desc).toBe('Event Logged');
  });

  it('renames event data that OpenSearch would refuse or that collides with its own fields', () => {
    const o = JSON.parse(JSON.stringify(timesketchEvent(hostileEvent())));
    expect(o.data__id).toBe('underscore');
    expect(o.data_Name_With_Dot).toBe('v');
    expect(o.data_).toBe('empty name');
    expect(o.data___proto__).toBe('proto');
    expect(o.Nested).toBe('{"Inner":["a","b"]}');
    expect(o.Huge).toHaveLength(1_000_000);
    expect(timesketchFieldName('message')).toBe('data_message');
    expect(timesketchFieldName('data_x')).toBe('data_data_x');
    expect(timesketchFieldName('TargetObject')).toBe('TargetObject');
  });

  it('converts times exactly', () => {
    expect(timesketchDatetime('2024-03-01T10:00:00.1234567Z')).toBe('2024-03-01T10:00:00.123456+00:00');
    expect(epochMicros('2024-03-01T10:00:00.1234567Z', Date.UTC(2024, 2, 1, 10, 0, 0, 123))).toBe(1709287200123456);
    expect(timesketchDatetime(null)).toBe('1970-01-01T00:00:00+00:00');
  });
});
