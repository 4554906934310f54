/**
 * The bench's parser worker (evtx-worker.ts) compiled the way the CLI and the app run theirs: one
 * esbuild bundle, CommonJS for Node 20 (scripts/cli-build.cjs builds `dist-cli/` with the same
 * options; the app's Vite build bundles likewise), loaded without tsx. Through tsx every module is
 * compiled apart and each import is a property read on a module object, which is not what an
 * analyst runs. Written under the OS temp dir, named by a hash of the bundle, built once per bench
 * run (never timed).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

export function buildBenchWorker(): string {
  const result = buildSync({
    entryPoints: [join(__dirname, 'evtx-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const dir = join(tmpdir(), 'evtx-triage-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `evtx-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`);
  if (!existsSync(file)) writeFileSync(file, code);
  return file;
}
