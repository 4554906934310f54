/**
 * JIT warm-up of a fresh worker thread (issue 21). Every isolate compiles the parser again: its
 * first ~60,000 records run in V8's interpreter and baseline tiers while TurboFan collects
 * feedback, which on a 16.8 MB file is half a pass, and isolates share no compiled code. A worker
 * that reads a small built-in sample a few times before its first item (synthetic files, ours,
 * never the case's evidence) pays that cost while the app idles, instead of on the analyst's first
 * file.
 *
 * It takes the path a real item takes (parse-file.ts): the EVTX parser or the text readers
 * (Event XML; JSON lines in the NXLog, Winlogbeat and evtx_dump shapes), and the worker's packing
 * of each raw event (event-batcher.ts `addRaw`: normalised where a view needs it, else packed
 * straight from the raw event, packed-batch-encode.ts), whose batches it then drops. Before it
 * packed nothing and read EVTX alone, so the first real item still compiled the packer and the
 * JSON readers, and deoptimised what the samples had not fed (measured with
 * --trace-opt --trace-deopt on StolenSzechuan System.evtx, the first pass after the warm-up: 29
 * optimising compiles, 9 of them the packer's, and 9 deoptimisations).
 *
 * Then it parses the EVTX samples' chunks again, without packing, for the code that runs once per
 * chunk rather than per record (WARM_UP_CHUNKS).
 *
 * The warm-up yields to the event loop after every EVTX chunk and every EVENTS_PER_TURN text
 * events, and stops as soon as `shouldStop` says a real item arrived, so it never holds up work by
 * more than about a millisecond. Its outcome is never observable in any read: its batches go to
 * the main thread only to be decoded and dropped (`WarmUpPost`), never into a read. It adds CPU time of its own, so it is for the pool's idle time only: the pool
 * stops every worker's warm-up at its first item (pool.ts), so the CLI's workers warm up while the
 * folder is walked, until the first hash.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { RawEvent } from '../model/raw-event';
import { sniffFormat } from '../ingest/sniff';
import type { EvidenceFormat } from '../ingest/sniff';
import { EventBatcher, PackingSink } from './event-batcher';
import type { PackedBatchEncoder } from './packed-batch-encode';
import type { PackedBatch } from './packed-batch-format';
import { prepareReadBlocks, readEvtxFile } from './evtx-source';
import { chunkSlotCount } from '../ingest/evtx/index';
import { emptyFileSummary } from './file-summary';
import { readTextEvents, textReaderFor } from './read-text-events';

export interface WarmUpLimits {
  /** Stop once this many records were read (default WARM_UP_RECORDS). */
  maxRecords?: number;
  /**
   * Stop once the worker's thread has spent this much CPU time on it (default WARM_UP_CPU_MS; Linux,
   * where a thread's CPU time can be read; elsewhere only `maxMs` holds): what a warm-up leaves behind
   * is the work it did, which a busy machine stretches in wall time without changing.
   */
  maxCpuMs?: number;
  /** Stop after this long (wall clock, default WARM_UP_MS): a backstop, so no warm-up runs forever. */
  maxMs?: number;
  /** Chunks of the EVTX samples parsed once the record budget is reached (default WARM_UP_CHUNKS). */
  maxChunks?: number;
}

export interface WarmUpReport {
  /** Passes over the samples begun. */
  passes: number;
  records: number;
  ms: number;
  /** The thread's CPU time it took (NaN where a thread's CPU time cannot be read). */
  cpuMs?: number;
  /** Chunks parsed after the record budget was reached (`maxChunks`). */
  chunks?: number;
  /** Why it ended: `done` (record budget reached), `cpu` (CPU budget), `time` (wall clock), `work` (the pool got an item, for this worker or another), `no-samples`, `error`. */
  ended: 'done' | 'cpu' | 'time' | 'work' | 'no-samples' | 'error';
  error?: string;
}

/**
 * Records a warm-up reads by default: about three passes over the samples (~3,100 records a pass: 690 + 480 JSON lines + 1,891 + 54 XML).
 * Measured on System.evtx (thread CPU, loaded 2-core machine, two runs): two workers' first pass
 * took 230–290 ms of CPU each cold, 110–200 ms after four passes over the demo evidence (which took
 * 270–360 ms themselves: the warm-up is for idle time only), 90–180 ms after seven.
 */
const WARM_UP_RECORDS = 10_000;
/**
 * The CPU budget: 10,000 records (the samples' paths, packing included) take a worker's thread
 * ~0.6–1.0 s of CPU (compiled worker, 2026-12-06), so this bounds a warm-up on a slow machine without
 * cutting it short on a busy one. A wall-clock limit alone did: 3 s at a load average of 12 on 2
 * cores ended two workers' warm-ups after 1,800–7,600 records, and their first real pass then paid
 * the rest (bench child on System.evtx).
 */
