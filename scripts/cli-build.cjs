/**
 * Compiles the command-line entries (`src-main/cli/<name>.ts`) and the worker entries they start
 * (`src-main/evidence-reading/ingest.worker.ts`, `src-main/evidence-reading/dump.worker.ts`,
 * `src-main/report/report.worker.ts`) to plain CommonJS in `dist-cli/`, one esbuild bundle per entry with a linked source map, so `npm run triage` starts
 * without compiling TypeScript at run time; plus `dist-cli/deferred-modules.js`, what `triage` loads
 * only after its first evidence read (scripts/cli-deferred.cjs). Plain JavaScript: it runs before anything is compiled.
 *
 * Layout: `dist-cli/` mirrors `src-main/` (`dist-cli/cli/triage.js`, `dist-cli/evidence-reading/ingest.worker.js`),
 * and every `__dirname`/`__filename` in a bundled module is rewritten to the directory that module
 * would have in that mirror. Paths the sources compute relative to themselves (`../../../assets/sigma`,
 * `ingest.worker.js` beside `worker-script`) therefore resolve exactly as they do from source.
 * npm packages stay external (required from node_modules at run time).
 *
 * Deferred packages: `yaml` (Sigma rule files), `node:crypto` (hashes) and `node:net` (the ECS
 * export's `isIP`) are required at their first use, not when the bundle loads, so a command
 * reaches its first evidence read without loading them (`triage` loads its rules once the workers
 * read, and hashes once the folder is listed; `--help` and usage errors never load them).
 * The bundle imports them through a small shim that forwards each name `DEFERRED_PACKAGES` lists;
 * importing an unlisted name fails the build, naming it.
 *
 * Staleness: scripts/cli-stamp.cjs (the stamp this build writes, what each bundle was built from,
 * and the check the launcher makes against it before every command).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const { ENTRY_NAME, STAMP_FILE, STAMP_VERSION, WORKER_ENTRIES, COMMON_INPUTS, statRow, bundleOf } = require('./cli-stamp.cjs');
const { DEFERRED_BUNDLE, DEFERRED_MODULES, DEFERRING_ENTRIES, deferredExportNames, deferredBundleEntry, sourceModulesPlugin } = require('./cli-deferred.cjs');

const REPO_ROOT = path.resolve(__dirname, '..');
/** package.json scripts that run the launcher: `node … scripts/cli.cjs NAME`. */
const SCRIPT_ENTRY = /scripts\/cli\.cjs\s+([a-z][a-z0-9-]{0,63})\b/g;

/**
 * Packages loaded at first use (see the header): name → the exports the sources import, each a
 * function or a class (a class is constructed through the shim, so `instanceof` must not be used).
 */
const DEFERRED_PACKAGES = {
  yaml: { functions: ['parse', 'parseAllDocuments', 'stringify'], classes: [] },
  // Node's own: crypto loads its stream machinery (~10 ms on the build VM) and is first needed
  // for the first hash, after the folder is listed; net only by the ECS export.
  'node:crypto': { functions: ['createHash', 'randomBytes'], classes: [] },
  'node:net': { functions: ['isIP'], classes: [] },
};

/** @typedef {{ root?: string, outDir?: string }} BuildPlace */

/** @param {BuildPlace} [place] */
function placeOf(place = {}) {
  const root = place.root ?? REPO_ROOT;
  return { root, src: path.join(root, 'src-main'), outDir: place.outDir ?? path.join(root, 'dist-cli') };
}

/** The CLI entries the package.json scripts run through the launcher, plus `extra`, sorted and unique. */
function entryNames(root, extra = []) {
  const names = new Set(extra);
  try {
    const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts ?? {};
    for (const cmd of Object.values(scripts)) {
      if (typeof cmd !== 'string') continue;
      for (const m of cmd.matchAll(SCRIPT_ENTRY)) names.add(m[1]);
    }
  } catch { /* no package.json: only the requested entries */ }
  for (const n of names) if (!ENTRY_NAME.test(n)) throw new Error(`not a CLI entry name: ${JSON.stringify(n)}`);
  return [...names].filter((n) => fs.existsSync(path.join(root, 'src-main', 'cli', `${n}.ts`))).sort();
}

/** A path as the stamp names it: relative to the root, `/`-separated. */
function stampPath(root, abs) {
  return path.relative(root, abs).split(path.sep).join('/');
}

/**
 * esbuild plugin, registered first: records the size and mtime of every file esbuild loads, and
 * of a source's folder, just before it is read (into `rows`, by stamp path), then lets the next plugin or
 * esbuild's own loader load it. Taken before the read, a file edited during the build does not
 * match its row at the next check, so that build is redone.
 * @param {string} root
 * @param {Map<string, [number, number]>} rows
 * @param {Set<string>} loaded stamp paths of the files this bundle loaded
 */
