/**
 * Where the worker entry is. In the built app (forge/Vite bundles everything into
 * .vite/build/) it is `ingest.worker.js` beside main.js; when running from source (the CLI
 * through tsx, vitest) it is the TypeScript entry, loaded through tsx's CommonJS hook. The compiled
 * CLI (`dist-cli/`, scripts/cli-build.cjs) mirrors this layout, so it finds `ingest.worker.js` too.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { compiledWorkerExecArgv, sourceWorkerExecArgv } from '../shared/worker-exec-argv';
import { configureWorkerHeap } from './worker-heap';

export interface WorkerScript { file: string; execArgv: string[] }

export function ingestWorkerScript(): WorkerScript {
  return workerScript('ingest.worker');
}

/**
 * A worker entry of this folder by name (`ingest.worker`, `dump.worker`): built, else its source.
 * Asked for just before workers are made, so it also sets their heap up (worker-heap.ts).
 */
export function workerScript(name: string): WorkerScript {
  configureWorkerHeap();
  const built = path.join(__dirname, `${name}.js`);
  if (existsSync(built)) return { file: built, execArgv: compiledWorkerExecArgv() };
  const source = path.join(__dirname, `${name}.ts`);
  if (existsSync(source)) return { file: source, execArgv: sourceWorkerExecArgv() };
  throw new Error(`worker entry ${name} not found beside ${__dirname}`);
}
