/**
 * `npm run evtx-dump` on a large file with worker threads: the file's chunk slots are cut into
 * ranges, the workers parse and serialise them (dump.worker.ts) and send back UTF-8 bytes in
 * transferred buffers, and the main thread writes them in slot order. The output and the summary
 * are byte for byte those of the in-process dump (dump-text.ts is shared). Memory stays bounded:
 * at most `inFlight` ranges are parsed or waiting to be written at any time.
 */
import { Worker } from 'node:worker_threads';
import { emptySummary, type EvtxSummary } from '../ingest/evtx/index';
import { EvtxSource } from './evtx-source';
import { addRangeSummary, type DumpOptions } from './dump-text';
import { workerScript } from './worker-script';

/** 16 slots of 64 KiB: one read block of evtx-source, ~3–5 MB of JSON. */
export const DUMP_SLOTS_PER_RANGE = 16;

export interface DumpRequest { seq: number; from: number; to: number }
export type DumpResponse =
  | { seq: number; bytes: ArrayBuffer; summary: EvtxSummary }
  | { seq: number; error: string };

/**
 * Threads for a file of `slots` chunk slots (1: in-process): `wanted`, at most one per range.
 * In-process by default: on System.evtx (16.8 MB) two workers took more CPU (user + system
 * 2.3–2.8 s against 1.6–1.7 s, three runs on a loaded 2-core machine) and no shorter wall time;
 * `npm run bench -- --only evtx` has both rows.
 */
export function dumpWorkersFor(slots: number, wanted = 1): number {
  return Math.max(1, Math.min(wanted, Math.ceil(slots / DUMP_SLOTS_PER_RANGE)));
}

/**
 * Dumps `file` with `workers` threads, handing each range's bytes to `write` in slot order (it
 * may wait: backpressure; returning false stops the dump, e.g. on EPIPE). Throws the file's open
 * error (not EVTX, unreadable) before any output, and a range's read error after what preceded it.
 */
export async function dumpInWorkers(
  file: string, options: DumpOptions, workers: number, write: (bytes: Uint8Array) => Promise<boolean>,
): Promise<EvtxSummary> {
  const src = await EvtxSource.open(file);
  const slots = src.slotCount;
  await src.close();
  const ranges: DumpRequest[] = [];
  for (let from = 0, seq = 0; from < slots; from += DUMP_SLOTS_PER_RANGE, seq++) ranges.push({ seq, from, to: Math.min(slots, from + DUMP_SLOTS_PER_RANGE) });
  const summary = emptySummary();
  if (ranges.length === 0) return summary;
  const script = workerScript('dump.worker');
  const pool = Array.from({ length: Math.max(1, Math.min(workers, ranges.length)) }, () => new Worker(script.file, { execArgv: script.execArgv, workerData: { file, options } }));
  const inFlight = pool.length * 2;
  const done = new Map<number, DumpResponse>();
  let next = 0; // next range to send
  let written = 0; // next range to write
  try {
    await new Promise<void>((resolve, reject) => {
      let stopped = false;
      const fail = (err: Error) => { if (!stopped) { stopped = true; reject(err); } };
      const canSend = () => !stopped && next < ranges.length && next - written < inFlight;
      /** One entry per range a worker can take now (a worker holds at most two). */
      const free: Worker[] = [];
      const pump = () => { while (free.length > 0 && canSend()) free.shift()!.postMessage(ranges[next++]!); };
      // Writes what is ready, in order; then refills the workers that are idle.
      let writing = false;
      const drain = async () => {
        if (writing) return;
        writing = true;
        try {
          while (!stopped && done.has(written)) {
            const r = done.get(written)!;
            done.delete(written);
            if ('error' in r) { fail(new Error(r.error)); return; }
            addRangeSummary(summary, r.summary);
            written++;
            if (r.bytes.byteLength > 0 && !(await write(new Uint8Array(r.bytes)))) { stopped = true; resolve(); return; }
            pump();
          }
          if (!stopped && written === ranges.length) { stopped = true; resolve(); }
        } finally {
          writing = false;
        }
        if (!stopped && done.has(written)) void drain();
      };
      for (const w of pool) {
        w.on('message', (r: DumpResponse) => {
          done.set(r.seq, r);
          free.push(w);
          pump();
          void drain();
        });
        w.on('error', (err) => fail(err));
        w.on('exit', (code) => { if (written < ranges.length) fail(new Error(`dump worker exited with code ${code}`)); });
      }
      // Two ranges per worker to start: one parsing, one queued behind it.
      for (let k = 0; k < 2; k++) free.push(...pool);
      pump();
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return summary;
}
