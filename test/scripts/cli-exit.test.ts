/**
 * How a command-line tool's process ends (scripts/cli-exit.cjs): at once when its event loop is
 * empty, with its exit code, after its pending work and writes and with its 'exit' listeners run.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths';

const EXIT_MODULE = path.join(REPO_ROOT, 'scripts', 'cli-exit.cjs');

/** Runs `body` in a fresh Node, after `exitWhenIdle()` when `idleExit`. */
function run(body: string, idleExit = true) {
  const script = `${idleExit ? `require(${JSON.stringify(EXIT_MODULE)}).exitWhenIdle();` : ''}\n${body}`;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } });
}

describe('exitWhenIdle', () => {
  it('ends with the exit code the command set, after its pending timers, and runs its exit listeners', () => {
    const r = run(`
      process.exitCode = 3;
      process.on('exit', (c) => process.stdout.write('exit listener ' + c + '\\n'));
      setTimeout(() => process.stdout.write('timer\\n'), 30);
    `);
    expect(r.stdout).toBe('timer\nexit listener 3\n');
    expect(r.status).toBe(3);
  });

  it('ends with 0 when the command set no exit code', () => {
    expect(run(`process.stdout.write('done\\n');`).status).toBe(0);
  });

  it('loses nothing of a large output written to a pipe', () => {
    const r = run(`const line = 'x'.repeat(1023) + '\\n'; for (let i = 0; i < 8192; i++) process.stdout.write(line);`);
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBe(8 * 1024 * 1024);
  });

  it('ends at the first empty loop: work scheduled from beforeExit does not run (it would under Node alone)', () => {
    const body = `
      let again = false;
      process.on('beforeExit', () => { if (!again) { again = true; setTimeout(() => process.stdout.write('scheduled from beforeExit\\n'), 1); } });
      process.stdout.write('body\\n');
    `;
    expect(run(body, false).stdout).toBe('body\nscheduled from beforeExit\n');
    expect(run(body).stdout).toBe('body\n');
  });
});
