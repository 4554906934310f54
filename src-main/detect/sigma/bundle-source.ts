/**
 * The bundled set's documents as a load reads them. With a load cache made for these bytes
 * (precheck.ts), the bundle is never parsed whole: a file's documents come from their byte
 * ranges, a rule the cache knows as its entry and a thunk that parses its document when first
 * needed (its first run, or its full metadata), any other document (a rule that fails its check,
 * a filter, a correlation, a YAML error) parsed from its range at once. Without one, the whole
 * bundle is parsed, as the refresh script wrote it (rule-bundle.ts).
 */
import { SigmaRuleError } from './errors';
import type { PrecheckedRule, PrecheckFile, PrecheckRead } from './precheck';
import { precheckRuleKey } from './precheck';
import type { RuleBundle } from './rule-bundle';
import type { RuleDocument } from './rule-file';

/** A bundled rule the load cache knows: its entry, and its document parsed on first call. */
interface PrecheckedDocument {
  index: number;
  prechecked: PrecheckedRule;
  doc: () => Record<string, unknown>;
}

export type BundleDocument = RuleDocument | PrecheckedDocument;

export interface BundleFile {
  path: string;
  documents: () => BundleDocument[];
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** A bundle entry (`{index, doc}` or `{index, error}`), shape-checked (the bundle is a file like any other). */
function bundleDocument(entry: unknown, index: number): RuleDocument {
  const o = entry as { doc?: unknown; error?: unknown } | null;
  if (o && typeof o.doc === 'object' && o.doc !== null && !Array.isArray(o.doc)) return { index, doc: o.doc as Record<string, unknown> };
  return { index, error: typeof o?.error === 'string' ? o.error : 'rules.json: malformed document' };
}

/** A parsed bundle's files (its documents shape-checked). */
export function parsedBundleFiles(bundle: RuleBundle): BundleFile[] {
  return bundle.files.map((b) => ({
    path: String(b.path),
    documents: () => (Array.isArray(b.documents) ? (b.documents as unknown[]).map(bundleDocument) : [{ index: 0, error: 'rules.json: documents is not a list' }]),
  }));
}

/** Do the cache's ranges fit these bytes (in order, apart, each an object's braces)? */
function rangesFit(files: readonly PrecheckFile[], bytes: Buffer): boolean {
  let last = 0;
  for (const f of files) {
    for (const [start, end] of f.documents) {
      if (start < last || end <= start || end > bytes.length || bytes[start] !== OPEN_OBJECT || bytes[end - 1] !== CLOSE_OBJECT) return false;
      last = end;
    }
  }
  return true;
}

/**
 * The bundle's files from the cache's ranges, or null when the ranges do not fit the bytes (the
 * caller then parses the bundle whole). The bytes are kept (off the JS heap) for the documents
 * parsed later.
 */
export function rangedBundleFiles(bytes: Buffer, cache: PrecheckRead): BundleFile[] | null {
  if (!rangesFit(cache.files, bytes)) return null;
  const entry = (start: number, end: number): unknown => JSON.parse(bytes.toString('utf8', start, end));
  return cache.files.map((f) => ({
    path: f.path,
    documents: () => f.documents.map(([start, end], index): BundleDocument => {
      const prechecked = cache.rule(precheckRuleKey(f.path, index));
      if (!prechecked) {
        try {
          return bundleDocument(entry(start, end), index);
        } catch (e) {
          return { index, error: `rules.json: ${(e as Error).message}` };
        }
      }
      let doc: Record<string, unknown> | undefined;
      return {
        index,
        prechecked,
        doc: () => {
          if (doc) return doc;
          const d = bundleDocument(entry(start, end), index);
          if ('error' in d) throw new SigmaRuleError('bundle', d.error);
          return (doc = d.doc);
        },
      };
    }),
  }));
}
