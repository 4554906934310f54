/**
 * The report worker as the app ships it: bundled to one CommonJS file (as forge's Vite build does
 * for `report.worker.js` beside main.js) and run by a plain worker thread, without tsx.
 */
import { describe, expect, it } from 'vitest';
import { renderReportInWorker } from '../../src-main/report/report-in-worker';
import { bundleWorker } from '../helpers/bundled-worker';
import { demoRequest } from './demo-case';
import { extractPages, squash } from './pdf-inspect';

describe('bundled report worker', () => {
  it('renders the report from a single CommonJS bundle', async () => {
    const bundle = await bundleWorker('src-main/report/report.worker.ts');
    const pdf = await renderReportInWorker(demoRequest(), { script: { file: bundle, execArgv: [] } });
    const text = squash((await extractPages(pdf)).map((p) => p.text).join(''));
    expect(text).toContain(squash('IR-4471 WS-FIN-07 Remcos loader'));
    expect(text).toContain(squash('Malicious InProcServer32 Modification'));
  }, 300_000);
});
