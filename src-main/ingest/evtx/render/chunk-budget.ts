/**
 * Expansion budget of one chunk: the records of a 64 KiB chunk share its template definitions,
 * so a chunk of small records each just under the per-record budget (expansion-budget.ts) could
 * still expand to gigabytes. Each rendered record is charged its expansion size; a record that
 * would take the chunk's total over budget is refused (`evtx.chunk.expansion`, a record error
 * each, so such records are counted as lost, never dropped silently).
 */
import { EvtxFormatError } from '../errors';
import type { XNode } from '../binxml/nodes';
import { checkRecordExpansion, MAX_CHUNK_CHARS, MAX_CHUNK_NODES } from './expansion-budget';
import type { Expansion } from './expansion-budget';

export interface ChunkBudget {
  nodes: number;
  chars: number;
  /** The size of the record being charged (counted into this object, not a new one per record). */
  record: Expansion;
}

export function newChunkBudget(): ChunkBudget {
  return { nodes: 0, chars: 0, record: { nodes: 0, chars: 0 } };
}

/** Checks the record's own budget, then charges it to the chunk's; throws when either is over. */
export function chargeChunkBudget(budget: ChunkBudget, nodes: XNode[]): void {
  const e = checkRecordExpansion(nodes, budget.record);
  if (budget.nodes + e.nodes > MAX_CHUNK_NODES || budget.chars + e.chars > MAX_CHUNK_CHARS) {
    throw new EvtxFormatError('evtx.chunk.expansion',
      `the chunk's records expand to more than ${MAX_CHUNK_NODES} nodes or ${MAX_CHUNK_CHARS} characters; record not rendered`);
  }
  budget.nodes += e.nodes;
  budget.chars += e.chars;
}
