/**
 * Files written by the test EVTX writer (test/tools/evtx-writer/) into a temp folder, and the four
 * layouts both tiers check (single and multiple chunks, clean and dirty headers): their layout in
 * test/tools/evtx-writer/writer.test.ts, what evtxexport and python-evtx read of them in
 * test/oracle/tools/evtx-writer/writer.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EvtxWriter } from '../tools/evtx-writer/index';
import type { WrittenEvent } from '../tools/evtx-writer/index';

let tmp: string | null = null;

/** Writes `events` as `name` in this test file's temp folder: the path, the bytes and the chunk count. */
export function writeEvtx(name: string, events: WrittenEvent[], opts: ConstructorParameters<typeof EvtxWriter>[0] = {}) {
  tmp ??= mkdtempSync(path.join(os.tmpdir(), 'evtx-writer-'));
  const w = new EvtxWriter(opts).addAll(events);
  const file = path.join(tmp, name);
  const bytes = w.toBytes();
  writeFileSync(file, bytes);
  return { file, bytes, chunks: w.chunkCount };
}

/** 40 records fit one chunk, 1,500 need several; a dirty file has its header's dirty flag set. */
export const WRITER_CASES = [
  { name: 'single-chunk-clean.evtx', count: 40, dirty: false },
  { name: 'single-chunk-dirty.evtx', count: 40, dirty: true },
  { name: 'multi-chunk-clean.evtx', count: 1500, dirty: false },
  { name: 'multi-chunk-dirty.evtx', count: 1500, dirty: true },
];
