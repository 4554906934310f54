/**
 * The bundle as a load reads it with a load cache (bundle-source.ts): documents from their byte
 * ranges, a cached rule's detection from its own range and its document only when asked for,
 * ranges that do not fit refused.
 */
import { describe, expect, it } from 'vitest';
import { bundleDocumentRanges, memberRange } from '../../../src-main/detect/sigma/bundle-ranges';
import { PrecheckedDocument, rangedBundleFiles } from '../../../src-main/detect/sigma/bundle-source';
import type { PrecheckRead, StoredDocument } from '../../../src-main/detect/sigma/precheck';

const rule = { title: 'T', id: 'r1', logsource: { product: 'windows' }, detection: { sel: { Image: 'x' }, condition: 'sel' } };
const bundle = { files: [{ path: 'a.yml', documents: [{ index: 0, doc: rule }, { index: 1, error: 'bad yaml' }, { index: 2, doc: { title: 'F', filter: {} } }] }] };
const head = ['r1', 'T', null, 'medium', 'experimental', null, null, { product: 'windows' }] as const;

/** A cache read for `bytes` (laid out as `layout`), the first document a rule entry with its detection's range. */
function read(bytes: Buffer, detection?: [number, number]): PrecheckRead {
  const ranges = bundleDocumentRanges(bytes)[0]!;
  const det = detection ?? memberRange(bytes, memberRange(bytes, ranges[0]!, 'doc')!, 'detection')!;
  const documents: StoredDocument[] = [[...ranges[0]!, ...det, [0], null, 0, 6, ...head] as StoredDocument, ranges[1]!, ranges[2]!];
  return { files: [['a.yml', documents]], gates: (_p, count) => (count === 1 ? [null] : null), conditions: () => null };
}

