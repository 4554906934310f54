/**
 * The bundle as a load reads it with a load cache (bundle-source.ts): documents from their byte
 * ranges, a cached rule's document parsed only when asked for, ranges that do not fit refused.
 */
import { describe, expect, it } from 'vitest';
import { bundleDocumentRanges } from '../../../src-main/detect/sigma/bundle-ranges';
import { rangedBundleFiles } from '../../../src-main/detect/sigma/bundle-source';
import type { PrecheckedRule, PrecheckRead } from '../../../src-main/detect/sigma/precheck';
import { precheckRuleKey } from '../../../src-main/detect/sigma/precheck';

const rule = { title: 'T', id: 'r1', logsource: { product: 'windows' }, detection: { sel: { Image: 'x' }, condition: 'sel' } };
const bundle = { files: [{ path: 'a.yml', documents: [{ index: 0, doc: rule }, { index: 1, error: 'bad yaml' }, { index: 2, doc: { title: 'F', filter: {} } }] }] };
const entry: PrecheckedRule = { variants: [0], eventIds: null, gates: [null], head: { id: 'r1', title: 'T', name: null, level: 'medium', status: 'experimental', date: null, modified: null, logsource: { product: 'windows' } } };

function read(bytes: Buffer): PrecheckRead {
  const ranges = bundleDocumentRanges(bytes);
  return { files: [{ path: 'a.yml', documents: ranges[0]! }], rule: (k) => (k === precheckRuleKey('a.yml', 0) ? entry : undefined) };
}

describe('rangedBundleFiles', () => {
  it('reads each document from its range; a cached rule\'s document only when asked for, once', () => {
    const bytes = Buffer.from(JSON.stringify(bundle));
    const files = rangedBundleFiles(bytes, read(bytes))!;
    expect(files.map((f) => f.path)).toEqual(['a.yml']);
    const [cached, error, filter] = files[0]!.documents();
    expect(cached).toMatchObject({ index: 0, prechecked: entry });
    expect(error).toEqual({ index: 1, error: 'bad yaml' });
    expect(filter).toEqual({ index: 2, doc: { title: 'F', filter: {} } });
    const doc = (cached as { doc: () => Record<string, unknown> }).doc;
    expect(doc()).toEqual(rule);
    expect(doc()).toBe(doc());
  });

  it('does not parse a cached rule\'s document until asked: a broken one fails then, as that rule\'s error', () => {
    const text = JSON.stringify(bundle);
    const good = Buffer.from(text);
    const ranges = read(good);
    // Same length, the rule's text broken inside (a cache that does not fit its bundle; the key rules it out in a load).
    const bytes = Buffer.from(text.replace('"sel":{', '"sel";{'));
    expect(bytes.length).toBe(good.length);
    const docs = rangedBundleFiles(bytes, ranges)![0]!.documents();
    expect(docs[1]).toEqual({ index: 1, error: 'bad yaml' });
    expect(() => (docs[0] as { doc: () => unknown }).doc()).toThrow();
  });

  it('refuses ranges that do not fit the bytes (the load then parses the bundle whole)', () => {
    const bytes = Buffer.from(JSON.stringify(bundle));
    const r = read(bytes);
    const [a, b] = r.files[0]!.documents;
    const variants: [number, number][][] = [[[a![0] + 1, a![1]]], [[a![0], bytes.length + 5]], [b!, a!], [[a![0], a![0]]]];
    for (const documents of variants) expect(rangedBundleFiles(bytes, { ...r, files: [{ path: 'a.yml', documents }] })).toBeNull();
  });
});
