import { describe, expect, it } from 'vitest';
import { BINARY_VALUE_TEXT, isSysmonBinaryData, registryDataText } from '../../src-main/shared/registry-data';

describe('registryDataText', () => {
  it("says what Sysmon's \"Binary Data\" is; any other data unchanged", () => {
    expect(registryDataText('Binary Data')).toBe(BINARY_VALUE_TEXT);
    expect(BINARY_VALUE_TEXT).toBe('binary value, not shown by Sysmon');
    expect(registryDataText('C:\\x\\Binary Data.dll')).toBe('C:\\x\\Binary Data.dll');
    expect(registryDataText('binary data')).toBe('binary data'); // a string value that only reads alike
    expect(registryDataText('DWORD (0x00000001)')).toBe('DWORD (0x00000001)');
    expect(isSysmonBinaryData(null)).toBe(false);
  });
});
