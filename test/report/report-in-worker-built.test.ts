/**
 * The report worker as the app ships it: bundled to one CommonJS file (as forge's Vite build does
 * for `report.worker.js` beside main.js) and run by a plain worker thread, without tsx.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { renderReportInWorker } from '../../src-main/report/report-in-worker';
import { REPO_ROOT } from '../helpers/paths';
import { demoRequest } from './demo-case';
import { extractPages, squash } from './pdf-inspect';

describe('bundled report worker', () => {
  it('renders the report from a single CommonJS bundle', async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'report-worker-bundle-'));
    await build({
      configFile: false, root: REPO_ROOT, logLevel: 'silent',
      ssr: { noExternal: true },
      build: {
        ssr: path.join(REPO_ROOT, 'src-main/report/report.worker.ts'), outDir, emptyOutDir: true, minify: false,
        rollupOptions: { output: { format: 'cjs', entryFileNames: 'report.worker.js' } },
      },
    });
    const pdf = await renderReportInWorker(demoRequest(), { script: { file: path.join(outDir, 'report.worker.js'), execArgv: [] } });
    const text = squash((await extractPages(pdf)).map((p) => p.text).join(''));
    expect(text).toContain(squash('IR-4471 WS-FIN-07 Remcos loader'));
    expect(text).toContain(squash('Malicious InProcServer32 Modification'));
  }, 300_000);
});
