/**
 * What a compiled entry leaves out of its start-up (scripts/cli-deferred.cjs), on a hand-made
 * source tree built with esbuild and the plugin: a deferred module is loaded at the first use of
 * one of its exports, once, and its classes (with their static members), constants and their
 * identity are the real ones; a module none of whose exports is used is left out of the bundle;
 * a deferred module that re-exports with `export *` fails the build.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths';

interface Defer { names: Map<string, string[]>; deferredBundle: string; entryOutDir: string; used: Set<string> }
interface DeferredModule {
  DEFERRED_MODULES: string[];
  DEFERRING_ENTRIES: string[];
  deferredExportNames: (esbuild: unknown, root: string, src: string, modules?: string[]) => Promise<Map<string, string[]>>;
  deferredBundleEntry: (src: string, modules?: string[]) => string;
  sourceModulesPlugin: (opts: { src: string; modules?: string[]; defer: Defer | null }) => unknown;
}
const load = createRequire(path.join(REPO_ROOT, 'package.json'));
const deferred = load('./scripts/cli-deferred.cjs') as DeferredModule;
const esbuild = load('esbuild') as { build: (opts: object) => Promise<unknown> };

const MODULES = ['lib/lazy'];

let root = '';
const src = (): string => path.join(root, 'src-main');
const out = (): string => path.join(root, 'dist-cli');
const write = (rel: string, text: string): void => {
  mkdirSync(path.dirname(path.join(src(), rel)), { recursive: true });
  writeFileSync(path.join(src(), rel), text);
};

/** Builds the deferred bundle and `cli/entry.ts` as scripts/cli-build.cjs does; returns what the entry imported of them. */
async function build(): Promise<Set<string>> {
  const names = await deferred.deferredExportNames(esbuild, root, src(), MODULES);
  const deferredBundle = path.join(out(), 'deferred-modules.js');
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'silent', absWorkingDir: root };
  await esbuild.build({
    ...common, outfile: deferredBundle,
    stdin: { contents: deferred.deferredBundleEntry(src(), MODULES), resolveDir: root, sourcefile: 'deferred-modules.js', loader: 'js' },
    plugins: [deferred.sourceModulesPlugin({ src: src(), modules: MODULES, defer: null })],
  });
  const used = new Set<string>();
  const entryOutDir = path.join(out(), 'cli');
  await esbuild.build({
    ...common, entryPoints: [path.join(src(), 'cli', 'entry.ts')], outfile: path.join(entryOutDir, 'entry.js'),
    plugins: [deferred.sourceModulesPlugin({ src: src(), modules: MODULES, defer: { names, deferredBundle, entryOutDir, used } })],
  });
  return used;
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cli-deferred-'));
  write('lib/lazy.ts', [
    '(globalThis as { lazyLoads?: number }).lazyLoads = ((globalThis as { lazyLoads?: number }).lazyLoads ?? 0) + 1;',
    'export const TOKEN = { name: "token" };',
    'export function isToken(x: unknown): boolean { return x === TOKEN; }',
    'export class Widget {',
    '  constructor(readonly n: number) {}',
    '  static make(n: number): Widget { return new Widget(n); }',
    '  twice(): number { return 2 * this.n; }',
    '}',
    '',
  ].join('\n'));
  // Imported by the entry through `mixed`, whose only use of it the entry never calls.
  write('lib/table.ts', [
    'function table(): Map<string, number> { return new Map([["table-marker", 1]]); }',
    'const TABLE = table(); // a call at the top level: esbuild keeps it unless told the module has no side effects',
    'export function lookup(k: string): number | undefined { return TABLE.get(k); }',
    '',
  ].join('\n'));
  write('lib/mixed.ts', "import { lookup } from './table';\nexport function used(): string { return 'used'; }\nexport function unused(): number | undefined { return lookup('x'); }\n");
  write('cli/entry.ts', [
    "import { isToken, TOKEN, Widget } from '../lib/lazy';",
    "import { used } from '../lib/mixed';",
    'const loads = () => (globalThis as { lazyLoads?: number }).lazyLoads ?? 0;',
    'const before = loads();',
    'const w = Widget.make(3);',
    'const afterFirstUse = loads();',
    'process.stdout.write(JSON.stringify({',
    '  before, afterFirstUse, twice: w.twice(), isWidget: w instanceof Widget, direct: new Widget(5).twice(),',
    '  sameToken: isToken(TOKEN), token: TOKEN, used: used(), loads: loads(),',
    '}));',
    '',
  ].join('\n'));
});
afterEach(() => { if (root) rmSync(root, { recursive: true, force: true }); });

describe('deferred modules', () => {
  it('are loaded once, at the first use of an export, with the real classes, statics and constants', async () => {
    expect([...await build()]).toEqual(MODULES);
    const ran = JSON.parse(execFileSync(process.execPath, [path.join(out(), 'cli', 'entry.js')], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(ran).toEqual({
      before: 0, afterFirstUse: 1, twice: 6, isWidget: true, direct: 10,
      sameToken: true, token: { name: 'token' }, used: 'used', loads: 1,
    });
    // The entry holds the shim, not the module: its code is in the deferred bundle only.
    expect(readFileSync(path.join(out(), 'cli', 'entry.js'), 'utf8')).not.toContain('2 * this.n');
    expect(readFileSync(path.join(out(), 'deferred-modules.js'), 'utf8')).toContain('2 * this.n');
  });

  it('leave out a module none of whose exports the bundle uses, top-level statements and all', async () => {
    await build();
    const entry = readFileSync(path.join(out(), 'cli', 'entry.js'), 'utf8');
    expect(entry).toContain('function used()');
    expect(entry).not.toContain('table-marker');
  });

  it('may not re-export with `export *` (their names would not be known)', async () => {
    write('lib/lazy.ts', "export * from './mixed';\n");
    await expect(build()).rejects.toThrow(/src-main\/lib\/lazy\.ts: a deferred module may not `export \*`/);
  });
});
