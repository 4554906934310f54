import { describe, expect, it } from 'vitest';
import { findingHasDll } from '../../../src-renderer/lib/finding-dll';
import { seedFinding } from '../fixtures';

const empty = { dll_created_by: [], dll_loaded_by: [], other_registry_values: [], dll_file_events: [], dll_load_events: [] };

describe('findingHasDll', () => {
  const seed = seedFinding();
  it('a server path, or pivots that hold the file, name a DLL', () => {
    expect(findingHasDll({ ...seed, server_path: 'c:\\x.dll' }, null)).toBe(true);
    expect(findingHasDll({ ...seed, source: 'sigma', server_path: null }, seed.pivots)).toBe(true);
  });
  it('a Sigma finding with empty DLL pivots, or Sysmon\'s "Binary Data", names none', () => {
    const pivots = { ...seed.pivots, ...empty };
    expect(findingHasDll({ ...seed, source: 'sigma', server_path: null, registry_value_data: '' }, pivots)).toBe(false);
    expect(findingHasDll({ ...seed, source: 'sigma', server_path: undefined, registry_value_data: 'C:\\x.dll' }, pivots)).toBe(false);
    expect(findingHasDll({ ...seed, server_path: undefined, registry_value_data: 'Binary Data' }, pivots)).toBe(false);
    expect(findingHasDll({ ...seed, server_path: null, registry_value_data: '{00000001-0000-0000-0000-0000FEEDACDC}' }, pivots)).toBe(false);
  });
  it('a built-in finding cached before server_path was kept: its value names the DLL', () => {
    expect(findingHasDll({ ...seed, server_path: undefined }, { ...seed.pivots, ...empty })).toBe(true);
  });
});
