/**
 * Totals over the evidence list, each event once. An archive's `records` is the sum of its
 * members' (shown on the archive's row), and its members are listed too, so a total over every
 * row would count archived events twice: totals add the real files and the members, never the
 * archive rows.
 */
import type { EvidenceEntry } from './contract';

export function eventTotal(evidence: readonly Pick<EvidenceEntry, 'format' | 'records'>[]): number {
  let n = 0;
  for (const e of evidence) if (e.format !== 'zip') n += e.records ?? 0;
  return n;
}
