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
 */
'use strict';

/** The flags, as V8 takes them on its command line. */
const CLI_V8_FLAGS = ['--max-inlined-bytecode-size-cumulative=200'];

/** Sets CLI_V8_FLAGS on this process's V8 (for code compiled from now on). */
function applyCliV8Flags() {
  const v8 = require('node:v8');
  for (const flag of CLI_V8_FLAGS) v8.setFlagsFromString(flag);
}

module.exports = { CLI_V8_FLAGS, applyCliV8Flags };
