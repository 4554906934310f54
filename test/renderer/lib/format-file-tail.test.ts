/** A file name for a narrow list cell (lib/format.ts fileNameTail): kept by its end, never cut inside a character. */
import { describe, expect, it } from 'vitest';
import { FILE_TAIL_CHARS, fileNameTail } from '../../../src-renderer/lib/format';

describe('fileNameTail', () => {
  it('keeps a short name whole and a long one by its last characters after an ellipsis', () => {
    expect(fileNameTail('Security.evtx')).toBe('Security.evtx');
    const tail = fileNameTail('Microsoft-Windows-Sysmon%4Operational.evtx');
    expect(tail).toBe('…Sysmon%4Operational.evtx');
    expect([...tail]).toHaveLength(FILE_TAIL_CHARS);
    expect(fileNameTail('x'.repeat(FILE_TAIL_CHARS))).toBe('x'.repeat(FILE_TAIL_CHARS));
  });

  it('never splits a surrogate pair', () => {
    const tail = fileNameTail(`${'😀'.repeat(30)}.evtx`, 8);
    expect(tail).toBe(`…${'😀'.repeat(2)}.evtx`);
    expect(tail).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
