/**
 * Loading Sigma rules: the bundled SigmaHQ Windows rules and/or the user's files and folders.
 * Every file is read with a size bound and parsed safely (rule-file.ts); every document is a
 * rule, a filter or a correlation (load-documents.ts); a document that cannot be used is a
 * SigmaLoadError with a reason, a rule that is not run (status, level, placeholders) a
 * SigmaSkippedRule. Nothing throws for a bad rule file.
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_RULE_STATUSES, bundledSigmaAssetsDir, bundledSigmaDir } from './load-options';
import type { SigmaLoadOptions } from './load-options';
import { loadPlaceholdersFile, placeholdersFrom } from './placeholders';
import type { Placeholders } from './placeholders';
import { parsedBundleFiles, rangedBundleFiles } from './bundle-source';
import { parseBundle } from './rule-bundle';
import type { BundleDocument, BundleFile } from './bundle-source';
import { precheckKey, readPrecheck } from './precheck';
import { MAX_RULE_FILE_BYTES, parseRuleFile } from './rule-file';
import type { RuleDocument } from './rule-file';
import { LoadDocuments } from './load-documents';
import { LoadedSigmaRuleSet } from './rule-set';
import { SIGMA_LEVELS } from './types';
import type { SigmaLoadError, SigmaSkippedRule } from './types';

export { bundledSigmaAssetsDir } from './load-options';
export type { SigmaLoadOptions } from './load-options';

const MAX_FILES = 50_000;
const MAX_DEPTH = 16;

interface RuleFile {
  file: string;
  /** Relative to the rule-set root, `/` separated. */
  rel: string;
  origin: string;
}

function walk(root: string, origin: string, out: RuleFile[], errors: SigmaLoadError[]): void {
  const visit = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      errors.push({ path: dir, id: null, title: null, code: 'io', reason: (e as Error).message });
      return;
    }
    for (const n of names) {
      const p = path.join(dir, n);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) visit(p, depth + 1);
      else if (st.isFile() && /\.ya?ml$/i.test(n)) {
        if (out.length >= MAX_FILES) {
          errors.push({ path: root, id: null, title: null, code: 'limit', reason: `more than ${MAX_FILES} rule files; the rest were not read` });
          return;
        }
        out.push({ file: p, rel: path.relative(root, p).split(path.sep).join('/'), origin });
      }
    }
  };
  let st;
  try {
    st = statSync(root);
  } catch (e) {
    errors.push({ path: root, id: null, title: null, code: 'io', reason: (e as Error).message });
    return;
  }
  if (st.isDirectory()) visit(root, 0);
  else out.push({ file: root, rel: path.basename(root), origin });
}

function resolvePlaceholders(opt: NonNullable<SigmaLoadOptions['placeholders']>, errors: SigmaLoadError[]): Placeholders {
  try {
    if (typeof opt === 'string') return loadPlaceholdersFile(opt);
    return placeholdersFrom(opt, 'placeholders option');
  } catch (e) {
    errors.push({ path: typeof opt === 'string' ? opt : 'placeholders', id: null, title: null, code: 'placeholders', reason: (e as Error).message });
    return new Map();
  }
}

function readDocuments(f: RuleFile, errors: SigmaLoadError[]): RuleDocument[] | null {
  const shown = f.origin === 'sigmahq' ? f.rel : f.file;
  try {
    const size = statSync(f.file).size;
    if (size > MAX_RULE_FILE_BYTES) throw new Error(`file larger than ${MAX_RULE_FILE_BYTES} bytes`);
    return parseRuleFile(readFileSync(f.file, 'utf8'));
  } catch (e) {
    errors.push({ path: shown, id: null, title: null, code: 'io', reason: (e as Error).message });
    return null;
  }
}

