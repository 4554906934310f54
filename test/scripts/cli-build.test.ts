/**
 * The compiled command line (scripts/cli.cjs + scripts/cli-build.cjs): the same JSON as the
 * TypeScript sources run through tsx, rebuilt when a source changes (and only then), stack traces
 * mapped back to the TypeScript sources.
 *
 * The rebuild and stack-trace cases run on a scratch copy of the repository (src-main, scripts,
 * package.json, tsconfig.json, node_modules linked), never on this checkout's sources.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths';

const run = promisify(execFile);
const TIMEOUT = 480_000; // two whole triages and a PDF: minutes on a loaded 2-core machine

interface Ran { code: number; stdout: string; stderr: string }

async function node(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd, maxBuffer: 64 << 20, env: { ...process.env, NODE_OPTIONS: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The document without what differs between two runs of the same triage (the time it was made, how long it took). */
function comparable(file: string): unknown {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { generated?: string; stats?: { elapsed_ms?: number } };
  delete doc.generated;
  if (doc.stats) delete doc.stats.elapsed_ms;
  return doc;
}

/**
 * `--require`d into a command: records which bundles of dist-cli/ the main thread had loaded when it
 * first touched a file or folder inside $PROBE_EVIDENCE (the walk), and at exit, in $PROBE_OUT.
 */
const LOADED_BUNDLES_PROBE = `'use strict';
const fs = require('node:fs');
const path = require('node:path');
if (require('node:worker_threads').isMainThread) {
  const inside = process.env.PROBE_EVIDENCE + path.sep;
  const loaded = () => Object.keys(require.cache).filter((f) => f.includes(path.sep + 'dist-cli' + path.sep))
    .map((f) => f.slice(f.lastIndexOf(path.sep + 'dist-cli' + path.sep) + 10).split(path.sep).join('/')).sort();
  let atFirstRead = null;
  const mark = (p) => { if (atFirstRead === null && typeof p === 'string' && p.startsWith(inside)) atFirstRead = loaded(); };
  const wrap = (obj, name) => { const orig = obj[name]; obj[name] = function probed(p, ...rest) { mark(p); return orig.call(this, p, ...rest); }; };
  for (const name of ['open', 'readdir', 'opendir', 'stat', 'lstat', 'realpath']) wrap(fs.promises, name);
  for (const name of ['open', 'openSync', 'readdir', 'readdirSync', 'createReadStream', 'statSync', 'lstatSync']) wrap(fs, name);
  process.on('exit', () => fs.writeFileSync(process.env.PROBE_OUT, JSON.stringify({ atFirstRead, atExit: loaded() })));
}
`;

