/**
 * Recovery of records that are not allocated in their chunk's current generation (libyal EVTX
 * doc §3 "unused space"; libevtx `evtxexport -m recovered`; omerbenamram/evtx): plausible records
 * (signature, size ≥ 28, equal trailing size copy) in the slack after the free-space offset,
 * records whose id is outside the chunk header's range (an older generation of a reused chunk,
 * common in VSS copies and dirty logs), and records of a chunk whose signature is damaged. They
 * are real evidence: returned in `recovered`, each flagged with its reason. One whose id was
 * already read is a duplicate (not an error); one that cannot be rendered is a record error, so
 * nothing plausible is dropped silently.
 */
import type { RecoveredReason } from '../../model/raw-event';
import type { RawEvent } from '../../model/raw-event';
import type { ChunkContext } from './binxml/context';
import type { ChunkBudget } from './render/chunk-budget';
import { chargeChunkBudget } from './render/chunk-budget';
import { findNextRecord, readRecordHeader, readRecordNodes } from './record';
import type { RecordHeader } from './record';
import { toRawEventWithinBudget } from './render/raw-event';
import { expand } from './render/tree';
import type { Child } from './render/tree';
import { toEventXml } from './render/xml';

/** Where recovered records go (the chunk result's arrays) and how a failure is reported. */
export interface RecoverySink {
  recordIds: number[];
  recovered: RawEvent[];
  recoveredXml: string[];
  recoveredIds: number[];
  objects: boolean;
  xml: boolean;
  /** Reports a record error (chunk-relative offset). */
  fail: (code: string, message: string, offset: number, recordId?: number) => void;
}

/** How one attempt ended. */
export type RecoverOutcome = 'recovered' | 'duplicate' | 'failed';

/**
 * Renders the record at `pos` into the sink's `recovered` arrays, flagged with `reason`. Template
 * offsets of such records may point into another generation of the chunk, so only definitions
 * whose GUID starts with the instance's template id are accepted, and what is rendered must name
 * its provider and event id.
 */
export function tryRecover(ctx: ChunkContext, budget: ChunkBudget, pos: number, h: RecordHeader, sink: RecoverySink, reason: RecoveredReason): RecoverOutcome {
  if (sink.recordIds.includes(h.recordId) || sink.recoveredIds.includes(h.recordId)) return 'duplicate';
  const fail = (code: string, why: string): RecoverOutcome => {
    sink.fail(code, `record ${h.recordId} (${reason}) could not be recovered: ${why}`, pos, h.recordId);
    return 'failed';
  };
  if (h.recordId > Number.MAX_SAFE_INTEGER || h.recordId === 0) return fail('evtx.record.unrecoverable', 'implausible record id');
  ctx.strictTemplateIds = true;
  try {
    const nodes = readRecordNodes(ctx, pos, h.size);
    chargeChunkBudget(budget, nodes);
    const ev = toRawEventWithinBudget(nodes, h);
    if (ev.EventID === null || ev.Provider.Name === null) return fail('evtx.record.unrecoverable', 'no provider name or event id survives');
    let text: string | null = null;
    if (sink.xml) {
      const top: Child[] = [];
      expand(nodes, [], top);
      text = toEventXml(top);
    }
    ev.recovered = reason;
    if (sink.objects) sink.recovered.push(ev);
    if (text !== null) sink.recoveredXml.push(text);
    sink.recoveredIds.push(h.recordId);
    return 'recovered';
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return fail(typeof err.code === 'string' ? err.code : 'evtx.record.unrecoverable', err.message ?? String(e));
  } finally {
    ctx.strictTemplateIds = false;
  }
}

/** How many plausible records a range held, and how many of them were recovered. */
export interface RecoveryCount {
  found: number;
  got: number;
}

/** Tries every plausible record in `[from, to)`; returns how many were found and recovered. */
export function recoverRange(ctx: ChunkContext, budget: ChunkBudget, from: number, to: number, sink: RecoverySink, reason: RecoveredReason): RecoveryCount {
  const b = ctx.buf;
  let found = 0;
  let got = 0;
  let pos = findNextRecord(b, from, b.length);
  while (pos >= 0 && pos < to) {
    const h = readRecordHeader(b, pos);
    found++;
    if (tryRecover(ctx, budget, pos, h, sink, reason) === 'recovered') got++;
    pos = findNextRecord(b, pos + h.size, b.length);
  }
  return { found, got };
}
