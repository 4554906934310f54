/** Every fuzz target, by name, in the order the campaign interleaves them. */
import type { FuzzTarget } from '../target.ts';
import { evtxBytesTarget, evtxStructTarget } from './evtx-target.ts';
import { sniffTarget } from './sniff-target.ts';
import { jsonlTarget, jsonTarget, xmlTarget } from './text-target.ts';
import { zipTarget } from './zip-target.ts';

export const TARGETS: readonly FuzzTarget[] = [evtxBytesTarget, evtxStructTarget, xmlTarget, jsonTarget, jsonlTarget, zipTarget, sniffTarget];

export function targetByName(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