function statBeforeLoadPlugin(root, rows, loaded) {
  return {
    name: 'stat-before-load',
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        const rel = stampPath(root, args.path);
        // Only a source's folder: a new file there may be what an extensionless import now resolves
        // to. The JSON assets are imported by their full name (and the root folder changes with
        // every output written beside package.json).
        const paths = rel.startsWith('src-main/') ? [path.dirname(args.path), args.path] : [args.path];
        for (const abs of paths) {
          const r = stampPath(root, abs);
          if (!rows.has(r)) rows.set(r, statRow(abs));
          loaded.add(r);
        }
        return undefined;
      });
    },
  };
}

/**
 * esbuild plugin: in a module bundled into `outDir/<entryDir>/x.js`, `__dirname` becomes the
 * directory the module has in the mirror of src-main (see the header). Prepended on the module's
 * first line, so the source map's line numbers are unchanged.
 */
function mirrorDirnamePlugin(src, outDir, entryOutDir) {
  return {
    name: 'mirror-dirname',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        const rel = path.relative(src, args.path);
        if (rel.startsWith('..') || path.isAbsolute(rel) || !/\b__(dirname|filename)\b/.test(text)) return { contents: text, loader: 'ts' };
        const mirrorDir = path.relative(entryOutDir, path.join(outDir, path.dirname(rel))).split(path.sep).join('/');
        const base = path.basename(rel).replace(/\.ts$/, '.js');
        const prelude = `const __mirrorDirname = require('node:path').join(__dirname, ${JSON.stringify(mirrorDir)}); `
          + `const __mirrorFilename = require('node:path').join(__mirrorDirname, ${JSON.stringify(base)}); `;
        const contents = prelude + text.replace(/\b__dirname\b/g, '__mirrorDirname').replace(/\b__filename\b/g, '__mirrorFilename');
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** esbuild plugin: imports of a `DEFERRED_PACKAGES` package from src-main go through a shim that requires it at first use. */
function deferredPackagesPlugin() {
  const names = Object.keys(DEFERRED_PACKAGES);
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  return {
    name: 'deferred-packages',
    setup(build) {
      build.onResolve({ filter }, (args) => (args.namespace === 'deferred' ? undefined : { path: args.path, namespace: 'deferred' }));
      build.onLoad({ filter: /.*/, namespace: 'deferred' }, (args) => {
        const { functions, classes } = DEFERRED_PACKAGES[args.path];
        const lines = [`let loaded = null;`, `const load = () => (loaded ??= require(${JSON.stringify(args.path)}));`];
        for (const f of functions) lines.push(`export function ${f}(...args) { return load().${f}(...args); }`);
        for (const c of classes) lines.push(`export const ${c} = function ${c}(...args) { return new (load().${c})(...args); };`);
        return { contents: lines.join('\n'), loader: 'js', resolveDir: REPO_ROOT };
      });
    },
  };
}

/**
 * Stack traces mapped to the TypeScript sources without `--enable-source-maps`, paid only when a
 * stack is formatted. Node's flag reads and indexes a bundle's source map when the bundle loads
 * (~70 ms of CPU for the 430 KB triage bundle on the 2-core build VM, the largest part of what the
 * CLI adds to `node`'s own start-up), in every worker too. Instead, every bundle starts with this
 * function (esbuild `banner`, one line so the map's line numbers hold): it installs an
 * `Error.prepareStackTrace` that reads the map at the first stack formatted and rewrites each frame
 * of this bundle to its source position (`src-main/…/x.ts:line:col`), V8's text otherwise. It steps
 * aside when Node maps already (`--enable-source-maps`) or something else formats stacks, and
 * leaves stacks without a frame of this bundle to Node's formatter.
 * Plain ES2020 with block comments only: its text is inlined on one line.
 * @param {string} bundleFile
 */
function lazySourceMaps(bundleFile) {
  const previous = Error.prepareStackTrace;
  /* Node's own formatter is ErrorPrepareStackTrace; any other was installed on purpose */
  if (process.sourceMapsEnabled || (previous !== undefined && previous.name !== 'ErrorPrepareStackTrace')) return;
  let map;
  const lookup = (line, column) => {
    if (map === undefined) {
      map = null;
      try {
        const { SourceMap } = require('node:module');
        map = new SourceMap(JSON.parse(require('node:fs').readFileSync(`${bundleFile}.map`, 'utf8')));
      } catch { /* no readable map: frames stay as V8 writes them */ }
    }
    const entry = map === null ? null : map.findEntry(line - 1, column - 1);
    return entry && typeof entry.originalSource === 'string' && typeof entry.originalLine === 'number' ? entry : null;
  };
  const sourcePath = (source) => {
    const path = require('node:path');
    if (source.startsWith('file:')) return require('node:url').fileURLToPath(source);
    return path.resolve(path.dirname(bundleFile), source);
  };
  Error.prepareStackTrace = (error, frames) => {
    if (previous !== undefined && !frames.some((frame) => frame.getFileName() === bundleFile)) return previous(error, frames);
    let text;
    try { text = Error.prototype.toString.call(error); } catch { text = 'Error'; }
    for (const frame of frames) {
      let line = String(frame);
      if (frame.getFileName() === bundleFile) {
        const at = `${bundleFile}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
        const entry = lookup(frame.getLineNumber(), frame.getColumnNumber());
        if (entry && line.includes(at)) line = line.replace(at, `${sourcePath(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
      }
      text += `\n    at ${line}`;
    }
    return text;
  };
}

/** The banner of every bundle: `lazySourceMaps` called with the bundle's own file. */
function lazySourceMapsBanner() {
  const text = lazySourceMaps.toString();
  if (text.includes('//')) throw new Error('lazySourceMaps must use block comments only (it is inlined on one line)');
  return `(${text.replace(/\s*\n\s*/g, ' ')})(__filename);`;
}

/** Writes through a temporary file and a rename: a CLI running meanwhile never loads half a file. */
function writeAtomic(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${require('node:crypto').randomBytes(4).toString('hex')}.tmp`; // crypto only when building
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/**
 * Builds `entries` (CLI names), the workers and the deferred bundle (scripts/cli-deferred.cjs)
 * into `outDir`, then writes the stamp. An entry's record lists the deferred bundle as `uses` when
 * it imports a deferred module, so the check covers what that bundle was built from too.
 * @param {string[]} entries
 * @param {BuildPlace} [place]
 */
async function buildCli(entries, place) {
  const { root, src, outDir } = placeOf(place);
  const esbuild = require('esbuild');
  /** @type {Map<string, [number, number]>} */
  const rows = new Map(COMMON_INPUTS.map((rel) => [rel, statRow(path.join(root, rel))]));
  const bundles = {};
  // Stat the deferred modules before their export names are read (an edit after that is a change).
  for (const m of DEFERRED_MODULES) {
    const abs = path.join(src, `${m}.ts`);
    rows.set(stampPath(root, abs), statRow(abs));
    rows.set(stampPath(root, path.dirname(abs)), statRow(path.dirname(abs)));
  }
  const names = await deferredExportNames(esbuild, root, src);
  const deferredBundle = path.join(outDir, DEFERRED_BUNDLE);
  /** @param {{ out: string, entry: object, defer: boolean }} b out: relative to outDir; entry: esbuild's entryPoints or stdin */
  const buildOne = async ({ out, entry, defer }) => {
    const outfile = path.join(outDir, out);
    const entryOutDir = path.dirname(outfile);
    const loaded = new Set();
    const used = new Set();
    const result = await esbuild.build({
      ...entry,
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      banner: { js: lazySourceMapsBanner() },
      sourcesContent: false,
      sourceRoot: undefined,
      logLevel: 'silent',
      write: false,
      absWorkingDir: root,
      plugins: [
        statBeforeLoadPlugin(root, rows, loaded),
        sourceModulesPlugin({ src, defer: defer ? { names, deferredBundle, entryOutDir, used } : null }),
        deferredPackagesPlugin(),
        mirrorDirnamePlugin(src, outDir, entryOutDir),
      ],
    });
    for (const f of result.outputFiles) writeAtomic(f.path, f.contents);
    bundles[out] = { output: statRow(outfile), inputs: [...loaded].sort(), uses: used.size > 0 ? [DEFERRED_BUNDLE] : [] };
  };
  // The deferred bundle first: an entry is never newer than the bundle it requires.
  await buildOne({ out: DEFERRED_BUNDLE, entry: { stdin: { contents: deferredBundleEntry(src), resolveDir: root, sourcefile: 'deferred-modules.js', loader: 'js' } }, defer: false });
  for (const rel of WORKER_ENTRIES) await buildOne({ out: bundleOf(rel), entry: { entryPoints: [path.join(src, rel)] }, defer: false });
  for (const e of entries) await buildOne({ out: bundleOf(`cli/${e}.ts`), entry: { entryPoints: [path.join(src, 'cli', `${e}.ts`)] }, defer: DEFERRING_ENTRIES.includes(e) });
  const stamp = { version: STAMP_VERSION, entries: [...entries].sort(), common: COMMON_INPUTS, inputs: Object.fromEntries([...rows].sort()), bundles };
  writeAtomic(path.join(outDir, STAMP_FILE), JSON.stringify(stamp) + '\n');
}

module.exports = { REPO_ROOT, DEFERRED_PACKAGES, entryNames, buildCli };
