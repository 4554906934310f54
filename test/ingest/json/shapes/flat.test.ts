/** Flat NXLog `im_msvistalog` records: the Windows level from NXLog's EventType or SeverityValue. */
import { describe, expect, it } from 'vitest';
import { readJsonEvents } from '../../../../src-main/ingest/json/index';

function level(record: Record<string, unknown>): number | null {
  const r = readJsonEvents(JSON.stringify({ EventID: 1, Channel: 'System', Hostname: 'h', ...record }) + '\n');
  expect(r.events).toHaveLength(1);
  return r.events[0]!.event.Level;
}

describe('NXLog flat JSON: Level', () => {
  it('from EventType: the audit words are LogAlways (0), the others their level', () => {
    expect(['AUDIT_SUCCESS', 'AUDIT_FAILURE', 'CRITICAL', 'ERROR', 'WARNING', 'INFO', 'VERBOSE'].map((t) => level({ EventType: t, SeverityValue: 2 })))
      .toEqual([0, 0, 1, 2, 3, 4, 5]);
  });

  it('from SeverityValue where the event\'s own EventType (Sysmon SetValue) replaced NXLog\'s', () => {
    expect([5, 4, 3, 2, 1].map((v) => level({ EventType: 'SetValue', SeverityValue: v }))).toEqual([1, 2, 3, 4, 5]);
    expect(level({ EventType: 'SetValue' })).toBeNull();
    expect(level({ SeverityValue: '4' })).toBeNull(); // not NXLog's number
  });

  it('the level words are not EventData; Sysmon\'s EventType is', () => {
    const r = readJsonEvents(`${JSON.stringify({ EventID: 13, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'h', EventType: 'SetValue', SeverityValue: 2 })}\n`);
    expect(r.events[0]!.event.EventData).toEqual({ EventType: 'SetValue' });
  });
});

describe('NXLog flat JSON: ProviderName', () => {
  it('is the provider only without SourceName; beside SourceName it is the event\'s own field', () => {
    const read = (o: Record<string, unknown>) => readJsonEvents(`${JSON.stringify({ EventID: 600, Channel: 'Windows PowerShell', Hostname: 'h', ...o })}\n`).events[0]!.event;
    const own = read({ SourceName: 'PowerShell', ProviderName: 'Registry' });
    expect([own.Provider.Name, own.EventData]).toEqual(['PowerShell', { ProviderName: 'Registry' }]);
    const alone = read({ ProviderName: 'PowerShell' });
    expect([alone.Provider.Name, alone.EventData]).toEqual(['PowerShell', {}]);
  });
});
