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
 * The old generation's first limit, to go with it. Until an isolate's first full GC, V8 keeps
 * lowering its old-generation limit towards what the old generation holds plus a few MB, and it
 * starts marking for a full GC once the room left under the limit is smaller than the young
 * generation: with 16 MiB semi-spaces that was right after the warm-up (--trace-incremental-marking:
 * marking started at 8 MB held against a 14 MB limit). So every worker did one Mark-Compact in its
 * first passes over a real file, 11–15 ms on its thread (up to 47 ms on a loaded machine) plus 3–7 ms
 * of marking steps and the background threads' concurrent marking, wherever it fell: in the cold
 * pass or, in the bench, in any of the first ten passes (--trace-gc, the bench child on
 * StolenSzechuan System.evtx, 16 passes, 1 and 2 workers: one per worker in each of 10 runs). A
 * fixed first limit of WORKER_INITIAL_OLD_SPACE_MB (V8's `--initial-old-space-size`, which also stops
 * the lowering) leaves room for what the warm-up leaves (~8–10 MB) plus a young generation's worth:
 * no full GC in the warm-up nor in the 16 passes of each of 6 such runs. It
 * holds only until the first full GC, after which V8 sizes the limits from the live data as
 * always: it moves that GC later, it does not let the heap grow without bound.
 *
 * Scavenges on the scavenging thread alone (`--no-parallel-scavenge`). A parser worker's young
 * generation is almost all garbage when it fills (0.0–0.7 % of it survives: --trace-gc-nvp), so a
 * scavenge has little to share, and V8's parallel scavenge hands it to helper threads all the same
 * and waits for them: with two workers keeping both cores busy, a helper first has to be
 * scheduled, so the worker sat in the pause while its scavenge waited (pause up to 8 ms for one
 * scavenge of 45 KB of survivors). The bench child on StolenSzechuan System.evtx (6 interleaved
 * runs each, --trace-gc-nvp, machine shared with other jobs, load 3–5): scavenge pauses per warm
 * pass, both workers together, 16.3 → 10.9 ms with two workers, 4.7 → 3.3 ms with one; the cold
 * pass 22.6 → 16.8 / 10.6 → 8.1 ms. V8 reads this flag at every scavenge, in every isolate of the
 * process: the main thread scavenges alone too (whole `triage --no-sigma` of the shared corpus, 6
 * interleaved runs: process CPU 2.58 s both ways).
 *
 * V8 reads both sizes when an isolate is created, and Node refuses V8 flags in a worker's
 * `execArgv`, so they are set on this process's V8 before the first worker is made; they change no
 * isolate that already exists (the main thread's keeps its own).
 */
import { setFlagsFromString } from 'node:v8';

/** MiB per semi-space a worker's isolate starts with: V8's own maximum on 64-bit, so never more than a busy worker has. */
export const WORKER_MIN_SEMI_SPACE_MB = 16;

/** MB of old generation a worker's isolate may fill before its first full GC: the warm-up's ~8–10 MB and a young generation's worth. */
const WORKER_INITIAL_OLD_SPACE_MB = 32;

let applied = false;

/**
 * Sets the young-generation size and the first old-generation limit for isolates made from now on,
 * and single-threaded scavenges for every isolate of the process (once per process).
 */
export function configureWorkerHeap(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--min-semi-space-size=${WORKER_MIN_SEMI_SPACE_MB}`);
  setFlagsFromString(`--initial-old-space-size=${WORKER_INITIAL_OLD_SPACE_MB}`);
  setFlagsFromString('--no-parallel-scavenge');
}
