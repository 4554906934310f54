/**
 * Bench child process (one measurement per process, so peak RSS is per tool):
 *   ours FILE WORKERS PASSES [--no-warm-up] [--warm-up-records=N] [--worker=BUNDLE] [--slots=N]
 *                            → our parser to RawEvent objects in WORKERS worker threads (1 too: the
 *                              app never parses on its main thread), taking chunk ranges from a
 *                              queue, as the app schedules them; the workers first run the pool's
 *                              warm-up on the built-in samples (worker/warm-up.ts) unless --no-warm-up
 *                              (up to N records with --warm-up-records=N, else the pools' default);
 *                              the worker is BUNDLE (evtx-worker-build.ts) when given, else run through tsx;
 *                              the workers' young generation is sized as the pools size theirs (worker-heap.ts);
 *                              --slots=N: ranges of N slots instead of the app's EVTX_SLOTS_PER_ITEM (item-size studies)
 *   tsevtx FILE PASSES       → @ts-evtx/core over every chunk slot with a chunk signature
 * Parses the file PASSES times in the same process (the same worker threads) and prints one JSON
 * line {records, failed, ms, cpuMs, processCpuMs, passes, passCpuMs, passProcessCpuMs, passThreadCpuMs, readyMs, warmUp}:
 * `ms` is the first (cold) pass, `passes` every pass, `cpuMs` / `passCpuMs` each worker thread's CPU time
 * in them (Linux), `processCpuMs` / `passProcessCpuMs` the whole process's (every thread: the JIT's
 * compiler threads, GC helpers), `passThreadCpuMs` that split by thread (Linux; see ThreadCpu); all exclude process and module
 * start-up and the warm-up. `readyMs` is from creating the
 * workers to all of them ready (code loaded, warm-up done), `warmUp` each worker's warm-up report. Passes after the first measure steady-state throughput,
 * once the JIT has compiled the hot paths (what a long-lived worker pool sees after its first file).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EVTX_SLOTS_PER_ITEM } from '../../src-main/evidence-reading/plan-reads';
import { chunkSlotCount } from '../../src-main/ingest/evtx/index';
import { configureWorkerHeap } from '../../src-main/evidence-reading/worker-heap';
import { REPO_ROOT } from '../helpers/paths';

/**
 * A pass's CPU time by thread (ms, from /proc/self/task/TID/schedstat): `main` this process's main
 * thread, `workers` the parser workers, `background` V8's platform threads (TurboFan's concurrent
 * compiles, GC helpers: Node starts its delayed-task scheduler thread right after the main thread
 * and then V8_POOL_THREADS of them, so they have the thread ids after the next), `pool` every other
 * thread (libuv's thread pool doing the file reads, started later; the scheduler, which uses no CPU
 * to speak of). Counting the first four threads after the main one as V8's put one of V8's threads
 * in `pool` and the idle scheduler in `background` (per-thread CPU of a 2-worker run, Node 20.20:
 * the first thread after the main one 0.0 ms in every pass, the next four 0.3–6.6 ms each). Where
 * a first pass costs more than the next, this says whose work it is (issue 21: the cold pass's
 * extra CPU was mostly background and pool, the workers' about a cache's misses).
 */
interface ThreadCpu { main: number; workers: number; background: number; pool: number }

/** `cpuMs`: each worker thread's CPU time in the pass (the parse without waiting for a core). */
interface Pass { records: number; failed: number; ms: number; cpuMs: number[]; processCpuMs?: number; threadCpuMs?: ThreadCpu }

/** CPU ms of each thread of this process (empty where /proc cannot be read). */
function taskCpuMs(): Map<number, number> {
  const m = new Map<number, number>();
  try {
    for (const t of readdirSync('/proc/self/task')) {
      try {
        m.set(Number(t), Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'latin1').split(' ')[0]) / 1e6);
      } catch { /* the thread ended */ }
    }
  } catch { /* not Linux */ }
  return m;
}

/** Node's default `--v8-pool-size`. */
const V8_POOL_THREADS = 4;

function threadCpuBetween(before: Map<number, number>, after: Map<number, number>, workerTids: ReadonlySet<number>): ThreadCpu {
  const out: ThreadCpu = { main: 0, workers: 0, background: 0, pool: 0 };
  const early = new Set([...after.keys()].filter((t) => t !== process.pid).sort((a, b) => a - b).slice(1, 1 + V8_POOL_THREADS));
  for (const [tid, ms] of after) {
    const d = ms - (before.get(tid) ?? 0);
    if (tid === process.pid) out.main += d;
    else if (workerTids.has(tid)) out.workers += d;
    else if (early.has(tid)) out.background += d;
    else out.pool += d;
  }
  return out;
}

interface Started { readyMs: number; warmUp: unknown[] }

