/**
 * Launcher of the command-line tools: `node scripts/cli.cjs NAME [ARGS…]` runs
 * `src-main/cli/NAME.ts` compiled to `dist-cli/cli/NAME.js`, rebuilding `dist-cli/` first (with
 * scripts/cli-build.cjs) when anything it was built from changed (the check: scripts/cli-stamp.cjs). Generic over NAME, so a
 * new entry needs only its package.json script. `--build` builds every entry the scripts name
 * and exits (npm's `prepare` runs it after `npm ci`).
 *
 * The compiled entry is required in this process (no second Node start-up); argv is rewritten
 * so the entry sees the same `process.argv.slice(2)` as under tsx. The process gets the V8 flags
 * of scripts/cli-v8-flags.cjs first (a smaller inlining budget: less optimising-compiler CPU),
 * and exits as soon as the command has nothing left to do (scripts/cli-exit.cjs).
 */
'use strict';
const path = require('node:path');
const { ENTRY_NAME, staleReason } = require('./cli-stamp.cjs');

const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * Rebuilds dist-cli/ when `requested` (one entry, or none for `--build`: every entry the scripts
 * name) is not up to date; the check needs only the stamp (scripts/cli-stamp.cjs), the build
 * script and esbuild are loaded only to build. A build compiles every entry and the workers.
 */
async function ensureBuilt(requested) {
  const outDir = path.join(REPO_ROOT, 'dist-cli');
  let why;
  if (requested.length > 0) {
    why = staleReason(REPO_ROOT, outDir, requested);
    if (why === null) return;
  }
  const missing = requested.find((n) => !require('node:fs').existsSync(path.join(REPO_ROOT, 'src-main', 'cli', `${n}.ts`)));
  if (missing !== undefined) throw new Error(`no command ${missing}: src-main/cli/${missing}.ts does not exist`);
  const { buildCli, entryNames } = require('./cli-build.cjs');
  const entries = entryNames(REPO_ROOT, requested);
  why ??= staleReason(REPO_ROOT, outDir, entries);
  if (why === null) return;
  process.stderr.write(`[cli] compiling ${entries.join(', ')} and the workers to dist-cli/ (${why})\n`);
  await buildCli(entries);
}

async function main() {
  const name = process.argv[2];
  if (name === '--build') {
    try {
      await ensureBuilt([]);
    } catch (err) {
      // `npm ci` must not fail for this: the next run rebuilds and shows the error where it matters.
      process.stderr.write(`[cli] build failed, it will be retried at the next run: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    return;
  }
  if (name === undefined || !ENTRY_NAME.test(name)) {
    process.stderr.write('usage: node scripts/cli.cjs NAME [ARGS…]   (NAME: a file of src-main/cli, e.g. triage, evtx-dump)\n');
    process.exitCode = 2;
    return;
  }
  try {
    await ensureBuilt([name]);
  } catch (err) {
    process.stderr.write(`[cli] cannot compile the command line: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
    return;
  }
  const entry = path.join(REPO_ROOT, 'dist-cli', 'cli', `${name}.js`);
  process.argv.splice(1, 2, entry);
  // Less TurboFan compiling in a run that ends: the command's V8 flags (scripts/cli-v8-flags.cjs).
  require('./cli-v8-flags.cjs').applyCliV8Flags(name);
  // Exits as soon as the command has nothing left to do, without Node's heap teardown (scripts/cli-exit.cjs).
  require('./cli-exit.cjs').exitWhenIdle();
  require(entry);
}

void main();
