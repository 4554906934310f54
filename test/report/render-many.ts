/**
 * Renders the PDF report of a generated case with N findings and prints its size: the workload
 * measured with `/usr/bin/time -v` (peak RSS, time) for the bounded report.
 *
 *   /usr/bin/time -v npx tsx test/report/render-many.ts 100000 /tmp/many.pdf
 */
import { writeFileSync } from 'node:fs';
import { renderReportPdf } from '../../src-main/report/render-report';
import { manyFindingsRequest } from './many-findings';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? '2000');
  const out = process.argv[3] ?? null;
  const started = Date.now();
  const pdf = await renderReportPdf(manyFindingsRequest(count));
  if (out !== null) writeFileSync(out, pdf);
  process.stdout.write(`${count} findings: ${pdf.length} bytes of PDF in ${Date.now() - started} ms\n`);
}

void main();
