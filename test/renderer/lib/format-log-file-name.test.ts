/** A log file's name for a narrow cell (lib/format.ts logFileName): Windows' common channel prefix dropped, nothing else changed. */
import { describe, expect, it } from 'vitest';
import { logFileName } from '../../../src-renderer/lib/format';

describe('logFileName', () => {
  it('drops the Microsoft-Windows- prefix of a channel log, and only that', () => {
    expect(logFileName('Microsoft-Windows-Sysmon%4Operational.evtx')).toBe('Sysmon%4Operational.evtx');
    expect(logFileName('microsoft-windows-PowerShell%4Operational.evtx')).toBe('PowerShell%4Operational.evtx');
    expect(logFileName('Security.evtx')).toBe('Security.evtx');
    expect(logFileName('archive.zip!/Microsoft-Windows-Sysmon%4Operational.evtx')).toBe('archive.zip!/Microsoft-Windows-Sysmon%4Operational.evtx');
    // A name that is only the prefix keeps it (nothing would be left to show).
    expect(logFileName('Microsoft-Windows-')).toBe('Microsoft-Windows-');
  });
});
