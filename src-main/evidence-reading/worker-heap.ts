/**
 * The young generation our worker threads' isolates start with (issue 21). V8 starts a new isolate
 * with 1 MiB semi-spaces and grows them to 16 MiB (its 64-bit maximum) as a parse keeps objects
 * alive; a fresh worker's first real file paid that growth: its young generation filled and was
 * scavenged over and over while objects were promoted early, and every page it grew into was a fresh
 * page fault. Measured on StolenSzechuan System.evtx, one thread, the first pass after the warm-up
 * (thread CPU from /proc/thread-self/schedstat, 8 interleaved runs on a loaded 2-core machine):
 * 130 ms and ~3,600 page faults at the default, 96 ms and ~1,500 starting at 16 MiB, against 73 ms
 * for a warm pass. A worker that stays busy reaches 16 MiB anyway, so this moves the growth into
 * the warm-up rather than adding memory to a long read.
 *
 * V8 reads the size when an isolate is created, and Node refuses V8 flags in a worker's `execArgv`,
 * so it is set on this process's V8 before the first worker is made; it changes no isolate that
 * already exists (the main thread's keeps its own).
 */
import { setFlagsFromString } from 'node:v8';

/** MiB per semi-space a worker's isolate starts with: V8's own maximum on 64-bit, so never more than a busy worker has. */
export const WORKER_MIN_SEMI_SPACE_MB = 16;

let applied = false;

/** Sets the young-generation size for isolates made from now on (once per process). */
export function sizeWorkerYoungGeneration(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--min-semi-space-size=${WORKER_MIN_SEMI_SPACE_MB}`);
}
