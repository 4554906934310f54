/**
 * Which pivots an imported case lacks: a triage JSON document carries only what the contract
 * lists (shared/contracts/triage-output.schema.json), not the events behind the pivots; those
 * stay on the computer that read the evidence. A pivot tab with nothing in it says so.
 */
import type { FindingPivots } from '../../src-main/shared/contract';

export type PivotTab = 'timeline' | 'processes' | 'dll';

/** True when the imported document gave this tab nothing to show. */
export function pivotAbsent(tab: PivotTab, p: FindingPivots): boolean {
  switch (tab) {
    case 'timeline': return p.timeline.length === 0;
    case 'processes': return p.tree.length === 0 && p.parallel.length === 0;
    case 'dll': return p.dll_created_by.length === 0 && p.dll_loaded_by.length === 0 && p.dll_file_events.length === 0 && p.dll_load_events.length === 0;
  }
}
