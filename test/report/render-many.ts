/**
 * Renders the PDF report of a generated case with N findings and prints its size: the workload
 * measured with `/usr/bin/time -v` (peak RSS, time) for the bounded report.
 *
 *   /usr/bin/time -v node --require tsx/cjs test/report/render-many.ts 100000 /tmp/many.pdf [--in-process]
 *
 * By default the PDF is laid out in the report worker, as the app and the CLI do (peak RSS is the
 * whole process's: the request here, its copy in the worker, and the layout).
 */
import { writeFileSync } from 'node:fs';
import { renderReportInWorker } from '../../src-main/report/report-in-worker';
import { renderReportPdf } from '../../src-main/report/render-report';
import { manyFindingsRequest } from './many-findings';

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--in-process');
  const inProcess = process.argv.includes('--in-process');
  const count = Number(args[0] ?? '2000');
  const out = args[1] ?? null;
  const started = Date.now();
  const req = manyFindingsRequest(count);
  const pdf = inProcess ? await renderReportPdf(req) : await renderReportInWorker(req);
  if (out !== null) writeFileSync(out, pdf);
  process.stdout.write(`${count} findings${inProcess ? ' (in process)' : ' (report worker)'}: ${pdf.length} bytes of PDF in ${Date.now() - started} ms\n`);
}

void main();
