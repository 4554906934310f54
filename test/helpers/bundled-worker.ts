/**
 * A worker entry bundled as the app ships it: one CommonJS file, everything inlined (as forge's
 * Vite build makes `ingest.worker.js` and `report.worker.js` beside main.js), to be run by a plain
 * worker thread without tsx. For test/corpus/evidence-reading/built-worker.test.ts and
 * test/report/report-in-worker-built.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from './paths';

/** Bundles `entry` (a path under the repository, e.g. `src-main/report/report.worker.ts`) into a temp folder: the bundle's path. */
export async function bundleWorker(entry: string): Promise<string> {
  const name = `${path.basename(entry, '.ts')}.js`;
  const outDir = mkdtempSync(path.join(os.tmpdir(), `${path.basename(entry, '.worker.ts')}-worker-bundle-`));
  await build({
    configFile: false, root: REPO_ROOT, logLevel: 'silent',
    ssr: { noExternal: true },
    build: {
      ssr: path.join(REPO_ROOT, entry), outDir, emptyOutDir: true, minify: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: name } },
    },
  });
  return path.join(outDir, name);
}