describe('compiled CLI', () => {
  it('walks the evidence before it loads the detection engine and the output writers (dist-cli/deferred-modules.js), then loads them once', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'cli-deferred-'));
    try {
      const probe = path.join(out, 'probe.cjs');
      writeFileSync(probe, LOADED_BUNDLES_PROBE);
      const demo = path.join(REPO_ROOT, 'assets', 'demo-evidence');
      const env = { PROBE_EVIDENCE: demo, PROBE_OUT: path.join(out, 'loaded.json') };
      // Without --quiet: the progress lines are printed from the start, and must not load them either.
      const r = await node(['--require', probe, 'scripts/cli.cjs', 'triage', '--csv', path.join(out, 'f.csv')], REPO_ROOT, env);
      expect(r.stderr).not.toMatch(/internal error|cannot compile/);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/findings/i);
      const seen = JSON.parse(readFileSync(env.PROBE_OUT, 'utf8')) as { atFirstRead: string[] | null; atExit: string[] };
      expect(seen.atFirstRead).toEqual(['cli/triage.js']);
      expect(seen.atExit).toEqual(['cli/triage.js', 'deferred-modules.js']);
      expect(readFileSync(path.join(out, 'f.csv'), 'utf8').split('\n').length).toBeGreaterThan(2);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, TIMEOUT);

  it('writes the same triage JSON as the TypeScript sources under tsx (demo evidence, bundled Sigma rules, PDF from the compiled report worker)', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'cli-compiled-'));
    try {
      const compiled = await node(['scripts/cli.cjs', 'triage', '--json', path.join(out, 'c.json'), '--pdf', path.join(out, 'c.pdf'), '--quiet'], REPO_ROOT);
      expect(compiled.stderr).not.toMatch(/internal error|cannot compile/);
      expect(compiled.code).toBe(0);
      const tsx = await node(['--require', 'tsx/cjs', 'src-main/cli/triage.ts', '--json', path.join(out, 't.json'), '--quiet'], REPO_ROOT);
      expect(tsx.code).toBe(0);
      const a = comparable(path.join(out, 'c.json')) as { findings: unknown[]; ruleset: unknown };
      expect(a.findings.length).toBeGreaterThan(0);
      expect(a).toEqual(comparable(path.join(out, 't.json')));
      expect(readFileSync(path.join(out, 'c.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // The compiled entry and workers are what ran, each with its source map.
      for (const f of ['cli/triage.js', 'evidence-reading/ingest.worker.js', 'report/report.worker.js']) {
        expect(existsSync(path.join(REPO_ROOT, 'dist-cli', f))).toBe(true);
        expect(existsSync(path.join(REPO_ROOT, 'dist-cli', `${f}.map`))).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, TIMEOUT);
});

describe('compiled CLI in a scratch copy of the repository', () => {
  let root = '';
  const launcher = (): string => path.join(root, 'scripts', 'cli.cjs');
  const usageFile = (): string => path.join(root, 'src-main', 'cli', 'evtx-dump.ts');

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'cli-build-'));
    cpSync(path.join(REPO_ROOT, 'src-main'), path.join(root, 'src-main'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'scripts'), path.join(root, 'scripts'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'package.json'), path.join(root, 'package.json'));
    cpSync(path.join(REPO_ROOT, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    // The small JSON assets the bundles inline are copied (one is edited below); the large ones linked.
    mkdirSync(path.join(root, 'assets'));
    for (const dir of ['intel', 'rules', 'suppressions']) cpSync(path.join(REPO_ROOT, 'assets', dir), path.join(root, 'assets', dir), { recursive: true });
    for (const dir of ['sigma', 'fonts', 'demo-evidence']) symlinkSync(path.join(REPO_ROOT, 'assets', dir), path.join(root, 'assets', dir), 'dir');
  });
  afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

  it('builds on first use, reuses the build while nothing changed, rebuilds after a source edit, a new file or a deleted output', async () => {
    const first = await node([launcher(), 'evtx-dump', '--help'], root);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/\[cli\] compiling .*evtx-dump.*\(not built yet\)/);
    expect(first.stdout).toMatch(/^usage: evtx-dump FILE/);

    const second = await node([launcher(), 'evtx-dump', '--help'], root);
    expect(second.stderr).not.toMatch(/compiling/);
    expect(second.stdout).toBe(first.stdout);

    // An edit (new content, new mtime) is compiled in before the next run, the file named.
    const src = readFileSync(usageFile(), 'utf8');
    expect(src).toContain("'usage: evtx-dump FILE");
    writeFileSync(usageFile(), src.replace("'usage: evtx-dump FILE", "'usage: evtx-dump EDITED FILE"));
    const future = new Date(Date.now() + 5_000);
    utimesSync(usageFile(), future, future);
    const third = await node([launcher(), 'evtx-dump', '--help'], root);
    expect(third.stderr).toMatch(/compiling .*\(src-main\/cli\/evtx-dump\.ts changed\)/);
    expect(third.stdout).toMatch(/^usage: evtx-dump EDITED FILE/);
    expect((await node([launcher(), 'evtx-dump', '--help'], root)).stderr).not.toMatch(/compiling/);

    // A source only a worker bundle includes (the EVTX parser, in the worker evtx-dump may start) counts for it too.
    const parser = path.join(root, 'src-main', 'ingest', 'evtx', 'chunk.ts');
    utimesSync(parser, future, new Date(future.getTime() + 1_000));
    expect((await node([launcher(), 'evtx-dump', '--help'], root)).stderr).toMatch(/\(src-main\/ingest\/evtx\/chunk\.ts changed\)/);

    // A file added to a source folder makes the build stale too (an import may now resolve to it).
    const added = path.join(root, 'src-main', 'evidence-reading', 'added.ts');
    writeFileSync(added, 'export const added = 1;\n');
    expect((await node([launcher(), 'evtx-dump', '--help'], root)).stderr).toMatch(/\(src-main\/evidence-reading changed\)/);
    rmSync(added);
    expect((await node([launcher(), 'evtx-dump', '--help'], root)).stderr).toMatch(/\(src-main\/evidence-reading changed\)/);

    // A JSON asset the bundles inline (outside src-main) is an input too.
    const intel = path.join(root, 'assets', 'intel', 'known-bad-clsids.json');
    utimesSync(intel, future, new Date(future.getTime() + 2_000));
    expect((await node([launcher(), 'triage', '--help'], root)).stderr).toMatch(/assets\/intel\/known-bad-clsids\.json changed/);

    // A source only the deferred bundle has (the detection engine, which `triage` loads after its first read) counts for `triage`.
    const engine = path.join(root, 'src-main', 'detect', 'detection-session.ts');
    utimesSync(engine, future, new Date(future.getTime() + 2_500));
    expect((await node([launcher(), 'triage', '--help'], root)).stderr).toMatch(/\(src-main\/detect\/detection-session\.ts changed\)/);

    // So is what every build reads beside the sources.
    utimesSync(path.join(root, 'tsconfig.json'), future, new Date(future.getTime() + 3_000));
    expect((await node([launcher(), 'evtx-dump', '--help'], root)).stderr).toMatch(/\(tsconfig\.json changed\)/);

    // A source no bundle includes (the Electron main process) cannot change a bundle: no rebuild.
    const electronMain = path.join(root, 'src-main', 'electron', 'main.ts');
    writeFileSync(electronMain, readFileSync(electronMain, 'utf8') + '\n// edited\n');
    utimesSync(electronMain, future, new Date(future.getTime() + 4_000));
    const untouched = await node([launcher(), 'evtx-dump', '--help'], root);
    expect(untouched.stderr).not.toMatch(/compiling/);
    expect(untouched.stdout).toMatch(/^usage: evtx-dump EDITED FILE/);

    // A deleted source a bundle was built from is seen (the build then says what imports it).
    const consoleText = path.join(root, 'src-main', 'cli', 'console-text.ts');
    const kept = readFileSync(consoleText);
    rmSync(consoleText);
    const gone = await node([launcher(), 'evtx-dump', '--help'], root);
    // Its folder changed with it, and is checked first.
    expect(gone.stderr).toMatch(/\(src-main\/cli changed\)/);
    expect(gone.stderr).toMatch(/cannot compile the command line/);
    expect(gone.code).toBe(1);
    writeFileSync(consoleText, kept);
    expect((await node([launcher(), 'evtx-dump', '--help'], root)).code).toBe(0);

    // A worker bundle removed or altered behind the launcher's back is rebuilt.
    rmSync(path.join(root, 'dist-cli', 'evidence-reading', 'ingest.worker.js'));
    const fourth = await node([launcher(), 'evtx-dump', '--help'], root);
    expect(fourth.stderr).toMatch(/evidence-reading\/ingest\.worker\.ts not built/);
    expect(existsSync(path.join(root, 'dist-cli', 'evidence-reading', 'ingest.worker.js'))).toBe(true);
    writeFileSync(path.join(root, 'dist-cli', 'cli', 'evtx-dump.js'), '// not the bundle\n');
    expect((await node([launcher(), 'evtx-dump', '--help'], root)).stderr).toMatch(/dist-cli\/cli\/evtx-dump\.js changed since it was built/);

    // A stamp an older launcher wrote (another layout) is not trusted.
    const stampFile = path.join(root, 'dist-cli', 'build-stamp.json');
    writeFileSync(stampFile, JSON.stringify({ inputs: 'src-main/cli/evtx-dump.ts\t1\t1', entries: ['evtx-dump'] }));
    expect((await node([launcher(), 'evtx-dump', '--help'], root)).stderr).toMatch(/\(not built yet\)/);
  }, TIMEOUT);

  it('names a command that has no source instead of building', async () => {
    const r = await node([launcher(), 'no-such-command'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no command no-such-command: src-main\/cli\/no-such-command\.ts does not exist/);
    expect(r.stderr).not.toMatch(/compiling/);
  }, TIMEOUT);

  it('refuses an entry name that is not a plain file name of src-main/cli', async () => {
    for (const bad of ['../evidence-reading/ingest.worker', 'Triage', '']) {
      const r = await node([launcher(), bad], root);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/usage: node scripts\/cli\.cjs NAME/);
    }
  }, TIMEOUT);

  it('maps a stack trace back to the TypeScript sources, without --enable-source-maps (the bundle maps lazily) and with it', async () => {
    // Line 3 of the helper throws; the entry calls it on line 4.
    writeFileSync(path.join(root, 'src-main', 'cli', 'fails-helper.ts'),
      '/** Test entry helper. */\nexport function failDeep(n: number): never {\n  throw new Error(`deliberate failure ${n}`);\n}\n');
    writeFileSync(path.join(root, 'src-main', 'cli', 'fails.ts'),
      "/** Test entry. */\nimport { failDeep } from './fails-helper';\n\nfailDeep(42);\n");
    // As the npm scripts run it (no flag): the bundle's banner reads its map at the first stack formatted.
    for (const args of [[launcher(), 'fails'], ['--enable-source-maps', launcher(), 'fails']]) {
      const mapped = await node(args, root);
      expect(mapped.code).not.toBe(0);
      expect(mapped.stderr).toContain('Error: deliberate failure 42');
      expect(mapped.stderr).toMatch(/at failDeep \(.*src-main[\\/]cli[\\/]fails-helper\.ts:3:\d+\)/);
      expect(mapped.stderr).toMatch(/src-main[\\/]cli[\\/]fails\.ts:4:\d+/);
      expect(mapped.stderr).not.toMatch(/dist-cli[\\/]cli[\\/]fails\.js:\d+:\d+\)/);
    }
    // Without its map the same failure points into the bundle: the mapping above is the source map's doing.
    rmSync(path.join(root, 'dist-cli', 'cli', 'fails.js.map'));
    const raw = await node([path.join(root, 'dist-cli', 'cli', 'fails.js')], root);
    expect(raw.stderr).toContain('deliberate failure 42');
    expect(raw.stderr).not.toMatch(/fails-helper\.ts:\d+/);
    expect(raw.stderr).toMatch(/dist-cli[\\/]cli[\\/]fails\.js:\d+/);
  }, TIMEOUT);

  it('maps a stack trace in a compiled worker thread too (its bundle maps lazily; with the flag the worker gets --enable-source-maps)', async () => {
    // An entry that starts the compiled ingest worker as the pool does and makes it throw.
    writeFileSync(path.join(root, 'src-main', 'cli', 'worker-fails.ts'), [
      "import { Worker } from 'node:worker_threads';",
      "import { ingestWorkerScript } from '../evidence-reading/worker-script';",
      'const script = ingestWorkerScript();',
      'const w = new Worker(script.file, { execArgv: script.execArgv });',
      "w.on('error', (e) => { process.stdout.write(`${JSON.stringify(script)}\\n${e.stack}\\n`); void w.terminate(); });",
      'w.postMessage(null);',
      '',
    ].join('\n'));
    for (const args of [[launcher(), 'worker-fails'], ['--enable-source-maps', launcher(), 'worker-fails']]) {
      const r = await node(args, root);
      expect(r.stdout).toContain('dist-cli/evidence-reading/ingest.worker.js');
      expect(r.stdout).toMatch(/Cannot read properties of null/);
      expect(r.stdout).toMatch(/src-main[\\/]evidence-reading[\\/]ingest\.worker\.ts:\d+:\d+/);
    }
  }, TIMEOUT);
});
