/**
 * What a compiled CLI entry leaves out of what it loads at start-up (issue 21: process start to
 * first evidence read). Node compiles a whole bundle when it is required (V8 pre-parses every
 * function), so every byte before the first read costs, also code that runs only later.
 *
 * - Source modules none of whose exports a bundle uses are left out (`sideEffects: false` for
 *   every module of src-main: no source is imported for its side effects alone; a module whose
 *   exports are used keeps its top-level statements).
 * - `DEFERRED_MODULES` (the detection engine, the Sigma loader, the writers of the outputs) are
 *   compiled into one bundle of their own, `dist-cli/deferred-modules.js`, that an entry of
 *   `DEFERRING_ENTRIES` requires at the first use of any of their exports. In the entry, each import of one of them resolves to
 *   a small CommonJS shim whose exports are getters: `new DetectionSession(…)`,
 *   `EventExport.open(…)`, `loader === DEFAULT_SIGMA_LOADER` read the real binding at use, so
 *   classes, their static members, constants and their identity are those of the one deferred
 *   bundle. The export names are taken from the sources by esbuild at build time (a deferred
 *   module may not `export *`: its names would not be known).
 *
 * A module imported both by an entry's start-up code and by a deferred module is compiled into
 * both bundles (two copies): a deferred module must not hand an instance of such a module's class
 * to start-up code that tests it with `instanceof`, or share its module state. The list below is
 * chosen so that the copies are plain functions and data (test/scripts/cli-build.test.ts checks
 * that `triage` reaches its first evidence read without loading the deferred bundle).
 * The other entries, the worker bundles and the deferred bundle itself defer nothing. The
 * sources keep static imports: the Electron main process (forge's Vite build) and the tests load
 * every module as before.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The deferred bundle, relative to the output folder (no source mirrors it: src-main holds folders only). */
const DEFERRED_BUNDLE = 'deferred-modules.js';

/**
 * Modules (relative to src-main, no extension) an entry loads at their first use. Used after the
 * first evidence read by `triage`: the detection engine (once the hashing has started,
 * case/detection-run.ts), the rule loader, the finding and document builders and the writers.
 */
const DEFERRED_MODULES = [
  'detect/detection-session',
  'case/triage-rules',
  'case/case-findings',
  'case/triage-document',
  'case/evidence-unchanged',
  'output/findings-csv',
  'report/report-in-worker',
  'export/event-export',
  'export/findings-export',
];

/**
 * The entries that defer them: those that read evidence before they need any of them. `merge` and
 * `rules` use them at once (a second file to load would only add to their start).
 */
const DEFERRING_ENTRIES = ['triage'];

const NAMESPACE = 'deferred-module';

/**
 * The TypeScript source under `src` an extensionless import names (`x` → `x.ts`, else
 * `x/index.ts`), or null (esbuild then resolves the import as usual). Cached per path.
 * @param {Map<string, string | null>} cache
 */
function sourceFileOf(src, base, cache) {
  let file = cache.get(base);
  if (file === undefined) {
    const rel = path.relative(src, base);
    const inside = !rel.startsWith('..') && !path.isAbsolute(rel) && path.extname(base) === '';
    file = inside ? [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.statSync(f, { throwIfNoEntry: false })?.isFile()) ?? null : null;
    cache.set(base, file);
  }
  return file;
}

/** The absolute source file of a `DEFERRED_MODULES` name. */
function sourceOf(src, name) {
  return path.join(src, `${name}.ts`);
}

/**
 * The export names of each deferred module, read from its source by esbuild (no bundling).
 * @param {string[]} [modules] names relative to src (default `DEFERRED_MODULES`)
 * @returns {Promise<Map<string, string[]>>} absolute source file → names
 */
async function deferredExportNames(esbuild, root, src, modules = DEFERRED_MODULES) {
  const files = modules.map((m) => sourceOf(src, m));
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (/^\s*export\s*\*/m.test(text)) throw new Error(`${path.relative(root, f)}: a deferred module may not \`export *\` (scripts/cli-deferred.cjs)`);
  }
  const result = await esbuild.build({
    entryPoints: files, bundle: false, format: 'esm', platform: 'node', target: 'node20',
    write: false, metafile: true, outdir: path.join(root, 'dist-cli-names'), absWorkingDir: root, logLevel: 'silent',
  });
  const names = new Map();
  for (const out of Object.values(result.metafile.outputs)) {
    if (out.entryPoint !== undefined) names.set(path.resolve(root, out.entryPoint), out.exports);
  }
  for (const f of files) if (!names.has(f)) throw new Error(`no exports found for ${path.relative(root, f)}`);
  return names;
}

/** The synthetic entry of the deferred bundle: each module's namespace as `m0`, `m1`, … in `modules` order. */
function deferredBundleEntry(src, modules = DEFERRED_MODULES) {
  return modules.map((m, i) => `export * as m${i} from ${JSON.stringify(sourceOf(src, m))};`).join('\n');
}

/**
 * esbuild plugin, for every bundle: imports of src-main modules are side-effect free (left out when
 * none of their exports is used); with `defer` (an entry's bundle), imports of a deferred module
 * resolve to its shim, which requires `deferredBundle` (an absolute path) at first use.
 * @param {{ src: string, modules?: string[], defer: null | { names: Map<string, string[]>, deferredBundle: string, entryOutDir: string, used: Set<string> } }} opts
 *   `modules`: as given to `deferredBundleEntry` (default `DEFERRED_MODULES`); `used` collects the
 *   deferred modules the bundle imports.
 */
function sourceModulesPlugin({ src, modules = DEFERRED_MODULES, defer }) {
  const index = new Map(modules.map((m, i) => [sourceOf(src, m), i]));
  /** @type {Map<string, string | null>} */
  const files = new Map();
  return {
    name: 'source-modules',
    setup(build) {
      // Only sources' relative imports: resolved here (no round trip to esbuild per import).
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.namespace !== 'file' || !args.importer.endsWith('.ts')) return undefined;
        const file = sourceFileOf(src, path.resolve(args.resolveDir, args.path), files);
        if (file === null) return undefined;
        if (defer !== null && index.has(file)) {
          defer.used.add(modules[index.get(file)]);
          return { path: file, namespace: NAMESPACE };
        }
        return { path: file, sideEffects: false };
      });
      if (defer === null) return;
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const i = index.get(args.path);
        const bundle = path.relative(defer.entryOutDir, defer.deferredBundle).split(path.sep).join('/');
        const lines = [
          `let loaded = null;`,
          `const load = () => (loaded ??= require(require('node:path').join(__dirname, ${JSON.stringify(bundle)}))).m${i};`,
        ];
        for (const name of defer.names.get(args.path)) {
          lines.push(`Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => load()[${JSON.stringify(name)}] });`);
        }
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}

module.exports = { DEFERRED_BUNDLE, DEFERRED_MODULES, DEFERRING_ENTRIES, deferredExportNames, deferredBundleEntry, sourceModulesPlugin };
