/** One line per event for the timeline formats (export/event-summary.ts): the CIM view's essentials, else the first fields; capped. */
import { describe, expect, it } from 'vitest';
import { emptyRawEvent, normaliseEvent } from '../../src-main/model/index';
import { eventSummary, MAX_SUMMARY_CHARS, viewSummary } from '../../src-main/export/event-summary';
import { sysmon } from '../detect/helpers';

const T = '2024-05-01 10:00:00.000';

describe('eventSummary', () => {
  it('a registry write: the path, the data and the writing process, after the EventID and provider', () => {
    const ev = sysmon(13, 'WS1', { EventType: 'SetValue', UtcTime: T, ProcessGuid: '{A}', ProcessId: '7', Image: 'C:\\Windows\\System32\\reg.exe', TargetObject: 'HKLM\\Software\\X\\v', Details: 'C:\\x.dll' });
    const s = eventSummary(ev);
    expect(s.startsWith('[EventID 13] Microsoft-Windows-Sysmon: Registry ')).toBe(true);
    expect(s).toContain('= C:\\x.dll by C:\\Windows\\System32\\reg.exe');
  });

  it('a process start: image, pid, command line, parent and user; a missing value is "?"', () => {
    const ev = sysmon(1, 'WS1', { UtcTime: T, ProcessGuid: '{A}', ProcessId: '42', Image: 'C:\\w\\cmd.exe', CommandLine: 'cmd /c whoami', ParentImage: 'C:\\w\\explorer.exe' });
    expect(viewSummary(ev)).toBe('Process start: C:\\w\\cmd.exe (pid 42) command line: cmd /c whoami parent: C:\\w\\explorer.exe user: ?');
  });

  it('an event without a CIM view: its first non-empty fields as Name: value, at most 12', () => {
    const data: Record<string, string> = { Empty: '', Dash: '-' };
    for (let i = 0; i < 20; i++) data[`F${i}`] = `v${i}`;
    const ev = normaliseEvent({ ...emptyRawEvent(), EventID: 4624, Channel: 'Security', Computer: 'h', EventData: data, TimeCreated: '2024-05-01T10:00:00Z' }, { evidence: 'e' });
    const body = viewSummary(ev);
    expect(body.split('; ')).toEqual(Array.from({ length: 12 }, (_, i) => `F${i}: v${i}`));
    expect(eventSummary(ev).startsWith('[EventID 4624] ')).toBe(true);
  });

  it('an event with nothing to say is its head only; the line is capped with an ellipsis', () => {
    const bare = normaliseEvent({ ...emptyRawEvent(), EventID: 1102, Channel: 'Security', Computer: 'h', TimeCreated: '2024-05-01T10:00:00Z' }, { evidence: 'e' });
    expect(eventSummary(bare)).toBe('[EventID 1102] Security');
    const long = sysmon(1, 'WS1', { UtcTime: T, ProcessGuid: '{A}', ProcessId: '1', Image: 'C:\\a.exe', CommandLine: 'x'.repeat(10_000) });
    const s = eventSummary(long);
    expect(s).toHaveLength(MAX_SUMMARY_CHARS);
    expect(s.endsWith('…')).toBe(true);
    expect(eventSummary(long, 20)).toHaveLength(20);
  });
});
