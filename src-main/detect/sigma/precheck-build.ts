/**
 * Builds the bundled set's load cache (precheck.ts) from the bundle itself: the byte range of
 * every document of `rules.json` (bundle-ranges.ts, each checked to hold exactly that document),
 * and every rule document compiled as the loader compiles it without a cache, each one that
 * compiles kept with its detection's range (checked to hold exactly its detection), its head
 * (rule-meta.ts RuleHead), its variants (their places in resolveLogsource's list), the EventIDs
 * its condition requires and its variants' gates. For the writer script and the test that
 * compares the shipped cache with a fresh one.
 */
import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleDocumentRanges, memberRange } from './bundle-ranges';
import { parseBundle } from './rule-bundle';
import { compileRule } from './compile-rule';
import { checkDetection } from './detection';
import { bundledSigmaAssetsDir } from './load-options';
import { loadPlaceholdersFile } from './placeholders';
import { buildPrecheck, precheckKey } from './precheck';
import type { CompiledDocument, Precheck, StoredRange } from './precheck';
import { resolveLogsource } from './logsource';
import { ruleHead } from './rule-meta';

/** Each file's document ranges, checked against the parsed bundle (throws when one does not hold its document). */
function documentRanges(bytes: Buffer, files: { path: string; documents: unknown[] }[]): { path: string; documents: StoredRange[] }[] {
  const ranges = bundleDocumentRanges(bytes);
  if (ranges.length !== files.length) throw new Error(`rules.json: ${ranges.length} document lists for ${files.length} files`);
  return files.map((f, i) => {
    const r = ranges[i]!;
    if (r.length !== f.documents.length) throw new Error(`rules.json: ${f.path}: ${r.length} ranges for ${f.documents.length} documents`);
    r.forEach(([start, end], j) => {
      if (!isDeepStrictEqual(JSON.parse(bytes.toString('utf8', start, end)), f.documents[j])) throw new Error(`rules.json: ${f.path}: document ${j} is not at ${start}–${end}`);
    });
    return { path: f.path, documents: r };
  });
}

/** The range of a document's `detection` in the bundle, checked to hold exactly that section (throws when it does not). */
function detectionRange(bytes: Buffer, document: StoredRange, detection: unknown, where: string): StoredRange {
  const doc = memberRange(bytes, document, 'doc');
  const r = doc && memberRange(bytes, doc, 'detection');
  if (!r || !isDeepStrictEqual(JSON.parse(bytes.toString('utf8', r[0], r[1])), detection)) throw new Error(`rules.json: ${where}: the detection is not where it was found`);
  return r;
}

export function buildBundledPrecheck(assetsDir: string = bundledSigmaAssetsDir()): Precheck {
  const bytes = readFileSync(path.join(assetsDir, 'rules.json'));
  const bundle = parseBundle(bytes);
  const placeholders = loadPlaceholdersFile(path.join(assetsDir, 'placeholders.yml'));
  const ranges = documentRanges(bytes, bundle.files);
  const compiled: CompiledDocument[] = [];
  bundle.files.forEach((file, f) => {
    (file.documents as unknown[]).forEach((d, i) => {
      const doc = (d as { doc?: unknown } | null)?.doc;
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return; // the loader lists it
      const rule = doc as Record<string, unknown>;
      if (rule['correlation'] !== undefined || rule['filter'] !== undefined || rule['detection'] === undefined) return;
      let compiledRule;
      try {
        compiledRule = compileRule(rule, file.path, 'sigmahq', { placeholders });
      } catch {
        return; // not compiled: the loader checks it on every load and lists its error
      }
      const { meta, variants } = compiledRule;
      const logsources = resolveLogsource(meta.logsource);
      const checked = checkDetection(rule['detection'], placeholders); // as the compile checked it
      compiled.push({
        path: file.path, documentIndex: i,
        detection: detectionRange(bytes, ranges[f]!.documents[i]!, rule['detection'], `${file.path} document ${i}`),
        variants: variants.map((v) => logsources.indexOf(v.logsource)),
        eventIds: checked.eventIds,
        gates: variants.map((v) => v.gate()),
        head: ruleHead(meta),
        trees: checked.trees,
      });
    });
  });
  return buildPrecheck(precheckKey(bytes, placeholders), ranges, compiled);
}