const WARM_UP_CPU_MS = 2_000;
/**
 * Chunks of the EVTX samples parsed (to RawEvents, not packed) once the record budget is reached.
 * What runs once per chunk, per template definition or per range (the chunk header, the template
 * definitions and their plans, the decoders of values that are cached after their first chunk)
 * runs a few hundred times in the record budget, against 257 times per pass over a 16.8 MB file,
 * so V8 optimised it during the first real file: --trace-opt on StolenSzechuan System.evtx (bench
 * child, compiled worker), optimising compiles in the first pass after the warm-up 8 (1 worker) /
 * 12 (2 workers: each isolate compiles its own), 7 / 5 in the second; with 600 chunks after the
 * budget 0 / 1 and 1 / 0. The cold pass's background CPU (TurboFan's compiles), 6 interleaved runs,
 * medians, machine shared with other jobs (load ~5): 10.1 → 0.2 ms (1 worker), 14.2 → 0.2 ms (2
 * workers); 300 chunks left 11.4 / 5.7 ms. It costs a worker ~200–400 ms of CPU more in its warm-up
 * (5 runs each, same load: 474–522 → 666–977 ms), in idle time: it stops at the first item as the
 * rest of the warm-up does.
 */
const WARM_UP_CHUNKS = 600;
/** The wall-clock backstop (the CPU budget is the limit that normally holds). */
const WARM_UP_MS = 20_000;
/** How often (wall clock) the thread's CPU time is read: a read of /proc costs ~10–20 µs. */
const CPU_CHECK_EVERY_MS = 25;
/** Text events read between two turns of the event loop (a JSON or XML event is ~10–30 µs warm, ~100 µs cold). */
const EVENTS_PER_TURN = 16;
/** The formats a warm-up reads; any other sample (an archive, a README) is passed over. */
const READ: ReadonlySet<EvidenceFormat> = new Set(['evtx', 'xml', 'json', 'jsonl']);
const SAMPLE_HEAD_BYTES = 4096;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * This thread's CPU time in ms (Linux: /proc/thread-self/schedstat, nanoseconds on a CPU), NaN
 * where it cannot be read.
 */
export function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

/** Thrown inside a text read to end it early (the warm-up was told to stop). */
class Stopped extends Error {}

