/**
 * The text `npm run evtx-dump` writes for one parsed chunk, and summaries of chunk ranges added up
 * in slot order: shared by the in-process dump and the dump workers, so both write the same bytes.
 */
import type { ChunkResult, EvtxSummary } from '../ingest/evtx/index';

export interface DumpOptions {
  /** Event XML instead of one JSON object per record. */
  xml: boolean;
  /** Add the records recovered from slack and older chunk generations, marked. */
  recover: boolean;
}

/** The chunk's lines, without their newlines (one per record; with `recover`, the recovered ones after). */
export function chunkLines(r: ChunkResult, opts: DumpOptions): string[] {
  const lines = opts.xml ? [...r.xml] : r.records.map((e) => JSON.stringify(e));
  // recovered records (slack / older generation) are marked: a comment in XML, a key in JSON
  if (opts.recover) {
    if (opts.xml) for (const x of r.recoveredXml) lines.push(`<!-- recovered -->\n${x}`);
    else for (const e of r.recovered) lines.push(JSON.stringify({ ...e, Recovered: true }));
  }
  return lines;
}

/** The chunk's lines, each ending in `\n` ('' when the chunk holds nothing to write). */
export function chunkText(r: ChunkResult, opts: DumpOptions): string {
  const lines = chunkLines(r, opts);
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

/** Adds the summary of the next range (in slot order) to `into`: the sum equals one read of both ranges. */
export function addRangeSummary(into: EvtxSummary, next: EvtxSummary): void {
  into.recordsOk += next.recordsOk;
  into.recordsFailed += next.recordsFailed;
  into.recordsRecovered += next.recordsRecovered;
  into.chunksSkipped += next.chunksSkipped;
  into.chunksEmpty += next.chunksEmpty;
  into.chunksRead += next.chunksRead;
  for (const w of next.warnings) into.warnings.push(w);
  for (const e of next.errors) into.errors.push(e);
  for (const e of next.chunkErrors) into.chunkErrors.push(e);
}
