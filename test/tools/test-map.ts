/**
 * How well the tests mirror the sources (issue #17): for every source file under `src-main/` and
 * `src-renderer/`, is it imported directly by a test file (`*.test.ts`); and which test files are
 * named after no source file. Unit tests mirror the tree: `src-main/<dir>/<file>.ts` is tested in
 * `test/<dir>/<file>.test.ts` (or `<file>-<aspect>.test.ts`), `src-renderer/<dir>/<file>` in
 * `test/renderer/<dir>/<file>…`; the other tiers keep the same sub-path under their folder
 * (`test/corpus/`, `test/oracle/`). Type-only files (no runtime code) are counted apart.
 *
 *   npx tsx test/tools/test-map.ts [--untested] [--misnamed] [--json]
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Tier folders under test/ whose sub-path mirrors the source tree like a unit test's. */
export const TIER_FOLDERS = ['corpus', 'oracle'];
/** Folders under test/ that are not named after sources (tools, fixtures, the e2e flows). */
const NOT_MIRRORED = ['e2e', 'bench', 'fuzz', 'tools', 'helpers', 'fixtures'];

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join('/');

/** Every source file (TypeScript and Svelte, no declaration files), repository-relative. */
export function sourceFiles(): string[] {
  const scripts = readdirSync(path.join(ROOT, 'scripts')).filter((f) => f.endsWith('.cjs')).map((f) => `scripts/${f}`);
  return [...['src-main', 'src-renderer'].flatMap((d) => walk(path.join(ROOT, d)))
    .filter((f) => /\.(ts|svelte)$/.test(f) && !f.endsWith('.d.ts')).map(rel), ...scripts].sort();
}

/** The test files (`*.test.ts`, also `*.dom.test.ts` and `*.e2e.test.ts`), repository-relative. */
export function testFiles(): string[] {
  return walk(path.join(ROOT, 'test')).filter((f) => f.endsWith('.test.ts')).map(rel).sort();
}

/** The module specifiers a file imports (static, dynamic, re-exports, `vi.mock`). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.mock\(\s*)(['"])([^'"\n]+)\1/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[2]);
  return out;
}

/** A relative specifier resolved to a source file (extensionless, `.svelte`, `index`), or null. */
function resolveSpecifier(fromFile: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(path.join(ROOT, fromFile)), spec.replace(/\?.*$/, ''));
  for (const cand of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (existsSync(cand) && statSync(cand).isFile()) return rel(cand);
  }
  return null;
}

/** True when a TypeScript file exports no runtime code (types only, or an entry point that exports nothing). */
function typeOnly(file: string): boolean {
  if (!file.endsWith('.ts')) return false;
  const text = readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return !/^\s*export\s+(?:default\b|async\b|function\b|const\b|let\b|class\b|enum\b|\{(?![^}]*\btype\b[^}]*\}\s*from)|\*)/m.test(text);
}

/** The source file a test file is named after (mirrored path, longest `-aspect` prefix), or null. */
export function sourceFor(testFile: string, sources: Set<string>): string | null {
  let sub = testFile.replace(/^test\//, '');
  const tier = sub.split('/')[0];
  if (TIER_FOLDERS.includes(tier)) sub = sub.slice(tier.length + 1);
  const dir = path.posix.dirname(sub);
  let name = path.posix.basename(sub).replace(/(\.dom|\.e2e)?\.test\.ts$/, '');
  const srcDir = dir === 'renderer' || dir.startsWith('renderer/') ? `src-renderer${dir.slice('renderer'.length)}`
    : dir === 'scripts' ? 'scripts' : `src-main/${dir}`;
  for (;;) {
    for (const ext of ['.ts', '.svelte', '.svelte.ts', '.cjs']) {
      const cand = `${srcDir}/${name}${ext}`.replace('/./', '/');
      if (sources.has(cand)) return cand;
    }
    const cut = name.lastIndexOf('-');
    if (cut <= 0) return null;
    name = name.slice(0, cut);
  }
}

export interface TestMap {
  sources: string[];
  typeOnly: string[];
  /** Source file → the test files that import it directly. */
  importedBy: Map<string, string[]>;
  /** Test files (outside e2e/bench/fuzz/tools) named after no source file: unit tier, and the tier folders. */
  misnamed: string[];
  misnamedInTiers: string[];
}

export function testMap(): TestMap {
  const sources = sourceFiles();
  const set = new Set(sources);
  const importedBy = new Map<string, string[]>(sources.map((s) => [s, []]));
  const tests = testFiles();
  for (const t of tests) {
    for (const spec of specifiers(readFileSync(path.join(ROOT, t), 'utf8'))) {
      const hit = resolveSpecifier(t, spec);
      if (hit && importedBy.has(hit) && !importedBy.get(hit)!.includes(t)) importedBy.get(hit)!.push(t);
    }
  }
  const sub = (t: string) => { const p = t.split('/'); return TIER_FOLDERS.includes(p[1]!) ? p[2]! : p[1]!; };
  const unnamed = tests.filter((t) => !NOT_MIRRORED.includes(sub(t)) && !sourceFor(t, set));
  const inTier = (t: string) => TIER_FOLDERS.includes(t.split('/')[1]!);
  return { sources, typeOnly: sources.filter(typeOnly), importedBy, misnamed: unnamed.filter((t) => !inTier(t)), misnamedInTiers: unnamed.filter(inTier) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const m = testMap();
  const untested = m.sources.filter((s) => m.importedBy.get(s)!.length === 0);
  const untestedRuntime = untested.filter((s) => !m.typeOnly.includes(s));
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ sources: m.sources.length, typeOnly: m.typeOnly.length, untested, misnamed: m.misnamed, misnamedInTiers: m.misnamedInTiers }, null, 2));
  } else {
    console.log(`source files: ${m.sources.length} (${m.typeOnly.length} export no runtime code: types, entry points)`);
    console.log(`imported directly by no test file: ${untested.length} (${untestedRuntime.length} with runtime exports)`);
    console.log(`test files: ${testFiles().length}; unit tests named after no source file: ${m.misnamed.length} (corpus and oracle tests: ${m.misnamedInTiers.length})`);
    if (process.argv.includes('--untested')) for (const s of untested) console.log(`  untested ${s}${m.typeOnly.includes(s) ? ' (no runtime exports)' : ''}`);
    if (process.argv.includes('--misnamed')) for (const t of [...m.misnamed, ...m.misnamedInTiers]) console.log(`  misnamed ${t}`);
  }
}
