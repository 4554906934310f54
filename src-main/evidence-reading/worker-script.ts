/**
 * Where the worker entry is. In the built app (forge/Vite bundles everything into
 * .vite/build/) it is `ingest.worker.js` beside main.js; when running from source (the CLI
 * through tsx, vitest) it is the TypeScript entry, loaded through tsx's CommonJS hook. The compiled
 * CLI (`dist-cli/`, scripts/cli-build.cjs) mirrors this layout, so it finds `ingest.worker.js` too.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface WorkerScript { file: string; execArgv: string[] }

/**
 * Flags for a compiled worker: source-mapped stack traces when this process has them
 * (`node --enable-source-maps`, as the npm scripts run the CLI); a worker does not inherit the
 * setting once execArgv is given.
 */
function compiledWorkerExecArgv(): string[] {
  return process.sourceMapsEnabled ? ['--enable-source-maps'] : [];
}

export function ingestWorkerScript(): WorkerScript {
  return workerScript('ingest.worker');
}

/** A worker entry of this folder by name (`ingest.worker`, `dump.worker`): built, else its source. */
export function workerScript(name: string): WorkerScript {
  const built = path.join(__dirname, `${name}.js`);
  if (existsSync(built)) return { file: built, execArgv: compiledWorkerExecArgv() };
  const source = path.join(__dirname, `${name}.ts`);
  if (existsSync(source)) return { file: source, execArgv: ['--require', 'tsx/cjs'] };
  throw new Error(`worker entry ${name} not found beside ${__dirname}`);
}
