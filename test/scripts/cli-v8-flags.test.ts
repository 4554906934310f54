/**
 * The command-line tools' V8 flags (scripts/cli-v8-flags.cjs). `v8.setFlagsFromString` ignores a
 * flag V8 does not know, silently, so each flag is checked on Node's command line, where V8 refuses
 * an unknown one: a Node whose V8 renamed or dropped a flag fails here instead of losing it unseen.
 * The launcher sets them at run time, after V8 started, which not every flag survives (V8 aborts on
 * the main thread's next full GC after `--single-threaded-gc` is set so), so each command's set is
 * also applied as the launcher does it and the process then collects garbage in both threads.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths';

const { CLI_V8_FLAGS, COMMAND_V8_FLAGS, cliV8FlagsFor } = createRequire(path.join(REPO_ROOT, 'package.json'))('./scripts/cli-v8-flags.cjs') as {
  CLI_V8_FLAGS: string[];
  COMMAND_V8_FLAGS: Record<string, string[]>;
  cliV8FlagsFor: (name: string) => string[];
};

const FLAGS_FILE = path.join(REPO_ROOT, 'scripts', 'cli-v8-flags.cjs');

/**
 * A process that applies the command's flags as scripts/cli.cjs does, then allocates and collects
 * (young and full GCs) on its main thread and in a worker thread started afterwards.
 */
const GC_AFTER_FLAGS = `
const { applyCliV8Flags } = require(process.argv[1]);
applyCliV8Flags(process.argv[2]);
const churn = 'const keep = []; for (let i = 0; i < 300000; i++) keep.push({ i, s: "x" + i }); gc(); gc();';
eval(churn);
const { Worker } = require('node:worker_threads');
new Worker(churn, { eval: true }).on('exit', (code) => { eval(churn); process.stdout.write('collected ' + code); });
`;

const nodeWith = (flag: string) => spawnSync(process.execPath, [flag, '-e', '0'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });

describe('the CLI V8 flags', () => {
  it('are flags this Node accepts (and an unknown one would be refused)', () => {
    expect(CLI_V8_FLAGS.length).toBeGreaterThan(0);
    for (const flag of CLI_V8_FLAGS) {
      const r = nodeWith(flag);
      expect({ flag, status: r.status, stderr: r.stderr }).toEqual({ flag, status: 0, stderr: '' });
    }
    expect(nodeWith('--max-inlined-bytecode-size-cumulativ=200').status).not.toBe(0);
  });

  it("gives each command the common flags and its own, and a command's own only to that command", () => {
    for (const [name, own] of Object.entries(COMMAND_V8_FLAGS)) {
      expect(cliV8FlagsFor(name)).toEqual([...CLI_V8_FLAGS, ...own]);
      for (const flag of own) {
        const r = nodeWith(flag);
        expect({ flag, status: r.status, stderr: r.stderr }).toEqual({ flag, status: 0, stderr: '' });
      }
    }
    expect(cliV8FlagsFor('triage')).toContain('--interrupt-budget=270336');
    expect(cliV8FlagsFor('triage')).toContain('--max-semi-space-size=2');
    expect(cliV8FlagsFor('evtx-dump')).toEqual(CLI_V8_FLAGS);
    expect(cliV8FlagsFor('constructor')).toEqual(CLI_V8_FLAGS);
  });

  it('can be set at run time: each command\'s flags, then garbage collected in the main thread and a worker', () => {
    for (const name of [...Object.keys(COMMAND_V8_FLAGS), 'evtx-dump']) {
      const r = spawnSync(process.execPath, ['--expose-gc', '-e', GC_AFTER_FLAGS, FLAGS_FILE, name], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      expect({ name, status: r.status, stdout: r.stdout, stderr: r.stderr.slice(0, 300) }).toEqual({ name, status: 0, stdout: 'collected 0', stderr: '' });
    }
  });

  it("caps triage's worker threads' young generation, also against the pool's larger minimum (worker-heap.ts), and leaves evtx-dump's alone", () => {
    // As the launcher then the pool do: the command's flags, then the pool's 16 MiB minimum, then a worker that allocates.
    const newSpaceMb = (name: string) => {
      const script = `
const { applyCliV8Flags } = require(process.argv[1]);
applyCliV8Flags(process.argv[2]);
require('node:v8').setFlagsFromString('--min-semi-space-size=16');
const { Worker } = require('node:worker_threads');
const work = "const v8 = require('node:v8'); const a = []; for (let i = 0; i < 2e6; i++) { a.push({ i }); if (a.length > 1e5) a.length = 0; }"
  + " require('node:worker_threads').parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);";
new Worker(work, { eval: true }).once('message', (size) => { process.stdout.write(String(size / 1048576)); process.exit(0); });
`;
      const r = spawnSync(process.execPath, ['-e', script, FLAGS_FILE, name], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      expect(r.stderr).toBe('');
      return Number(r.stdout);
    };
    // new space = two semi-spaces
    expect(newSpaceMb('triage')).toBeLessThanOrEqual(4);
    expect(newSpaceMb('evtx-dump')).toBeGreaterThanOrEqual(32);
  });
});
