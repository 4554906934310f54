import { describe, expect, it } from 'vitest';
import { ANY_KEY, channelKey, EventDataKeys, eventIdKey, offeredKeys } from '../../src-main/model/event-data-keys';

describe('event data keys', () => {
  it('key an event by its channel lower-cased and its EventID, `*` for a missing part', () => {
    expect(channelKey('Microsoft-Windows-Sysmon/Operational')).toBe('microsoft-windows-sysmon/operational');
    expect(channelKey(null)).toBe(ANY_KEY);
    expect(eventIdKey(4688)).toBe('4688');
    expect(eventIdKey(0)).toBe('0');
    expect(eventIdKey(null)).toBe(ANY_KEY);
    expect(offeredKeys('system', '7045')).toEqual(['system|7045', 'system|*', '*|7045', '*|*']);
  });

  it('want an event when any key it may be offered under is in the set', () => {
    const keys = new EventDataKeys(['system|7045', 'security|*', '*|4104']);
    expect(keys.wants('System', 7045)).toBe(true);
    expect(keys.wants('SYSTEM', 7045)).toBe(true);
    expect(keys.wants('System', 7036)).toBe(false);
    expect(keys.wants('System', null)).toBe(false);
    expect(keys.wants('Security', 4624)).toBe(true);
    expect(keys.wants('security', null)).toBe(true);
    expect(keys.wants('Microsoft-Windows-PowerShell/Operational', 4104)).toBe(true);
    expect(keys.wants(null, 4104)).toBe(true);
    expect(keys.wants(null, 7045)).toBe(false);
    expect(keys.wants(null, null)).toBe(false);
    // asked again: the remembered answers are the same
    expect(keys.wants('System', 7045)).toBe(true);
    expect(keys.wants('System', 7036)).toBe(false);
  });

  it('want everything with `*|*`, nothing with no keys', () => {
    const all = new EventDataKeys(['*|*']);
    expect(all.wants(null, null) && all.wants('Application', 1)).toBe(true);
    const none = new EventDataKeys([]);
    expect(none.wants(null, null) || none.wants('Application', 1)).toBe(false);
  });

  it('answer the same past the memo bound (a file naming many channels)', () => {
    const keys = new EventDataKeys(['app|1']);
    for (let i = 0; i < 10_000; i++) expect(keys.wants(`Chan${i}`, i)).toBe(false);
    expect(keys.wants('App', 1)).toBe(true);
    expect(keys.wants('App', 2)).toBe(false);
  });
});
