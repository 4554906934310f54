/**
 * The flags a worker thread of ours starts with (`new Worker(file, { execArgv })`), for the two
 * places that start workers: evidence-reading/worker-script.ts (the ingest and dump workers) and
 * report/report-in-worker.ts (the PDF worker). Node: a worker inherits the parent's execArgv only
 * when none is given, so each flag the worker needs is passed here.
 */

/**
 * A compiled worker (`*.worker.js` beside its bundle): source-mapped stack traces when this process
 * has them (`node --enable-source-maps`, as the npm scripts run the CLI), else none.
 */
export function compiledWorkerExecArgv(): string[] {
  return process.sourceMapsEnabled ? ['--enable-source-maps'] : [];
}

/** A worker run from its TypeScript source (CLI through tsx, vitest): loaded through tsx's CommonJS hook. */
export function sourceWorkerExecArgv(): string[] {
  return ['--require', 'tsx/cjs'];
}
