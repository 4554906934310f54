/**
 * Renders the PDF report in a worker thread (report.worker.ts), one worker per report, with a heap
 * limit and a time limit: the app's main process stays responsive while a report is laid out, and
 * a report that would exhaust memory fails as `{code: 'internal', message}` instead of killing the
 * app. The worker entry is `report.worker.js` beside the bundle in the built app (forge builds it
 * next to main.js and ingest.worker.js) and the TypeScript entry through tsx from source (CLI, tests).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReportRequest } from '../shared/contract';
import { ApiError } from '../shared/errors';
import { compiledWorkerExecArgv, sourceWorkerExecArgv } from '../shared/worker-exec-argv';
import { reportAssetsDir } from './fonts';
import { withPrintedPivotsOnly } from './report-model';
import type { ReportWorkerData, ReportWorkerReply } from './report.worker';

/** The worker's old-generation heap limit: a 100,000-finding report peaks well below it. */
const REPORT_HEAP_MB = 2048;
/** A report taking longer than this is stopped. */
const REPORT_TIME_LIMIT_MS = 15 * 60 * 1000;

export interface ReportWorkerOptions {
  heapMb?: number;
  /** Lay out a report of an empty case first (report-warm-up.ts): for a worker started well ahead of its request. */
  warmUp?: boolean;
  timeLimitMs?: number;
  /** The worker entry (tests); found beside this module by default. */
  script?: { file: string; execArgv: string[] };
}

function reportWorkerScript(): { file: string; execArgv: string[] } {
  const built = path.join(__dirname, 'report.worker.js');
  if (existsSync(built)) return { file: built, execArgv: compiledWorkerExecArgv() };
  const source = path.join(__dirname, 'report.worker.ts');
  if (existsSync(source)) return { file: source, execArgv: sourceWorkerExecArgv() };
  throw new ApiError('internal', `report worker entry not found beside ${__dirname}`);
}

/** A report worker started ahead of its request (`startReportWorker`): it loads its code meanwhile. */
export interface ReportWorker {
  /** Renders `req` (once: the worker exits with its answer); the time limit runs from this call. */
  render(req: ReportRequest): Promise<Uint8Array>;
  /** Stops the worker (a triage that failed, an output that could not be written); a pending `render` rejects. Idempotent. */
  close(): void;
}

/**
 * Starts a report worker now, so that it loads pdfmake and the report's code (and, with `warmUp`,
 * lays out a report of an empty case) while the caller still reads the evidence, not after (the
 * CLI's triage with `--pdf`). The idle worker does not keep the process alive: an error before
 * `render` ends the process as without it. The heap limit holds from the start, the time limit
 * from `render`.
 */
export function startReportWorker(opts: ReportWorkerOptions = {}): ReportWorker {
  const script = opts.script ?? reportWorkerScript();
  const heapMb = opts.heapMb ?? REPORT_HEAP_MB;
  const worker = new Worker(script.file, {
    execArgv: script.execArgv,
    workerData: { assetsDir: reportAssetsDir(), warmUp: opts.warmUp === true } satisfies ReportWorkerData,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  /** Why the worker stopped before a report was asked of it (null: it has not). */
  let early: ApiError | null = null;
  const onEarlyError = (err: Error & { code?: string }): void => { early ??= workerError(err, heapMb); };
  const onEarlyExit = (code: number): void => { early ??= exitError(code); };
  worker.on('error', onEarlyError);
  worker.on('exit', onEarlyExit);
  let used = false;
  return {
    render(req) {
      if (used) return Promise.reject(new ApiError('internal', 'a report worker renders one report', { stage: 'report' }));
      used = true;
      worker.off('error', onEarlyError);
      worker.off('exit', onEarlyExit);
      if (early !== null) return Promise.reject(early);
      worker.ref();
      return new Promise<Uint8Array>((resolve, reject) => {
        let settled = false;
        const finish = (err: ApiError | null, pdf?: Uint8Array): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          void worker.terminate();
          if (err !== null) reject(err);
          else resolve(pdf!);
        };
        const timer = setTimeout(() => finish(new ApiError('internal', `the report took longer than ${Math.ceil((opts.timeLimitMs ?? REPORT_TIME_LIMIT_MS) / 1000)} s and was stopped`, { stage: 'report' })), opts.timeLimitMs ?? REPORT_TIME_LIMIT_MS);
        worker.once('message', (reply: ReportWorkerReply) => {
          if (reply.ok) finish(null, reply.pdf);
          else finish(ApiError.fromShape(reply.error));
        });
        worker.once('error', (err: Error & { code?: string }) => finish(workerError(err, heapMb)));
        worker.once('exit', (code) => finish(exitError(code)));
        // Copied to the worker (structured clone): without the pivots of findings not printed in full.
        worker.postMessage({ req: withPrintedPivotsOnly(req) });
      });
    },
    close() {
      used = true;
      void worker.terminate();
    },
  };
}

function workerError(err: Error & { code?: string }, heapMb: number): ApiError {
  const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
  return new ApiError('internal', oom
    ? `the report needs more than ${heapMb} MB to lay out and was stopped; report fewer findings, or use the JSON/CSV exports`
    : `the report could not be rendered: ${err.message}`, { stage: 'report', ...(oom ? { reason: 'out_of_memory' } : {}) });
}

function exitError(code: number): ApiError {
  return new ApiError('internal', `the report worker stopped (exit code ${code}) before the report was done`, { stage: 'report' });
}

/** Renders `req` in a worker of its own, started now. */
export function renderReportInWorker(req: ReportRequest, opts: ReportWorkerOptions = {}): Promise<Uint8Array> {
  return startReportWorker(opts).render(req);
}
