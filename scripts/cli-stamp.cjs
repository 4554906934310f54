/**
 * Is `dist-cli/` up to date? The stamp (`dist-cli/build-stamp.json`) that scripts/cli-build.cjs
 * writes after a build, and the check scripts/cli.cjs makes before every command against it.
 *
 * The stamp names exactly what each bundle was built from (esbuild loaded it), with the size and
 * mtime each had just before esbuild read it: every source and JSON asset, and the folder of each
 * source (a folder's mtime changes when a file is added, removed or renamed in it, which is how a
 * new file that an extensionless import could now resolve to is seen); plus what every build depends on (package.json,
 * tsconfig.json, the build scripts, esbuild's version) and the size and mtime of each bundle
 * written. The check for command NAME stats only those of NAME's bundle, of the worker bundles
 * and the deferred bundle it uses (scripts/cli-deferred.cjs), and the common ones (about 270 paths for `triage`, 130 for `evtx-dump`; no folder walk), with
 * nothing but `fs`: it runs before every command and costs a few milliseconds.
 *
 * A file under `src-main/` that no bundle includes is not an input: editing it cannot change a
 * bundle, so it does not cause a rebuild (an edit that makes a bundle import it does).
 */
'use strict';
const fs = require('node:fs');

const STAMP_FILE = 'build-stamp.json';
/** The stamp layout below; a stamp of another version (an older launcher's) means "rebuild". */
const STAMP_VERSION = 3;
/** An entry name as `scripts/cli.cjs` accepts it: a file name in src-main/cli, nothing else. */
const ENTRY_NAME = /^[a-z][a-z0-9-]{0,63}$/;
/** Worker entries every CLI may start (they must sit beside the modules that locate them). */
const WORKER_ENTRIES = ['evidence-reading/ingest.worker.ts', 'evidence-reading/dump.worker.ts', 'report/report.worker.ts'];
/** Inputs of every bundle, relative to the repository root, beside those esbuild reports. */
const COMMON_INPUTS = ['package.json', 'tsconfig.json', 'scripts/cli-build.cjs', 'scripts/cli-stamp.cjs', 'scripts/cli-deferred.cjs', 'node_modules/esbuild/package.json'];

/**
 * @typedef {[number, number]} StatRow size and mtimeMs of a file or folder; [-1, 0] when it is gone
 * @typedef {{ output: StatRow, inputs: string[], uses: string[] }} BundleRecord inputs relative to the root, `/`-separated;
 *   uses: the bundles it requires at run time beside the workers (the deferred bundle, scripts/cli-deferred.cjs)
 * @typedef {{ version: number, entries: string[], inputs: Record<string, StatRow>, common: string[], bundles: Record<string, BundleRecord> }} Stamp
 */

/** @returns {StatRow} */
function statRow(abs) {
  const st = fs.statSync(abs, { throwIfNoEntry: false });
  return st === undefined ? [-1, 0] : [st.size, st.mtimeMs];
}

/** The bundle file (relative to the output folder) of a source entry relative to `src-main/`. */
function bundleOf(sourceEntry) {
  return sourceEntry.replace(/\.ts$/, '.js');
}

/** @returns {Stamp | null} */
function readStamp(outDir) {
  try {
    const stamp = JSON.parse(fs.readFileSync(`${outDir}/${STAMP_FILE}`, 'utf8'));
    return stamp !== null && stamp.version === STAMP_VERSION ? stamp : null;
  } catch {
    return null;
  }
}

/** Why a recorded path no longer matches its row, or null when it does. */
function changeOf(root, rel, row) {
  const [size, mtime] = statRow(`${root}/${rel}`);
  if (size === row[0] && mtime === row[1]) return null;
  if (size === -1) return `${rel} is gone`;
  if (row[0] === -1) return `${rel} appeared`;
  return `${rel} changed`;
}

/**
 * Null when `outDir` holds an up-to-date build of every entry of `entries` (CLI names) and of the
 * workers, else why not (for the rebuild message).
 * @param {string} root the repository root
 * @param {string} outDir
 * @param {string[]} entries
 */
function staleReason(root, outDir, entries) {
  const stamp = readStamp(outDir);
  if (stamp === null) return 'not built yet';
  const built = new Set(stamp.entries);
  const bundles = [];
  for (const e of entries) {
    if (!built.has(e) || stamp.bundles[`cli/${e}.js`] === undefined) return `${e} not built`;
    bundles.push(`cli/${e}.js`);
  }
  for (const w of WORKER_ENTRIES) {
    if (stamp.bundles[bundleOf(w)] === undefined) return `${w} not built`;
    bundles.push(bundleOf(w));
  }
  const used = new Set();
  for (const b of [...bundles]) {
    for (const u of stamp.bundles[b].uses ?? []) {
      if (stamp.bundles[u] === undefined) return `dist-cli/${u} not built`;
      if (!bundles.includes(u)) { bundles.push(u); used.add(u); }
    }
  }
  const checked = new Set();
  const check = (rel) => {
    if (checked.has(rel)) return null;
    checked.add(rel);
    const row = stamp.inputs[rel];
    return row === undefined ? `${rel} not in the stamp` : changeOf(root, rel, row);
  };
  for (const rel of stamp.common) {
    const why = check(rel);
    if (why !== null) return why;
  }
  for (const b of bundles) {
    const { output, inputs } = stamp.bundles[b];
    const [size, mtime] = statRow(`${outDir}/${b}`);
    if (size === -1) return used.has(b) ? `dist-cli/${b} not built` : `${b.replace(/\.js$/, '.ts')} not built`;
    if (size !== output[0] || mtime !== output[1]) return `dist-cli/${b} changed since it was built`;
    for (const rel of inputs) {
      const why = check(rel);
      if (why !== null) return why;
    }
  }
  return null;
}

module.exports = { ENTRY_NAME, STAMP_FILE, STAMP_VERSION, WORKER_ENTRIES, COMMON_INPUTS, statRow, bundleOf, staleReason };
