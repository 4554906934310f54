/**
 * V8 flags of the command-line tools' processes (issue 21), set by the launcher (scripts/cli.cjs)
 * before the command's bundle loads. V8 flags are process-wide: they hold in the main thread and in
 * every worker thread the command starts.
 *
 * A command runs once over a folder, so a large part of its CPU time is V8's optimising compiler
 * (TurboFan, on background threads): a folder triage of the shared corpus (48.6 MB) spent about a
 * third of its ~4 s of CPU on V8's background threads, and each compile is as big as the callees
 * TurboFan inlines into the function it optimises. A smaller cumulative inlining budget (bytecode
 * bytes inlined into one function: V8's default 920) makes each compile smaller at little cost to
 * the compiled code. Measured on a busy 2-core machine (2026-12-06, Node 20.20): a worker's reading
 * of the whole corpus in one process, 5 interleaved runs, background-thread CPU 1,330 → 930 ms
 * (median), its own thread 2,730 → 2,850 ms over 3 passes (the third, warm, pass ~7 % slower: so
 * not for the app's long-lived pool, where warm throughput counts); whole `triage --workers 2`
 * runs, 5 interleaved rounds, process CPU (user+sys) median 4.67 → 3.88 s with `--no-sigma` and
 * 6.19 → 5.48 s with the Sigma rules, lower in every round. The app (Electron) keeps V8's defaults.
 *
 * `triage` also waits longer before optimising a function: V8's interrupt budget (bytecode
 * executed before a function is considered for TurboFan; V8 11.3's default 67,584) four times
 * higher, so code that runs only for a while (the Sigma rules' lazy builds, the index's bucket
 * builds, the readers' per-file set-up, the outputs) stays in the baseline tier instead of being
 * compiled and often deoptimised. Measured on the quiet 2-core VM (2026-12-06, Node 20.20, shared
 * corpus, `--workers 2`, 8 interleaved rounds through this launcher): process CPU medians with the
 * full Sigma set 4.43 → 4.14 s, with `--no-sigma` 3.14 → 3.00 s; wall medians 2.73 → 2.62 s (lower
 * in 8 of 8 rounds) and 1.88 → 1.82 s (7 of 8). Twice and eight times the default were tried too
 * (the flag on Node's command line, 5 and 8 rounds): twice within the noise, eight times cut the
 * `--no-sigma` run's CPU more but not the Sigma run's. Not for `evtx-dump`: a single file's parse
 * is all hot code, and the later tier-up made it ~5 % slower (5 rounds, 513 → 537 ms median).
 *
 * Measured against these flags for the Sigma run (issue 18, 2026-12-07, Node 20.20, busy 2-core VM,
 * load 9–15) and not kept. The Sigma set's cold first matching pass over the corpus's 91,482 events
 * (test/bench/sigma-eval-run.ts, process CPU, 8 interleaved rounds; these flags 461–484 ms median),
 * paired median change: `--always-sparkplug` +98 ms (whole triages: Sigma run −0.13 s CPU over 14
 * busy rounds, +0.49 s over 10 at load ~3; `--no-sigma` +0.20 / +0.08 s), `--no-sparkplug` +229,
 * feedback vectors sooner or later (`--interrupt-budget-factor-for-feedback-allocation` 2 / 16,
 * V8's 8) +54 / +237, V8's interrupt budget or 8× it +157 / +215, cumulative inlining budget 100 /
 * 400 / 920 +76 / +118 / +120 (150 and 280: within ±30 ms, and 150 changed neither whole triage
 * over 32 rounds). Whole triages (5–17 interleaved rounds each): young-generation growth
 * (`--semi-space-growth-factor` 4, 16), `--no-minor-gc-task`, `--no-parallel-scavenge`,
 * `--no-concurrent-marking`, `--no-concurrent-recompilation`, `--max-lazy`,
 * `--no-lazy-feedback-allocation`, 32 MiB semi-spaces: the Sigma run's process CPU within ±0.2 s,
 * no direction held across rounds. An inlining budget of 100 cut the `--no-sigma` run's CPU by 0.37
 * s on the busy machine (lower in 14 of 17 rounds), by nothing at load ~2.6 (10 rounds), and the
 * Sigma run's by nothing at either. `--no-parallel-scavenge` is set since for every process that
 * makes parser workers (src-main/evidence-reading/worker-heap.ts, for two workers' sake), `triage`
 * included: whole triages of the shared corpus with it and the rest of that change (2026-12-07,
 * quiet 2-core VM, 6 interleaved rounds each) `--no-sigma` 1.40 → 1.35 s wall (process CPU 2.49 →
 * 2.41 s), the Sigma set 2.05 → 2.00 s (3.45 → 3.33 s).
 *
 * `triage` also caps its worker threads' young generation at 2 MiB semi-spaces
 * (`--max-semi-space-size=2`; V8's 64-bit default grows them to 16 MiB, and a worker pool asks for
 * 16 MiB from the start: worker-heap.ts, whose minimum V8 caps at this maximum). A triage's
 * workers allocate a short-lived object graph per event (raw event, fields, packed words): in a
 * young generation that stays within the caches each scavenge is cheap, and a 16 MiB one was
 * measured slower on the whole. Measured on the 2-core VM (2026-12-07, Node 20.20, shared corpus,
 * `--workers 2`, while other jobs ran, load 4–7): `--no-sigma` 6 interleaved rounds through
 * the launcher, wall medians 1.70 → 1.57 s (lower in 6 of 6), process CPU 2.97 → 2.75 s, peak RSS
 * 190 → 131 MB (flag on node's command line); set as here (workers only), 5 rounds, CPU
 * 3.06 → 2.80 s, RSS 192 → 144 MB; the full Sigma set, 5 rounds, wall 2.26 → 2.15 s (5 of 5), CPU
 * 3.86 → 3.63 s, RSS 233 → 184 MB. 4 MiB gave back most of the gain (6 rounds: 1.59 against
 * 1.73 s), 1 MiB was slower than 2 (branch main's notes). Not for `evtx-dump` nor the app's pool:
 * the parser alone, without the rest of a triage's per-event work, was ~10 % slower warm with 2 MiB
 * (the bench's child, 4 interleaved runs: 69.7 → 77.1 ms per pass on System.evtx, 1 worker).
 *
 * The flags are set after V8 started (`v8.setFlagsFromString`), which not every flag survives:
 * `--single-threaded-gc` set so aborts V8 at the main thread's next full GC (2026-12-07, Node 20.20:
 * "Check failed: concurrent_marking_handle_ …", every triage run), and flags that size an isolate's
 * heap (`--max-semi-space-size`, `--min-semi-space-size`) reach only the worker threads' isolates,
 * made afterwards, never the main thread's. test/scripts/cli-v8-flags.test.ts sets each command's
 * flags so and collects garbage in both kinds of thread.
 */
'use strict';

/** The flags of every command, as V8 takes them on its command line. */
const CLI_V8_FLAGS = ['--max-inlined-bytecode-size-cumulative=200'];

/** Further flags by command name (scripts/cli.cjs's NAME). */
const COMMAND_V8_FLAGS = { triage: ['--interrupt-budget=270336', '--max-semi-space-size=2'] };

/** The flags of the command `name`. */
function cliV8FlagsFor(name) {
  return [...CLI_V8_FLAGS, ...(Object.hasOwn(COMMAND_V8_FLAGS, name) ? COMMAND_V8_FLAGS[name] : [])];
}

/** Sets the flags of the command `name` on this process's V8 (for code compiled from now on). */
function applyCliV8Flags(name) {
  const v8 = require('node:v8');
  for (const flag of cliV8FlagsFor(name)) v8.setFlagsFromString(flag);
}

module.exports = { CLI_V8_FLAGS, COMMAND_V8_FLAGS, cliV8FlagsFor, applyCliV8Flags };
