/**
 * The launcher's up-to-date check (scripts/cli-stamp.cjs) on a hand-made tree and stamp: untouched,
 * it is up to date; a touched input, a file added to a source folder, a changed common input, a
 * missing or altered bundle, an unbuilt entry or another stamp layout each name why it is not; a
 * file no bundle was built from does not count.
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

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cli-stamp-'));
  outDir = path.join(root, 'dist-cli');
  const sources = ['src-main/cli/triage.ts', 'src-main/shared/text.ts', 'src-main/ingest/parse.ts', 'assets/intel/list.json'];
  for (const rel of [...sources, ...stamp.COMMON_INPUTS]) write(rel, `// ${rel}\n`);
  write('src-main/electron/main.ts', '// not in any bundle\n');
  const bundles = ['cli/triage.ts', ...stamp.WORKER_ENTRIES].map(stamp.bundleOf);
  for (const b of bundles) write(`dist-cli/${b}`, `// bundle ${b}\n`);
  // What the build records: each input and its source folder, the common inputs, each bundle written.
  const inputsOf = (files: string[]) => [...new Set(files.flatMap((f) => (f.startsWith('src-main/') ? [f, path.posix.dirname(f)] : [f])))].sort();
  const triageInputs = inputsOf(['src-main/cli/triage.ts', 'src-main/shared/text.ts', 'assets/intel/list.json']);
  const workerInputs = inputsOf(['src-main/ingest/parse.ts', 'src-main/shared/text.ts']);
  const all = [...new Set([...triageInputs, ...workerInputs, ...stamp.COMMON_INPUTS])];
  writeFileSync(path.join(outDir, stamp.STAMP_FILE), JSON.stringify({
    version: stamp.STAMP_VERSION,
    entries: ['triage'],
    common: stamp.COMMON_INPUTS,
    inputs: Object.fromEntries(all.map((rel) => [rel, stamp.statRow(path.join(root, rel))])),
    bundles: Object.fromEntries(bundles.map((b, i) => [b, { output: stamp.statRow(path.join(outDir, b)), inputs: i === 0 ? triageInputs : workerInputs }])),
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

  it('rebuilds from a stamp of another layout or none', () => {
    writeFileSync(path.join(outDir, stamp.STAMP_FILE), JSON.stringify({ inputs: 'a listing', entries: ['triage'] }));
    expect(stale()).toBe('not built yet');
    rmSync(path.join(outDir, stamp.STAMP_FILE));
    expect(stale()).toBe('not built yet');
  });
});
