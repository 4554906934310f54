/**
 * The bundled set's documents as a load reads them. With a load cache made for these bytes
 * (precheck.ts), the bundle is never parsed whole: a file's documents come from their byte
 * ranges, a rule the cache knows as its entry and a PrecheckedDocument that parses its detection
 * (from its own range) when the rule first runs and the rest of its document when its full
 * metadata is read, any other document (a rule that fails its check, a filter, a correlation, a
 * YAML error) parsed from its range at once. Without one, the whole bundle is parsed, as the refresh script
 * wrote it (rule-bundle.ts).
 */
import type { CachedRuleSource } from './compile-cached-rule';
import { SigmaRuleError } from './errors';
import { precheckedRule } from './precheck';
import type { PrecheckedRule, PrecheckRead, StoredDocument, StoredFile, StoredGate } from './precheck';
import type { RuleBundle } from './rule-bundle';
import type { RuleDocument } from './rule-file';

export type BundleDocument = RuleDocument | PrecheckedDocument;

export interface BundleFile {
  path: string;
  documents: () => BundleDocument[];
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COLON = 0x3a;
const DETECTION_KEY = Buffer.from('"detection"', 'latin1');

const isMap = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

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

/**
 * Does `[start, end)`, inside the document at `[docStart, docEnd)`, hold an object written as a
 * `"detection"` member's value (the writer's range for it: a range that does not is not used)?
 */
function detectionFits(bytes: Buffer, docStart: number, docEnd: number, start: number, end: number): boolean {
  if (start <= docStart || end >= docEnd || end <= start || bytes[start] !== OPEN_OBJECT || bytes[end - 1] !== CLOSE_OBJECT) return false;
  let i = start - 1;
  while (isSpace(bytes[i])) i--;
  if (bytes[i] !== COLON) return false;
  i--;
  while (isSpace(bytes[i])) i--;
  const keyStart = i + 1 - DETECTION_KEY.length;
  if (keyStart <= docStart) return false;
  for (let k = 0; k < DETECTION_KEY.length; k++) if (bytes[keyStart + k] !== DETECTION_KEY[k]) return false;
  return true;
}

/**
 * A bundled rule the load cache knows (compile-rule.ts compilePrechecked): its entry, its
 * detection read from its own range when the rule first runs (a quarter of the document's bytes
 * on average: the rest is metadata), its whole document only when its full metadata is read
 * (rule-meta.ts lazyRuleMeta: a finding) or the detection's range does not fit.
 */
export class PrecheckedDocument implements CachedRuleSource {
  private parsed: Record<string, unknown> | undefined;

  constructor(
    readonly index: number,
    readonly prechecked: PrecheckedRule,
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly end: number,
    /** The cache's gate reader (not the cache: its parsed file list is not kept past the load). */
    private readonly readGates: PrecheckRead['gates'],
    /** The cache's reader of a rule's stored conditions. */
    private readonly readConditions: PrecheckRead['conditions'],
  ) {}

  doc(): Record<string, unknown> {
    if (this.parsed) return this.parsed;
    const d = bundleDocument(JSON.parse(this.bytes.toString('utf8', this.start, this.end)), this.index);
    if ('error' in d) throw new SigmaRuleError('bundle', d.error);
    return (this.parsed = d.doc);
  }

  /**
   * The document as its full metadata reads it (rule-meta.ts parseRuleMeta, once per rule: a
   * finding's): parsed without its detection when the detection's range fits (that text left out,
   * `{}` in its place: a quarter to half of the bytes, parsed already when the rule ran), else
   * the whole document. Not kept: the metadata keeps what it read.
   */
  metaDoc(): Record<string, unknown> {
    const { detectionStart: s, detectionEnd: e } = this.prechecked;
    if (this.parsed === undefined && detectionFits(this.bytes, this.start, this.end, s, e)) {
      try {
        // The range starts at `{` and ends at `}` (detectionFits): both cuts fall between UTF-8 characters.
        const d = bundleDocument(JSON.parse(`${this.bytes.toString('utf8', this.start, s)}{}${this.bytes.toString('utf8', e, this.end)}`), this.index);
        if (!('error' in d)) return d.doc;
      } catch {
        // the whole document is read instead
      }
    }
    return this.doc();
  }

  detection(): Record<string, unknown> {
    const { detectionStart: s, detectionEnd: e } = this.prechecked;
    if (this.parsed === undefined && detectionFits(this.bytes, this.start, this.end, s, e)) {
      try {
        const d: unknown = JSON.parse(this.bytes.toString('utf8', s, e));
        if (isMap(d)) return d;
      } catch {
        // the document is read instead
      }
    }
    const d = this.doc()['detection'];
    if (!isMap(d)) throw new SigmaRuleError('bundle', 'rules.json: the cached rule has no detection map');
    return d;
  }

  gates(count: number): StoredGate[] | null {
    return this.readGates(this.prechecked, count);
  }

  conditions(): unknown {
    return this.readConditions(this.prechecked);
  }
}

/** Are the cache's files a list of `[path, documents]` whose ranges fit these bytes (in order, apart, each an object's braces)? */
function rangesFit(files: unknown[], bytes: Buffer): files is StoredFile[] {
  let last = 0;
  // Indexed loops (no iterator per file): ~2,900 documents, once per load, before any of this is optimised.
  for (let i = 0; i < files.length; i++) {
    const f: unknown = files[i];
    if (!Array.isArray(f) || f.length !== 2 || typeof f[0] !== 'string' || !Array.isArray(f[1])) return false;
    const documents = f[1] as unknown[];
    for (let j = 0; j < documents.length; j++) {
      const d: unknown = documents[j];
      if (!Array.isArray(d) || d.length < 2) return false;
      const start: unknown = d[0];
      const end: unknown = d[1];
      if (typeof start !== 'number' || typeof end !== 'number' || !Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return false;
      if (start < last || end <= start || end > bytes.length || bytes[start] !== OPEN_OBJECT || bytes[end - 1] !== CLOSE_OBJECT) return false;
      last = end;
    }
  }
  return true;
}

/** A file's documents from their ranges: a rule entry of the right shape as a PrecheckedDocument, anything else parsed. */
function rangedDocuments(documents: StoredDocument[], bytes: Buffer, cache: PrecheckRead): BundleDocument[] {
  return documents.map((d, index): BundleDocument => {
    const start = d[0];
    const end = d[1];
    const prechecked = precheckedRule(d);
    if (prechecked) return new PrecheckedDocument(index, prechecked, bytes, start, end, cache.gates, cache.conditions);
    try {
      return bundleDocument(JSON.parse(bytes.toString('utf8', start, end)), index);
    } catch (e) {
      return { index, error: `rules.json: ${(e as Error).message}` };
    }
  });
}

/**
 * The bundle's files from the cache's ranges, or null when the cache's file list is malformed or
 * its ranges do not fit the bytes (the caller then parses the bundle whole). The bytes are kept
 * (off the JS heap) for the documents parsed later.
 */
export function rangedBundleFiles(bytes: Buffer, cache: PrecheckRead): BundleFile[] | null {
  const files = cache.files;
  if (!rangesFit(files, bytes)) return null;
  // Indexed reads, not an array pattern (which steps the array's iterator): ~2,900 files, once per load.
  return files.map((f) => ({ path: f[0], documents: () => rangedDocuments(f[1], bytes, cache) }));
}
