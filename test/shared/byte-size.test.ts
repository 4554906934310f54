/** One size unit for the CLI, the app and the PDF (issue 19): MB of 10^6 bytes, the same text for the same file. */
import { describe, expect, it } from 'vitest';
import { formatMegabytes } from '../../src-main/shared/byte-size';
import { fmtBytes } from '../../src-main/report/format';
import { formatBytes } from '../../src-renderer/lib/format';

describe('formatMegabytes', () => {
  it('states sizes in MB of 10^6 bytes, bytes below 1,000, and refuses nonsense', () => {
    expect(formatMegabytes(0)).toBe('0 B');
    expect(formatMegabytes(999)).toBe('999 B');
    expect(formatMegabytes(1_023)).toBe('0.001 MB');
    expect(formatMegabytes(69_632)).toBe('0.070 MB');
    expect(formatMegabytes(2_045_952)).toBe('2.05 MB');
    expect(formatMegabytes(734_003_200)).toBe('734.0 MB');
    expect(formatMegabytes(-1)).toBe('—');
    expect(formatMegabytes(Number.NaN)).toBe('—');
  });

  it('is what the app and the report print for the same file', () => {
    expect(formatBytes(2_045_952)).toBe('2.05 MB');
    expect(fmtBytes(2_045_952)).toBe('2.05 MB');
    expect(fmtBytes(512)).toBe('512 B');
  });
});
