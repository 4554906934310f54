/**
 * Where the worker entry is. In the built app (forge/Vite bundles everything into
 * .vite/build/) it is `ingest.worker.js` beside main.js; when running from source (the CLI
 * through tsx, vitest) it is the TypeScript entry, loaded through tsx's CommonJS hook.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface WorkerScript { file: string; execArgv: string[] }

export function ingestWorkerScript(): WorkerScript {
  const built = path.join(__dirname, 'ingest.worker.js');
  if (existsSync(built)) return { file: built, execArgv: [] };
  const source = path.join(__dirname, 'ingest.worker.ts');
  if (existsSync(source)) return { file: source, execArgv: ['--require', 'tsx/cjs'] };
  throw new Error(`worker entry not found beside ${__dirname}`);
}
