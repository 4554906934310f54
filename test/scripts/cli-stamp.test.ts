/**
 * The launcher's up-to-date check (scripts/cli-stamp.cjs) on a hand-made tree and stamp: untouched,
 * it is up to date; a touched input, a file added to a source folder, a changed common input, a
 * missing or altered bundle, an unbuilt entry or another stamp layout each name why it is not; a
 * file no bundle was built from does not count. An entry's check covers the bundle it requires at
 * run time (`uses`: the deferred bundle, scripts/cli-deferred.cjs) and no other entry's.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths';

interface StampModule {
  STAMP_FILE: string;
  STAMP_VERSION: number;
  WORKER_ENTRIES: string[];
  COMMON_INPUTS: string[];
  statRow: (abs: string) => [number, number];
  bundleOf: (entry: string) => string;
  staleReason: (root: string, outDir: string, entries: string[]) => string | null;
}
const stamp = createRequire(path.join(REPO_ROOT, 'package.json'))('./scripts/cli-stamp.cjs') as StampModule;

let root = '';
let outDir = '';
const write = (rel: string, text: string): void => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};
/** Moves a file's mtime forward (what an edit does), keeping its content. */
const touch = (rel: string): void => {
  const t = new Date(statSync(path.join(root, rel)).mtimeMs + 10_000);
  utimesSync(path.join(root, rel), t, t);
};
const stale = (entries = ['triage']): string | null => stamp.staleReason(root, outDir, entries);
/** The bundle `triage` requires at its first use of a deferred module (not `merge`, in this tree). */
const DEFERRED = 'deferred-modules.js';

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cli-stamp-'));
  outDir = path.join(root, 'dist-cli');
  const sources = ['src-main/cli/triage.ts', 'src-main/cli/merge.ts', 'src-main/shared/text.ts', 'src-main/ingest/parse.ts', 'src-main/detect/engine.ts', 'assets/intel/list.json'];
  for (const rel of [...sources, ...stamp.COMMON_INPUTS]) write(rel, `// ${rel}\n`);
  write('src-main/electron/main.ts', '// not in any bundle\n');
  const bundles = ['cli/triage.ts', ...stamp.WORKER_ENTRIES].map(stamp.bundleOf);
  for (const b of [...bundles, DEFERRED, 'cli/merge.js']) write(`dist-cli/${b}`, `// bundle ${b}\n`);
  // What the build records: each input and its source folder, the common inputs, each bundle written.
  const inputsOf = (files: string[]) => [...new Set(files.flatMap((f) => (f.startsWith('src-main/') ? [f, path.posix.dirname(f)] : [f])))].sort();
  const triageInputs = inputsOf(['src-main/cli/triage.ts', 'src-main/shared/text.ts', 'assets/intel/list.json']);
  const workerInputs = inputsOf(['src-main/ingest/parse.ts', 'src-main/shared/text.ts']);
  const deferredInputs = inputsOf(['src-main/detect/engine.ts', 'src-main/shared/text.ts']);
  const mergeInputs = inputsOf(['src-main/cli/merge.ts']);
  const all = [...new Set([...triageInputs, ...workerInputs, ...deferredInputs, ...mergeInputs, ...stamp.COMMON_INPUTS])];
  const record = (b: string, inputs: string[], uses: string[]) => [b, { output: stamp.statRow(path.join(outDir, b)), inputs, uses }];
  writeFileSync(path.join(outDir, stamp.STAMP_FILE), JSON.stringify({
    version: stamp.STAMP_VERSION,
    entries: ['merge', 'triage'],
    common: stamp.COMMON_INPUTS,
    inputs: Object.fromEntries(all.map((rel) => [rel, stamp.statRow(path.join(root, rel))])),
    bundles: Object.fromEntries([
      ...bundles.map((b, i) => (i === 0 ? record(b, triageInputs, [DEFERRED]) : record(b, workerInputs, []))),
      record(DEFERRED, deferredInputs, []),
      record('cli/merge.js', mergeInputs, []),
    ]),
  }));
});
afterEach(() => { if (root) rmSync(root, { recursive: true, force: true }); });

describe('staleReason', () => {
  it('is null for an untouched tree, also after a file no bundle was built from is edited', () => {
    expect(stale()).toBeNull();
    write('src-main/electron/main.ts', '// edited\n');
    touch('src-main/electron/main.ts');
    expect(stale()).toBeNull();
  });

  it("names a touched input of the entry's bundle", () => {
    touch('src-main/cli/triage.ts');
    expect(stale()).toBe('src-main/cli/triage.ts changed');
  });

  it('names an input only a worker bundle has', () => {
    touch('src-main/ingest/parse.ts');
    expect(stale()).toBe('src-main/ingest/parse.ts changed');
  });

  it('names a changed common input', () => {
    touch('tsconfig.json');
    expect(stale()).toBe('tsconfig.json changed');
  });

  it('names an inlined JSON asset that changed size', () => {
    write('assets/intel/list.json', '["a longer list"]\n');
    expect(stale()).toBe('assets/intel/list.json changed');
  });

  it('names the folder of a source when a file is added to it', () => {
    write('src-main/shared/new-helper.ts', 'export const x = 1;\n');
    expect(stale()).toBe('src-main/shared changed');
  });

  it('names an entry never built, a worker bundle that is missing and a bundle that is not the one built', () => {
    expect(stale(['evtx-dump'])).toBe('evtx-dump not built');
    rmSync(path.join(outDir, 'evidence-reading', 'ingest.worker.js'));
    expect(stale()).toBe('evidence-reading/ingest.worker.ts not built');
    writeFileSync(path.join(outDir, 'cli', 'triage.js'), '// something else, longer than before\n');
    expect(stale()).toBe('dist-cli/cli/triage.js changed since it was built');
  });

  it('names an input only the deferred bundle has, for the entry that uses it and not for another', () => {
    touch('src-main/detect/engine.ts');
    expect(stale()).toBe('src-main/detect/engine.ts changed');
    expect(stale(['merge'])).toBeNull();
  });

  it('names a deferred bundle that is missing or is not the one built', () => {
    writeFileSync(path.join(outDir, DEFERRED), '// something else, longer than before\n');
    expect(stale()).toBe(`dist-cli/${DEFERRED} changed since it was built`);
    rmSync(path.join(outDir, DEFERRED));
    expect(stale()).toBe(`dist-cli/${DEFERRED} not built`);
    expect(stale(['merge'])).toBeNull();
  });

  it('rebuilds from a stamp of another layout or none', () => {
    writeFileSync(path.join(outDir, stamp.STAMP_FILE), JSON.stringify({ inputs: 'a listing', entries: ['triage'] }));
    expect(stale()).toBe('not built yet');
    rmSync(path.join(outDir, stamp.STAMP_FILE));
    expect(stale()).toBe('not built yet');
  });
});
