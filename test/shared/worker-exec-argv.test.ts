/** The flags our worker threads start with: source maps for a compiled worker as the process has them, tsx's hook for a source one. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledWorkerExecArgv, sourceWorkerExecArgv } from '../../src-main/shared/worker-exec-argv';

const dir = mkdtempSync(path.join(os.tmpdir(), 'worker-argv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `file` in a worker with `execArgv`: what it posts, or its error's message. */
function runWorker(file: string, execArgv: string[]): Promise<string> {
  return new Promise((resolve) => {
    const w = new Worker(file, { execArgv });
    w.once('message', (m: string) => { resolve(m); void w.terminate(); });
    w.once('error', (e) => resolve(`error: ${e.message}`));
  });
}

describe('worker exec flags', () => {
  it('passes --enable-source-maps to a compiled worker exactly when this process has source maps on', () => {
    const before = process.sourceMapsEnabled;
    try {
      process.setSourceMapsEnabled(true);
      expect(compiledWorkerExecArgv()).toEqual(['--enable-source-maps']);
      process.setSourceMapsEnabled(false);
      expect(compiledWorkerExecArgv()).toEqual([]);
    } finally {
      process.setSourceMapsEnabled(before);
    }
  });

  it('runs a TypeScript worker entry through tsx; without the flags the same file does not load', async () => {
    const file = path.join(dir, 'echo.worker.ts');
    // An enum: TypeScript that Node's own type stripping (newer Node) does not run either.
    writeFileSync(file, "const { parentPort } = require('node:worker_threads');\nenum Answer { Value = 42 }\nparentPort.postMessage(`ran ${Answer.Value}`);\n");
    expect(await runWorker(file, sourceWorkerExecArgv())).toBe('ran 42');
    expect(await runWorker(file, [])).toMatch(/^error: /);
  }, 60_000);
});
