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

export function renderReportInWorker(req: ReportRequest, opts: ReportWorkerOptions = {}): Promise<Uint8Array> {
  const script = opts.script ?? reportWorkerScript();
  const heapMb = opts.heapMb ?? REPORT_HEAP_MB;
  return new Promise<Uint8Array>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(script.file, {
      execArgv: script.execArgv,
      workerData: { assetsDir: reportAssetsDir() } satisfies ReportWorkerData,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      stdout: false,
      stderr: false,
    });
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
    worker.once('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(new ApiError('internal', oom
        ? `the report needs more than ${heapMb} MB to lay out and was stopped; report fewer findings, or use the JSON/CSV exports`
        : `the report could not be rendered: ${err.message}`, { stage: 'report', ...(oom ? { reason: 'out_of_memory' } : {}) }));
    });
    worker.once('exit', (code) => finish(new ApiError('internal', `the report worker stopped (exit code ${code}) before the report was done`, { stage: 'report' })));
    // Copied to the worker (structured clone): without the pivots of findings not printed in full.
    worker.postMessage({ req: withPrintedPivotsOnly(req) });
  });
}