async function formatOf(file: string): Promise<EvidenceFormat> {
  const fh = await open(file, 'r');
  try {
    const head = new Uint8Array(SAMPLE_HEAD_BYTES);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return sniffFormat(head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/**
 * Where a warm-up's packed batches go (the worker posts them to the pool, which decodes them and
 * drops the events, so the main thread's decoder is compiled in idle time too): never an item's
 * events, and nothing waits for them.
 */
export type WarmUpPost = (batch: PackedBatch, transfer: ArrayBuffer[]) => void;

/**
 * Reads `samples` (files of any format a worker reads, told by their content as a case's files
 * are) as a worker reads an item, until a limit is reached or `shouldStop()`. `encoders`: the
 * worker's spare batch encoders (event-batcher.ts), so their buffers are grown once for both.
 * `post`: where its batches go (WarmUpPost; null: dropped in the worker).
 */
export async function warmUpParser(samples: readonly string[], shouldStop: () => boolean, limits: WarmUpLimits = {}, encoders: PackedBatchEncoder[] = [], post: WarmUpPost | null = null): Promise<WarmUpReport> {
  const maxRecords = limits.maxRecords ?? WARM_UP_RECORDS;
  const maxMs = limits.maxMs ?? WARM_UP_MS;
  const maxCpuMs = limits.maxCpuMs ?? WARM_UP_CPU_MS;
  const t0 = performance.now();
  const cpu0 = threadCpuMs();
  const report: WarmUpReport = { passes: 0, records: 0, ms: 0, ended: 'done' };
  let stopped = false;
  let cpuCheckedAt = t0;
  /** Whether the CPU budget is spent (read at most every CPU_CHECK_EVERY_MS of wall time). */
  const cpuSpent = (now: number): boolean => {
    if (Number.isNaN(cpu0) || now - cpuCheckedAt < CPU_CHECK_EVERY_MS) return false;
    cpuCheckedAt = now;
    return threadCpuMs() - cpu0 >= maxCpuMs;
  };
  /** True once a limit is reached or work arrived (and says which in `report.ended`). */
  const check = (): boolean => {
    if (stopped) return true;
    const now = performance.now();
    if (shouldStop()) report.ended = 'work';
    else if (report.records >= maxRecords) report.ended = 'done';
    else if (cpuSpent(now)) report.ended = 'cpu';
    else if (now - t0 >= maxMs) report.ended = 'time';
    else return false;
    stopped = true;
    return true;
  };
  const finish = (r: WarmUpReport): WarmUpReport => ({ ...r, ms: performance.now() - t0, cpuMs: threadCpuMs() - cpu0 });
  if (samples.length === 0) return finish({ ...report, ended: 'no-samples' });
  prepareReadBlocks();
  // packed as for the main thread, then handed to `post` (the main thread decodes and drops them) or dropped
  const sink = new PackingSink(async (batch, transfer) => { post?.(batch, transfer); }, encoders);
  const formats = new Map<string, EvidenceFormat>();
  try {
    let readable = 0;
    while (!check()) {
      report.passes++;
      for (const file of samples) {
        if (check()) break;
        let format = formats.get(file);
        if (format === undefined) formats.set(file, (format = await formatOf(file)));
        if (!READ.has(format)) continue;
        readable++;
        const batcher = new EventBatcher(sink);
        const send = (raw: RawEvent) => batcher.addRaw(raw, 'warm-up');
        if (format === 'evtx') {
          await readEvtxFile(file, {
            ...wholeFile(file),
            onChunk: async (r) => {
              for (const raw of r.records) { const full = send(raw); if (full) await full; }
              for (const raw of r.recovered) { const full = send(raw); if (full) await full; }
              report.records += r.records.length + r.recovered.length;
              await nextTurn(); // lets a 'run' message in
              return !check();
            },
          });
        } else {
          let sinceTurn = 0;
          try {
            await readTextEvents(file, textReaderFor(format as 'xml' | 'json' | 'jsonl', 'warm-up'), emptyFileSummary(), async (raw) => {
              await send(raw);
              report.records++;
              if (++sinceTurn < EVENTS_PER_TURN) return;
              sinceTurn = 0;
              await nextTurn();
              if (check()) throw new Stopped();
            }, () => {}, () => false);
          } catch (e) {
            if (!(e instanceof Stopped)) throw e;
          }
        }
        await batcher.flush();
      }
      if (readable === 0) return finish({ ...report, ended: 'no-samples' });
    }
    if (report.ended === 'done') await chunkRounds(samples.filter((f) => formats.get(f) === 'evtx'), limits.maxChunks ?? WARM_UP_CHUNKS, report, () => {
      const now = performance.now();
      if (shouldStop()) report.ended = 'work';
      else if (cpuSpent(now)) report.ended = 'cpu';
      else if (now - t0 >= maxMs) report.ended = 'time';
      else return false;
      return true;
    });
  } catch (err) {
    report.ended = 'error';
    report.error = err instanceof Error ? err.message : String(err);
  }
  return finish(report);
}

/**
 * The slot range of a whole sample, given as a real item gives its range (parse-file.ts: `from`,
 * `to`, then `onChunk`), so `readEvtxFile` is optimised for the options object a real item passes.
 * Given `onChunk` alone, the first real item threw its optimised code away (--trace-deopt: 'wrong
 * map' in readEvtxFile at each worker's first range, bench child on StolenSzechuan System.evtx),
 * and V8 compiled it again some passes later (15–38 ms of a background thread, 1 and 2 workers).
 */
function wholeFile(file: string): { from: number; to: number } {
  return { from: 0, to: chunkSlotCount(statSync(file).size) };
}

/**
 * Parses the chunks of `evtx` (the EVTX samples) round after round to RawEvents, which it drops,
 * until `maxChunks` chunks or `stop()` (read after every chunk, after a turn of the event loop).
 */
async function chunkRounds(evtx: readonly string[], maxChunks: number, report: WarmUpReport, stop: () => boolean): Promise<void> {
  let chunks = 0;
  let stopped = false;
  const more = (): boolean => !stopped && chunks < maxChunks && !(stopped = stop());
  while (evtx.length > 0 && more()) {
    for (const file of evtx) {
      if (!more()) break;
      await readEvtxFile(file, {
        ...wholeFile(file),
        onChunk: async () => {
          chunks++;
          await nextTurn(); // lets a 'run' message in
          return more();
        },
      });
    }
  }
  report.chunks = chunks;
}

/**
 * Where the samples are, in the order a warm-up pass reads them: the synthetic samples made for
 * the warm-up (assets/warm-up, test/tools/warm-up-sample/: a System log with classic sources,
 * Binary, UserData and slack records, the paths a real System log takes and the demo evidence does
 * not; the same synthetic events as JSON lines in three shapes), then the demo evidence (Sysmon and
 * Security logs, an Event XML export). Measured on StolenSzechuan System.evtx (--trace-deopt, first
 * pass after the warm-up): 16 deoptimisations of the record loop's functions with the demo evidence
 * alone, 6 with the System sample first; optimising compiles in that pass and the next 19 and 19
 * against 8 and 7 (test/bench/HISTORY.md, "What a warmed worker's first real pass still pays").
 */
let samplesDirs = [path.resolve(__dirname, '../../assets/warm-up'), path.resolve(__dirname, '../../assets/demo-evidence')];

/** The packaged app keeps both folders in its resources (forge `extraResource`). */
export function setWarmUpSamplesDirs(dirs: readonly string[]): void {
  samplesDirs = [...dirs];
}

/**
 * The built-in warm-up samples: the files of each folder (a missing one adds none), sorted within
 * it. Their formats are told from their content when they are read (a README is passed over).
 */
export function warmUpSamples(dirs: string | readonly string[] = samplesDirs): string[] {
  return (typeof dirs === 'string' ? [dirs] : dirs).flatMap(filesIn);
}

function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .sort()
      .map((f) => path.join(dir, f))
      .filter((f) => statSync(f).isFile());
  } catch {
    return [];
  }
}
