/**
 * Bench child process (one measurement per process, so peak RSS is per tool):
 *   ours FILE WORKERS   → our parser to RawEvent objects, WORKERS threads by chunk ranges
 *   tsevtx FILE         → @ts-evtx/core over every chunk slot with a chunk signature
 * Prints one JSON line {records, failed, ms}; `ms` excludes process and module start-up.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { chunkSlotCount } from '../../src-main/ingest/evtx/index';
import { readEvtxFile } from '../../src-main/worker/evtx-source';

async function ours(file: string, workers: number): Promise<object> {
  if (workers <= 1) {
    const t0 = performance.now();
    let records = 0;
    const { summary } = await readEvtxFile(file, { onChunk: (r) => { records += r.records.length; } });
    return { records, failed: summary.recordsFailed, ms: performance.now() - t0 };
  }
  const slots = chunkSlotCount(statSync(file).size);
  const per = Math.ceil(slots / workers);
  const ws = Array.from({ length: workers }, (_, i) => new Worker(join(__dirname, 'evtx-worker.ts'), {
    execArgv: ['--require', 'tsx/cjs'],
    workerData: { file, from: i * per, to: Math.min(slots, (i + 1) * per) },
  }));
  await Promise.all(ws.map((w) => new Promise((res) => w.once('message', res))));
  const t0 = performance.now();
  const results = await Promise.all(ws.map((w) => new Promise<{ records: number; failed: number; error?: string }>((res) => {
    w.once('message', res);
    w.postMessage('go');
  })));
  const ms = performance.now() - t0;
  await Promise.all(ws.map((w) => w.terminate()));
  const err = results.find((r) => r.error);
  if (err) throw new Error(err.error);
  return { records: results.reduce((n, r) => n + r.records, 0), failed: results.reduce((n, r) => n + r.failed, 0), ms };
}

async function tsevtx(file: string): Promise<object> {
  const mod = (await import('@ts-evtx/core')) as unknown as { EvtxFile: new (b: Uint8Array) => TsFile };
  interface TsChunk { checkMagic(): boolean; records(): Iterable<{ renderXml(): string }> }
  interface TsFile { header: { chunks(all: boolean): Iterable<TsChunk> } }
  const t0 = performance.now();
  const f = new mod.EvtxFile(readFileSync(file));
  let records = 0;
  let failed = 0;
  for (const c of f.header.chunks(true)) {
    if (!c.checkMagic()) continue;
    try {
      for (const r of c.records()) {
        try { r.renderXml(); records++; } catch { failed++; }
      }
    } catch { failed++; }
  }
  return { records, failed, ms: performance.now() - t0 };
}

const [mode, file, workers] = process.argv.slice(2);
(mode === 'ours' ? ours(file!, Number(workers ?? 1)) : tsevtx(file!)).then(
  (r) => process.stdout.write(JSON.stringify(r) + '\n'),
  (e: Error) => {
    process.stdout.write(JSON.stringify({ error: e.message }) + '\n');
    process.exitCode = 1;
  },
);