describe('rangedBundleFiles', () => {
  it('reads each document from its range; a cached rule\'s document only when asked for, once', () => {
    for (const text of [JSON.stringify(bundle), JSON.stringify(bundle, null, 2)]) {
      const bytes = Buffer.from(text);
      const files = rangedBundleFiles(bytes, read(bytes))!;
      expect(files.map((f) => f.path)).toEqual(['a.yml']);
      const [cached, error, filter] = files[0]!.documents();
      expect(cached).toBeInstanceOf(PrecheckedDocument);
      expect((cached as PrecheckedDocument).prechecked).toMatchObject({ variants: [0], eventIds: null, head: { id: 'r1', title: 'T', level: 'medium', logsource: { product: 'windows' } } });
      expect(error).toEqual({ index: 1, error: 'bad yaml' });
      expect(filter).toEqual({ index: 2, doc: { title: 'F', filter: {} } });
      const doc = cached as PrecheckedDocument;
      expect(doc.detection()).toEqual(rule.detection);
      expect(doc.doc()).toEqual(rule);
      expect(doc.doc()).toBe(doc.doc());
      expect(doc.gates(1)).toEqual([null]);
    }
  });

  it('parses a cached rule\'s detection from its own range: the rest of its document is not read until asked for', () => {
    const text = JSON.stringify(bundle);
    const good = Buffer.from(text);
    const cache = read(good);
    // Same length, the rule's title broken (outside its detection).
    const bytes = Buffer.from(text.replace('"title":"T"', '"title";"T"'));
    expect(bytes.length).toBe(good.length);
    const docs = rangedBundleFiles(bytes, cache)![0]!.documents();
    const cached = docs[0] as PrecheckedDocument;
    expect(cached.detection()).toEqual(rule.detection);
    expect(() => cached.doc()).toThrow();
  });

  it('parses a cached rule\'s document for its metadata without its detection; the whole document when the range does not fit', () => {
    const text = JSON.stringify(bundle);
    const good = Buffer.from(text);
    const cached = rangedBundleFiles(good, read(good))![0]!.documents()[0] as PrecheckedDocument;
    expect(cached.metaDoc()).toEqual({ ...rule, detection: {} });
    expect(Object.keys(cached.metaDoc())).toEqual(Object.keys(rule));
    // Same length, the rule's detection broken inside: the metadata does not read it.
    const bytes = Buffer.from(text.replace('"sel":{', '"sel";{'));
    const broken = rangedBundleFiles(bytes, read(good))![0]!.documents()[0] as PrecheckedDocument;
    expect(broken.metaDoc()).toEqual({ ...rule, detection: {} });
    expect(() => broken.doc()).toThrow();
    // A range that does not hold the `detection` member: the whole document.
    const documents = bundleDocumentRanges(good)[0]!;
    const logsource = memberRange(good, memberRange(good, documents[0]!, 'doc')!, 'logsource')!;
    const misplaced = rangedBundleFiles(good, read(good, logsource))![0]!.documents()[0] as PrecheckedDocument;
    expect(misplaced.metaDoc()).toEqual(rule);
  });

  it('reads the detection from the document when the cache\'s range for it does not hold the `detection` member', () => {
    const bytes = Buffer.from(JSON.stringify(bundle));
    const documents = bundleDocumentRanges(bytes)[0]!;
    const doc = memberRange(bytes, documents[0]!, 'doc')!;
    const logsource = memberRange(bytes, doc, 'logsource')!; // an object, but another member's
    const sel = memberRange(bytes, memberRange(bytes, doc, 'detection')!, 'sel')!; // nested, under another key
    for (const wrong of [logsource, sel, [documents[0]![0], documents[0]![1]], [doc[0] + 1, doc[1]]] as [number, number][]) {
      const cached = rangedBundleFiles(bytes, read(bytes, wrong))![0]!.documents()[0] as PrecheckedDocument;
      expect(cached.detection(), JSON.stringify(wrong)).toEqual(rule.detection);
    }
  });

  it('does not parse a cached rule\'s document until asked: a broken one fails then, as that rule\'s error', () => {
    const text = JSON.stringify(bundle);
    const good = Buffer.from(text);
    const ranges = read(good);
    // Same length, the rule's detection broken inside (a cache that does not fit its bundle; the key rules it out in a load).
    const bytes = Buffer.from(text.replace('"sel":{', '"sel";{'));
    expect(bytes.length).toBe(good.length);
    const docs = rangedBundleFiles(bytes, ranges)![0]!.documents();
    expect(docs[1]).toEqual({ index: 1, error: 'bad yaml' });
    expect(() => (docs[0] as PrecheckedDocument).detection()).toThrow();
    expect(() => (docs[0] as PrecheckedDocument).doc()).toThrow();
  });

  it('takes an entry of the wrong shape as a plain range: that document is parsed at once', () => {
    const bytes = Buffer.from(JSON.stringify(bundle));
    const r = read(bytes);
    const entry = (r.files[0] as [string, StoredDocument[]])[1][0]!;
    const broken = [...entry] as unknown[];
    broken[11] = 'severe'; // not a level
    const docs = rangedBundleFiles(bytes, { ...r, files: [['a.yml', [broken, ...(r.files[0] as [string, StoredDocument[]])[1].slice(1)]]] })![0]!.documents();
    expect(docs[0]).toEqual({ index: 0, doc: rule });
  });

  it('refuses ranges that do not fit the bytes, and a file list of the wrong shape (the load then parses the bundle whole)', () => {
    const bytes = Buffer.from(JSON.stringify(bundle));
    const r = read(bytes);
    const [a, b] = bundleDocumentRanges(bytes)[0]!;
    const variants: unknown[][] = [[[a![0] + 1, a![1]]], [[a![0], bytes.length + 5]], [b!, a!], [[a![0], a![0]]], [[a![0], '9']], [[a![0]]], ['x']];
    for (const documents of variants) expect(rangedBundleFiles(bytes, { ...r, files: [['a.yml', documents]] }), JSON.stringify(documents)).toBeNull();
    for (const files of [[{ path: 'a.yml', documents: [a] }], [[1, [a]]], [['a.yml', [a], 'x']], [null]]) expect(rangedBundleFiles(bytes, { ...r, files })).toBeNull();
  });
});
