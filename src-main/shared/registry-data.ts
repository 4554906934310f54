/**
 * Registry value data as Sysmon writes it in `Details` (events 13/14): the string itself, or a
 * stand-in for a value it does not show. For REG_BINARY it writes the literal text `Binary Data`
 * (and `DWORD (0x…)` / `QWORD (0x…-0x…)` for numbers): never a file path, never a DLL to pivot on.
 */

/** Sysmon's `Details` for a REG_BINARY value (the bytes are not in the event). */
const SYSMON_BINARY_DATA = 'Binary Data';

/** What a reader sees in place of Sysmon's stand-in. */
export const BINARY_VALUE_TEXT = 'binary value, not shown by Sysmon';

/** True for Sysmon's stand-in for a REG_BINARY value (exact, as Sysmon writes it). */
export function isSysmonBinaryData(data: string | null | undefined): boolean {
  return data === SYSMON_BINARY_DATA;
}

/** The value data as a reader reads it: Sysmon's `Binary Data` said plainly, anything else unchanged. */
export function registryDataText(data: string): string {
  return isSysmonBinaryData(data) ? BINARY_VALUE_TEXT : data;
}
