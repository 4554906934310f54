/**
 * Whether a finding names a DLL, so its detail offers the DLL pivot (issue 19: a Sigma finding with
 * no DLL showed an empty "DLL pivot" tab). A built-in finding names one in its COM server path; any
 * finding whose pivots hold a creation, a load or another registry value of the file names one
 * (a Sigma finding on an image load or a file event). Sysmon's "Binary Data" is never a DLL.
 */
import type { CaseFinding, FindingPivots } from '../../src-main/shared/contract';
import { isSysmonBinaryData } from '../../src-main/shared/registry-data';

type DllFacts = Pick<CaseFinding, 'server_path' | 'source' | 'sigma' | 'registry_value_data'>;

export function findingHasDll(f: DllFacts, pivots: FindingPivots | null): boolean {
  if (f.server_path) return true;
  if (pivots && (pivots.dll_created_by.length + pivots.dll_loaded_by.length + pivots.other_registry_values.length + pivots.dll_file_events.length + pivots.dll_load_events.length) > 0) return true;
  // A finding cached before server_path was kept: a built-in rule's value names its DLL, unless Sysmon hid the value.
  const builtin = f.source !== 'sigma' && !f.sigma;
  return f.server_path === undefined && builtin && f.registry_value_data !== '' && !isSysmonBinaryData(f.registry_value_data);
}
