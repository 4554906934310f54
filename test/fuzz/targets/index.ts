/** Every fuzz target, by name, in the order the campaign interleaves them. */
import type { FuzzTarget } from '../target';
import { evtxBytesTarget, evtxStructTarget } from './evtx-target';
import { sniffTarget } from './sniff-target';
import { jsonlTarget, jsonTarget, xmlTarget } from './text-target';
import { zipTarget } from './zip-target';

export const TARGETS: readonly FuzzTarget[] = [evtxBytesTarget, evtxStructTarget, xmlTarget, jsonTarget, jsonlTarget, zipTarget, sniffTarget];

export function targetByName(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