async function ours(file: string, workers: number, passes: number, warmUp: boolean, compiled: string | undefined, started: Started, warmUpRecords?: number, slotsPerItem = EVTX_SLOTS_PER_ITEM): Promise<Pass[]> {
  const out: Pass[] = [];
  // As the app schedules a file (plan-reads.ts): ranges of EVTX_SLOTS_PER_ITEM slots, each handed
  // to whichever worker is free.
  const slots = chunkSlotCount(statSync(file).size);
  const ranges: [number, number][] = [];
  for (let from = 0; from < slots; from += slotsPerItem) ranges.push([from, Math.min(slots, from + slotsPerItem)]);
  configureWorkerHeap(); // as the app's and the CLI's pools start theirs (worker-script.ts)
  const t0 = performance.now();
  // The warm-up's sample folders as the app and the CLI read them (warm-up.ts), in the source tree.
  const samplesDirs = ['warm-up', 'demo-evidence'].map((d) => join(REPO_ROOT, 'assets', d));
  const ws = Array.from({ length: Math.max(1, workers) }, () => new Worker(compiled ?? join(__dirname, 'evtx-worker.ts'), {
    execArgv: compiled ? [] : ['--require', 'tsx/cjs'],
    workerData: { file, warmUp, samplesDirs, ...(warmUpRecords !== undefined ? { warmUpLimits: { maxRecords: warmUpRecords } } : {}) },
  }));
  const parse = (w: Worker, range: [number, number]) => new Promise<{ records: number; failed: number; cpuMs: number; error?: string }>((res) => {
    w.once('message', res);
    w.postMessage(range);
  });
  try {
    const ready = await Promise.all(ws.map((w) => new Promise<{ warmUp: unknown; tid?: number }>((res) => w.once('message', res))));
    started.readyMs = performance.now() - t0;
    started.warmUp = ready.map((r) => r.warmUp);
    const workerTids = new Set(ready.map((r) => r.tid ?? -1));
    for (let i = 0; i < passes; i++) {
      // Read before the clock starts (reading /proc for every thread took the main thread 0.4–1 ms, 2–3 ms the first times: 20 reads, 13 threads).
      const tasks0 = taskCpuMs();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let next = 0;
      let records = 0;
      let failed = 0;
      const cpuMs = ws.map(() => 0);
      await Promise.all(ws.map(async (w, k) => {
        while (next < ranges.length) {
          const r = await parse(w, ranges[next++]!);
          if (r.error) throw new Error(r.error);
          records += r.records;
          failed += r.failed;
          cpuMs[k]! += r.cpuMs;
        }
      }));
      const cpu = process.cpuUsage(cpu0);
      const ms = performance.now() - t0;
      out.push({ records, failed, ms, cpuMs, processCpuMs: (cpu.user + cpu.system) / 1000, threadCpuMs: threadCpuBetween(tasks0, taskCpuMs(), workerTids) });
    }
  } finally {
    await Promise.all(ws.map((w) => w.terminate()));
  }
  return out;
}

async function tsevtx(file: string, passes: number): Promise<Pass[]> {
  const mod = (await import('@ts-evtx/core')) as unknown as { EvtxFile: new (b: Uint8Array) => TsFile };
  interface TsChunk { checkMagic(): boolean; records(): Iterable<{ renderXml(): string }> }
  interface TsFile { header: { chunks(all: boolean): Iterable<TsChunk> } }
  const out: Pass[] = [];
  for (let i = 0; i < passes; i++) {
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
    out.push({ records, failed, ms: performance.now() - t0, cpuMs: [] });
  }
  return out;
}

const [mode, file, a, b] = process.argv.slice(2);
const started: Started = { readyMs: 0, warmUp: [] };
const compiledWorker = process.argv.find((x) => x.startsWith('--worker='))?.slice('--worker='.length);
const warmUpRecords = process.argv.find((x) => x.startsWith('--warm-up-records='))?.slice('--warm-up-records='.length);
const slotsPerItem = process.argv.find((x) => x.startsWith('--slots='))?.slice('--slots='.length);
const run = mode === 'ours' ? ours(file!, Number(a ?? 1), Number(b ?? 1), !process.argv.includes('--no-warm-up'), compiledWorker, started, warmUpRecords === undefined ? undefined : Number(warmUpRecords), slotsPerItem === undefined ? undefined : Math.max(1, Number(slotsPerItem))) : tsevtx(file!, Number(a ?? 1));
run.then(
  (passes) => process.stdout.write(JSON.stringify({ ...passes[0]!, passes: passes.map((p) => p.ms), passCpuMs: passes.map((p) => p.cpuMs), passProcessCpuMs: passes.map((p) => p.processCpuMs), passThreadCpuMs: passes.map((p) => p.threadCpuMs), ...(mode === 'ours' ? started : {}) }) + '\n'),
  (e: Error) => {
    process.stdout.write(JSON.stringify({ error: e.message }) + '\n');
    process.exitCode = 1;
  },
);
