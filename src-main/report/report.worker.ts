/**
 * Worker thread entry of the PDF report: renders one report and exits. The main process never
 * lays out a PDF itself (report-in-worker.ts starts this with a heap limit), so a huge or hostile
 * report can exhaust only this worker, never the app. Messages: in `{ req }`; out
 * `{ ok: true, pdf }` (the bytes transferred) or `{ ok: false, error: {code, message, context} }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReportRequest } from '../shared/contract';
import { ApiError } from '../shared/errors';
import { setReportAssetsDir } from './fonts';
import { renderReportPdf } from './render-report';
import { warmUpReportRequest } from './report-warm-up';

/** `warmUp`: lay out a report of an empty case first (report-warm-up.ts), for a worker started ahead of its request. */
export interface ReportWorkerData { assetsDir: string; warmUp?: boolean }
export type ReportWorkerReply =
  | { ok: true; pdf: Uint8Array }
  | { ok: false; error: ReturnType<ApiError['toShape']> };

if (parentPort) {
  const port = parentPort;
  const data = workerData as ReportWorkerData;
  setReportAssetsDir(data.assetsDir);
  // The request waits for the warm-up: pdfmake is one instance per thread, one document at a time.
  const ready: Promise<unknown> = data.warmUp === true ? renderReportPdf(warmUpReportRequest()).catch(() => null) : Promise.resolve();
  port.once('message', (msg: { req: ReportRequest }) => {
    ready.then(() => renderReportPdf(msg.req)).then(
      (pdf) => {
        // A fresh buffer that is the whole ArrayBuffer, so it can be transferred, not copied.
        const out = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? pdf : pdf.slice();
        port.postMessage({ ok: true, pdf: out } satisfies ReportWorkerReply, [out.buffer as ArrayBuffer]);
      },
      (err: unknown) => port.postMessage({ ok: false, error: ApiError.from(err).toShape() } satisfies ReportWorkerReply),
    );
  });
}
