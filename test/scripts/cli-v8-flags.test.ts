/**
 * The command-line tools' V8 flags (scripts/cli-v8-flags.cjs). `v8.setFlagsFromString` ignores a
 * flag V8 does not know, silently, so each flag is checked on Node's command line, where V8 refuses
 * an unknown one: a Node whose V8 renamed or dropped a flag fails here instead of losing it unseen.
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
    expect(cliV8FlagsFor('evtx-dump')).toEqual(CLI_V8_FLAGS);
    expect(cliV8FlagsFor('constructor')).toEqual(CLI_V8_FLAGS);
  });

});
