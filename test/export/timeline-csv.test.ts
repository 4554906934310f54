import { describe, expect, it } from 'vitest';
import { TIMELINE_COLUMNS, timelineHeader, timelineRow, timelineTimestamp } from '../../src-main/export/timeline-csv';
import { parseCsv } from '../helpers/csv-parse';
import { hostileEvent, sampleEvents } from './sample-events';

describe('timeline CSV', () => {
  it('writes a header and one row per event, the common columns first and the payload last', () => {
    const evs = sampleEvents();
    const rows = parseCsv(timelineHeader() + evs.map(timelineRow).join(''));
    expect(rows[0]).toEqual([...TIMELINE_COLUMNS]);
    expect(rows.slice(0, 6)[0]!.slice(0, 7)).toEqual(['Timestamp', 'TimestampSource', 'Computer', 'Channel', 'EventID', 'Provider', 'RecordID']);
    expect(rows).toHaveLength(evs.length + 1);
    for (const r of rows) expect(r).toHaveLength(TIMELINE_COLUMNS.length);
    const first = Object.fromEntries(TIMELINE_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(first).toMatchObject({
      Timestamp: '2024-03-01 10:00:00.1230000', TimestampSource: 'UtcTime', Computer: 'WS-01.corp.example', Channel: 'Microsoft-Windows-Sysmon/Operational',
      EventID: '1', RecordID: '101', User: 'CORP\\bob', ProcessID: '4242', Process: 'C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe',
      CommandLine: 'evil.exe -q & whoami', ParentProcess: 'C:\\Windows\\explorer.exe', Evidence: 'WS-01/sample.xml',
    });
    expect(first.Details).toMatch(/^\[EventID 1\] Microsoft-Windows-Sysmon: Process start: C:\\Users\\bob/);
    expect(JSON.parse(first.Payload!)).toEqual(evs[0]!.data);
  });

  it('keeps cells formula-safe and quoted values whole', () => {
    const ev = hostileEvent();
    const rows = parseCsv(timelineRow(ev));
    const payload = rows[0]![TIMELINE_COLUMNS.indexOf('Payload')]!;
    expect(JSON.parse(payload).Control).toBe(ev.data.Control);
    expect(JSON.parse(payload).Huge).toHaveLength(1_000_000);
    const cmd = rows[0]![TIMELINE_COLUMNS.indexOf('CommandLine')]!;
    expect(cmd).toBe(ev.view?.kind === 'process' ? ev.view.process : '');
    // a value starting with = + - @ is prefixed with ' so a spreadsheet shows it as text
    const other = sampleEvents().find((e) => e.event_id === 7045)!;
    other.system.provider_name = '=cmd|/c calc!A1';
    other.dest = '@SUM(1)';
    const r = parseCsv(timelineRow(other))[0]!;
    expect(r[TIMELINE_COLUMNS.indexOf('Provider')]).toBe("'=cmd|/c calc!A1");
    expect(r[TIMELINE_COLUMNS.indexOf('Computer')]).toBe("'@SUM(1)");
    expect(r[TIMELINE_COLUMNS.indexOf('Details')]).toMatch(/^\[EventID 7045\] =cmd/);
    for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes UTC timestamps in the form Timeline Explorer reads', () => {
    expect(timelineTimestamp('2024-03-01T10:00:00.1230000Z')).toBe('2024-03-01 10:00:00.1230000');
    expect(timelineTimestamp(null)).toBe('');
  });
});
