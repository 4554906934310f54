/**
 * Builds the bundled set's load cache (precheck.ts) from the bundle itself: every rule document
 * of `rules.json` compiled as the loader compiles it without a cache, and each one that compiles
 * kept with its variants (their places in resolveLogsource's list), the EventIDs its condition
 * requires and its variants' gates. For the writer script and the test that compares the shipped
 * cache with a fresh one.
 */
import path from 'node:path';
import { compileRule } from './compile-rule';
import { checkDetection } from './detection';
import { bundledSigmaAssetsDir } from './load-options';
import { loadPlaceholdersFile } from './placeholders';
import { buildPrecheck, precheckKey } from './precheck';
import type { CompiledDocument, Precheck } from './precheck';
import { resolveLogsource } from './logsource';
import { readRuleBundleText } from './rule-bundle';

export function buildBundledPrecheck(assetsDir: string = bundledSigmaAssetsDir()): Precheck {
  const read = readRuleBundleText(path.join(assetsDir, 'rules.json'));
  if (!read) throw new Error(`${assetsDir}: no rules.json`);
  const placeholders = loadPlaceholdersFile(path.join(assetsDir, 'placeholders.yml'));
  const compiled: CompiledDocument[] = [];
  for (const file of read.bundle.files) {
    (file.documents as unknown[]).forEach((d, i) => {
      const doc = (d as { doc?: unknown } | null)?.doc;
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return; // the loader lists it
      const rule = doc as Record<string, unknown>;
      if (rule['correlation'] !== undefined || rule['filter'] !== undefined || rule['detection'] === undefined) return;
      try {
        const { meta, variants } = compileRule(rule, file.path, 'sigmahq', { placeholders });
        const logsources = resolveLogsource(meta.logsource);
        compiled.push({
          path: file.path, documentIndex: i,
          variants: variants.map((v) => logsources.indexOf(v.logsource)),
          eventIds: checkDetection(rule['detection'], placeholders).eventIds, // as the compile checked it
          gates: variants.map((v) => v.gate()),
        });
      } catch {
        // not compiled: the loader checks it on every load and lists its error
      }
    });
  }
  return buildPrecheck(precheckKey(read.text, placeholders), compiled);
}