/** Loads, compiles and indexes the rules. Bad rules are listed in `errors`, never thrown. */
export function loadSigmaRuleSet(options: SigmaLoadOptions = {}): LoadedSigmaRuleSet {
  const steps = loadSteps(options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same load in slices of about `sliceMs` of main-thread time, so that a triage's worker
 * messages (their batches' acknowledgements) are served while the set compiles.
 */
export async function loadSigmaRuleSetSliced(options: SigmaLoadOptions = {}, sliceMs = 10): Promise<LoadedSigmaRuleSet> {
  const steps = loadSteps(options);
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - since >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
    }
  }
}

/**
 * The load, one rule file (or up to BUNDLE_ENTRIES_PER_STEP bundle entries) per step (the bundle,
 * placeholders and cache first, a step each). The generator only sequences the steps: the work is
 * in the functions it calls (it was compiled twice at ~5.6 kB of source: on stack in the file
 * loop, then again when the code past the loop first ran; resumed once per bundle entry, it was
 * still compiled twice at its present size: addSources).
 */
function* loadSteps(options: SigmaLoadOptions): Generator<void, LoadedSigmaRuleSet> {
  const errors: SigmaLoadError[] = [];
  const skipped: SigmaSkippedRule[] = [];
  const files: RuleFile[] = [];
  const assetsDir = options.assetsDir ?? bundledSigmaAssetsDir();
  const bundleBytes = readBundle(options, assetsDir);
  /** The bundled rules' YAML files, when there is no bundle (or it cannot be read). */
  const bundledYaml: RuleFile[] = [];
  const walkBundled = () => walk(options.bundledDir ?? (options.assetsDir ? path.join(options.assetsDir, 'rules') : bundledSigmaDir()), 'sigmahq', bundledYaml, errors);
  if ((options.bundled ?? true) && !bundleBytes) walkBundled();
  for (const p of options.paths ?? []) walk(path.resolve(p), p, files, errors);
  yield; // the bundle's read, the placeholders and the cache or the bundle's parse each a step of their own
  const placeholders = resolvePlaceholders(options.placeholders ?? path.join(assetsDir, 'placeholders.yml'), errors);
  yield;
  const bundleFiles = bundleBytes ? bundleFilesOf(bundleBytes, options, assetsDir, placeholders, errors, walkBundled) : [];
  const sink = newSink(options, errors, skipped, placeholders);
  const sources = sourcesOf(bundleFiles, [...bundledYaml, ...files], errors);
  for (let i = 0; i < sources.length; ) {
    yield;
    i = addSources(sink, sources, i);
  }
  sink.applyFilters();
  return new LoadedSigmaRuleSet(sink.running, errors, skipped, sink.correlations, sink.all);
}

/** The bundle's bytes (assets/sigma/rules.json), or null when the options name no bundle or it cannot be read. */
function readBundle(options: SigmaLoadOptions, assetsDir: string): Buffer | null {
  if (!(options.bundled ?? true) || options.bundledDir) return null;
  try {
    return readFileSync(path.join(assetsDir, 'rules.json'));
  } catch {
    return null; // no bundle: the rule files are read instead
  }
}

/**
 * The bundle from its load cache's ranges when the cache was made for these bytes and
 * placeholders (bundle-source.ts, precheck.ts), else parsed whole; none (and the bundled YAML
 * walked instead) when it cannot be parsed.
 */
function bundleFilesOf(bundleBytes: Buffer, options: SigmaLoadOptions, assetsDir: string, placeholders: Placeholders, errors: SigmaLoadError[], walkBundled: () => void): BundleFile[] {
  const cache = options.precheck !== false ? readPrecheck(path.join(assetsDir, 'precheck.json'), precheckKey(bundleBytes, placeholders)) : null;
  try {
    const ranged = cache && rangedBundleFiles(bundleBytes, cache);
    // A cache made for these bytes whose file list does not fit them is damaged (or was edited): not used, and said.
    if (cache && !ranged) errors.push({ path: 'precheck.json', id: null, title: null, code: 'precheck', reason: 'the load cache does not fit rules.json: the bundle was read without it (regenerate it: npx tsx test/tools/sigma/write-precheck.ts)' });
    return ranged ?? parsedBundleFiles(parseBundle(bundleBytes));
  } catch (e) {
    errors.push({ path: 'rules.json', id: null, title: null, code: 'bundle', reason: (e as Error).message });
    walkBundled();
    return [];
  }
}

function newSink(options: SigmaLoadOptions, errors: SigmaLoadError[], skipped: SigmaSkippedRule[], placeholders: Placeholders): LoadDocuments {
  const minLevel = SIGMA_LEVELS.indexOf(options.minLevel ?? 'informational');
  const statuses = new Set((options.ruleStatus ?? DEFAULT_RULE_STATUSES).map((s) => s.toLowerCase()));
  return new LoadDocuments(errors, skipped, placeholders, statuses, minLevel);
}

/** A rule file to load: where it is, and its documents when read (null: unreadable, said in the errors). */
interface RuleSource {
  f: RuleFile;
  documents: () => BundleDocument[] | null;
  /** A bundle entry (its documents from the bundle's bytes, mostly cached rules: tens of µs), not a file to read and parse. */
  bundled: boolean;
}

/** The bundle's entries, then the rule files (bundled YAML, then the options' paths), in load order. */
function sourcesOf(bundleFiles: readonly BundleFile[], yaml: readonly RuleFile[], errors: SigmaLoadError[]): RuleSource[] {
  const sources: RuleSource[] = [];
  for (let i = 0; i < bundleFiles.length; i++) {
    const b = bundleFiles[i]!;
    sources.push({ f: { file: b.path, rel: b.path, origin: 'sigmahq' }, documents: b.documents, bundled: true });
  }
  for (const f of yaml) sources.push({ f, documents: () => readDocuments(f, errors), bundled: false });
  return sources;
}

/**
 * Bundle entries taken in one step of the load (a cached rule's entry is ~20-60 µs, so a step stays
 * well under the sliced load's 10 ms); a rule file, read and parsed, is a step of its own. Steps
 * of one entry each resumed the generator ~2,900 times, enough for V8 to compile it with TurboFan,
 * twice (each compile inlining the load's callees, each deoptimised within the load) for code
 * that runs once; ~180 steps do not.
 */
const BUNDLE_ENTRIES_PER_STEP = 16;

/** One step from `sources[from]`: that source's documents into the sink, and the bundle entries after it up to a step's worth; the next step's start. */
function addSources(sink: LoadDocuments, sources: readonly RuleSource[], from: number): number {
  let i = from;
  addSource(sink, sources[i++]!);
  while (i < sources.length && i - from < BUNDLE_ENTRIES_PER_STEP && sources[i - 1]!.bundled && sources[i]!.bundled) addSource(sink, sources[i++]!);
  return i;
}

/** A rule file's documents into the sink. */
function addSource(sink: LoadDocuments, { f, documents }: RuleSource): void {
  const shown = f.origin === 'sigmahq' ? f.rel : f.file;
  const docs = documents() ?? [];
  for (let i = 0; i < docs.length; i++) sink.add(docs[i]!, f.rel, f.origin, shown);
}
