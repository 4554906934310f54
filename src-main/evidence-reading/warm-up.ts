/**
 * JIT warm-up of a fresh worker thread (issue 21). Every isolate compiles the parser again: its
 * first ~60,000 records run in V8's interpreter and baseline tiers while TurboFan collects
 * feedback, which on a 16.8 MB file is half a pass, and isolates share no compiled code. A worker
 * that parses and normalises a small built-in sample a few times before its first item (the
 * demo evidence's EVTX files: synthetic, ours, never the case's evidence) pays that cost while
 * the app idles or the CLI starts, instead of on the analyst's first file.
 *
 * The warm-up yields to the event loop after every chunk and stops as soon as `shouldStop` says a
 * real item arrived, so it never holds up work by more than one chunk's parse (~1 ms). Its outcome
 * is never observable in any read: nothing it parses leaves the worker.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { normaliseEvent } from '../model/normalise';
import { readEvtxFile } from './evtx-source';

export interface WarmUpLimits {
  /** Stop once this many records were parsed (default WARM_UP_RECORDS). */
  maxRecords?: number;
  /** Stop after this long (wall clock, default WARM_UP_MS): a slow or busy machine does not warm up forever. */
  maxMs?: number;
}

export interface WarmUpReport {
  /** Passes over the samples begun. */
  passes: number;
  records: number;
  ms: number;
  /** Why it ended: `done` (record budget reached), `time`, `work` (an item arrived), `no-samples`, `error`. */
  ended: 'done' | 'time' | 'work' | 'no-samples' | 'error';
  error?: string;
}

/**
 * Records a warm-up parses by default: about five passes over the demo evidence's 1,891 records.
 * Measured on System.evtx (thread CPU, loaded 2-core machine, two runs): two workers' first pass
 * took 230–290 ms of CPU each cold, 110–200 ms after four passes over the samples (which took
 * 270–360 ms themselves: the warm-up is for idle time only), 90–180 ms after seven.
 */
const WARM_UP_RECORDS = 10_000;
const WARM_UP_MS = 2_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Parses and normalises `samples` (EVTX files) until a limit is reached or `shouldStop()`. */
export async function warmUpParser(samples: readonly string[], shouldStop: () => boolean, limits: WarmUpLimits = {}): Promise<WarmUpReport> {
  const maxRecords = limits.maxRecords ?? WARM_UP_RECORDS;
  const maxMs = limits.maxMs ?? WARM_UP_MS;
  const t0 = performance.now();
  const report: WarmUpReport = { passes: 0, records: 0, ms: 0, ended: 'done' };
  let stopped = false;
  /** True once a limit is reached or work arrived (and says which in `report.ended`). */
  const check = (): boolean => {
    if (stopped) return true;
    if (shouldStop()) report.ended = 'work';
    else if (performance.now() - t0 >= maxMs) report.ended = 'time';
    else if (report.records >= maxRecords) report.ended = 'done';
    else return false;
    stopped = true;
    return true;
  };
  if (samples.length === 0) return { ...report, ended: 'no-samples' };
  try {
    while (!check()) {
      report.passes++;
      for (const file of samples) {
        if (check()) break;
        await readEvtxFile(file, {
          onChunk: async (r) => {
            for (const raw of r.records) normaliseEvent(raw, { evidence: 'warm-up' });
            report.records += r.records.length;
            await nextTurn(); // lets a 'run' message in
            return !check();
          },
        });
      }
    }
  } catch (err) {
    report.ended = 'error';
    report.error = err instanceof Error ? err.message : String(err);
  }
  report.ms = performance.now() - t0;
  return report;
}

/**
 * Where the samples are, in the order a warm-up pass reads them: the synthetic System log made for the
 * warm-up (assets/warm-up, test/tools/warm-up-sample/generate.ts: classic sources, Binary, UserData,
 * slack records: the paths a real System log takes and the demo evidence does not), then the demo
 * evidence's Sysmon and Security logs. Measured on StolenSzechuan System.evtx (--trace-deopt, first
 * pass after the warm-up): 16 deoptimisations of the record loop's functions with the demo evidence
 * alone, 6 with the System sample first; optimising compiles in that pass and the next 19 and 19
 * against 8 and 7 (README, "What a warmed worker's first real pass still pays").
 */
let samplesDirs = [path.resolve(__dirname, '../../assets/warm-up'), path.resolve(__dirname, '../../assets/demo-evidence')];

/** The packaged app keeps both folders in its resources (forge `extraResource`). */
export function setWarmUpSamplesDirs(dirs: readonly string[]): void {
  samplesDirs = [...dirs];
}

/** The built-in warm-up samples: the `.evtx` files of each folder (a missing one adds none), sorted within it. */
export function warmUpSamples(dirs: string | readonly string[] = samplesDirs): string[] {
  return (typeof dirs === 'string' ? [dirs] : dirs).flatMap(evtxFilesIn);
}

function evtxFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.toLowerCase().endsWith('.evtx'))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}
