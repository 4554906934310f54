/**
 * The bundled set's load cache (precheck.ts) is a speed device only: the shipped one must be what
 * the compiler makes of the shipped bundle now, a load with it must give exactly the rules,
 * errors, skipped rules and gates a load without it gives, and a cache made for other content
 * (or malformed) must not be used.
 */
import { isAscii } from 'node:buffer';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SigmaRule } from '../../../src-main/detect/sigma/compile-rule';
import { assumeChecked, checkDetection } from '../../../src-main/detect/sigma/detection';
import { bundledSigmaAssetsDir, loadSigmaRuleSet } from '../../../src-main/detect/sigma/load';
import { loadPlaceholdersFile } from '../../../src-main/detect/sigma/placeholders';
import { buildBundledPrecheck } from '../../../src-main/detect/sigma/precheck-build';
import { PRECHECK_FORMAT, precheckKey, precheckRuleKey, precheckText, readPrecheck, restoreGate, storeGate } from '../../../src-main/detect/sigma/precheck';
import type { Precheck } from '../../../src-main/detect/sigma/precheck';
import { readRuleBundle } from '../../../src-main/detect/sigma/rule-bundle';
import { rangedBundleFiles } from '../../../src-main/detect/sigma/bundle-source';

const ASSETS = bundledSigmaAssetsDir();

/** What a load says, rule by rule (variants with their channels, EventIDs and gates). */
function summary(set: ReturnType<typeof loadSigmaRuleSet>) {
  const rule = (r: SigmaRule) => ({
    id: r.meta.id, path: r.meta.path, level: r.meta.level,
    // every field, in order (a cached rule's metadata is read lazily: rule-meta.ts lazyRuleMeta)
    meta: JSON.stringify(r.meta), spread: { ...r.meta },
    variants: r.variants.map((v) => ({
      name: v.logsource.name, channels: v.channels && [...v.channels], eventIds: v.eventIds && [...v.eventIds].sort((a, b) => a - b), gate: storeGate(v.gate()),
    })),
  });
  return { rules: (set.rules as SigmaRule[]).map(rule), all: (set.allRules as SigmaRule[]).map((r) => r.meta.id), errors: set.errors, skipped: set.skipped };
}

/** A copy of the shipped assets to change. */
function assetsCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'precheck-'));
  for (const f of ['rules.json', 'placeholders.yml', 'precheck.json']) cpSync(path.join(ASSETS, f), path.join(dir, f));
  return dir;
}

describe('assets/sigma/precheck.json', () => {
  it('is what the compiler makes of the shipped bundle (regenerate: npx tsx test/tools/sigma/write-precheck.ts)', () => {
    const shipped = JSON.parse(readFileSync(path.join(ASSETS, 'precheck.json'), 'utf8')) as Precheck;
    const fresh = JSON.parse(JSON.stringify(buildBundledPrecheck(ASSETS))) as Precheck;
    expect(shipped.key).toBe(fresh.key);
    expect(Object.keys(shipped.rules).length).toBe(Object.keys(fresh.rules).length);
    expect(shipped).toEqual(fresh);
  }, 300_000);

  it('gives the same load as checking every rule: rules, variants, gates, errors and skipped rules', () => {
    const opts = { assetsDir: ASSETS, minLevel: 'informational' as const };
    const withCache = summary(loadSigmaRuleSet(opts));
    const without = summary(loadSigmaRuleSet({ ...opts, precheck: false }));
    expect(withCache.rules.length).toBeGreaterThan(2800);
    expect(without.errors.length).toBeGreaterThan(0);
    expect(withCache).toEqual(without);
  }, 300_000);

  it('reads a checked detection exactly as the check does, for every bundled rule that passes it', () => {
    const placeholders = loadPlaceholdersFile(path.join(ASSETS, 'placeholders.yml'));
    const bundle = readRuleBundle(path.join(ASSETS, 'rules.json'))!;
    let n = 0;
    for (const f of bundle.files) {
      for (const d of f.documents) {
        if (!('doc' in d) || d.doc['detection'] === undefined) continue;
        let checked;
        try {
          checked = checkDetection(d.doc['detection'], placeholders);
        } catch {
          continue;
        }
        n++;
        expect(assumeChecked(d.doc['detection'] as Record<string, unknown>), f.path).toEqual(checked);
      }
    }
    expect(n).toBeGreaterThan(2800);
  }, 120_000);
});

describe('precheckText', () => {
  it('escapes every character outside ASCII, astral and lone surrogates too, and parses back to the same value', () => {
    const p = { format: PRECHECK_FORMAT, key: 'k', files: [{ path: 'ü/ç.yml', documents: [[0, 2]] }], rules: { 'ü/ç.yml\u00000': { title: 'Détection “quoted” 检测 😀 \ud800 end\u007f' } } } as unknown as Precheck;
    const text = precheckText(p);
    expect(isAscii(Buffer.from(text, 'utf8'))).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\\u00fc/\\u00e7.yml');
    expect(text).toContain('\\ud83d\\ude00');
    expect(JSON.parse(text)).toEqual(p);
  });
});

describe('readPrecheck', () => {
  const placeholders = loadPlaceholdersFile(path.join(ASSETS, 'placeholders.yml'));
  const key = precheckKey(readFileSync(path.join(ASSETS, 'rules.json'), 'utf8'), placeholders);

  it('finds the shipped entries under the shipped bundle\'s key, none under another', () => {
    const lookup = readPrecheck(path.join(ASSETS, 'precheck.json'), key);
    expect(lookup).not.toBeNull();
    const bundle = readRuleBundle(path.join(ASSETS, 'rules.json'))!;
    const first = bundle.files[0]!;
    expect(lookup!.rule(precheckRuleKey(first.path, 0))?.gates.length).toBeGreaterThan(0);
    expect(lookup!.rule(precheckRuleKey(first.path, 99))).toBeUndefined();
    expect(lookup!.rule('__proto__')).toBeUndefined();
    expect(lookup!.files.map((f) => f.path)).toEqual(bundle.files.map((f) => f.path));
    expect(lookup!.files.map((f) => f.documents.length)).toEqual(bundle.files.map((f) => f.documents.length));
    expect(readPrecheck(path.join(ASSETS, 'precheck.json'), key.replace(/^./, (c) => (c === '0' ? '1' : '0')))).toBeNull();
    expect(readPrecheck(path.join(ASSETS, 'no-such-file.json'), key)).toBeNull();
  });

  it('reads the shipped cache, written in ASCII, as the same cache written in UTF-8', () => {
    const shipped = readFileSync(path.join(ASSETS, 'precheck.json'));
    expect(isAscii(shipped)).toBe(true);
    const cache = JSON.parse(shipped.toString('utf8')) as Precheck;
    const utf8 = path.join(mkdtempSync(path.join(os.tmpdir(), 'precheck-')), 'precheck.json');
    writeFileSync(utf8, JSON.stringify(cache));
    expect(isAscii(readFileSync(utf8))).toBe(false); // titles in other scripts, typographic quotes
    const ascii = readPrecheck(path.join(ASSETS, 'precheck.json'), key)!;
    const decoded = readPrecheck(utf8, key)!;
    expect(ascii.files).toEqual(decoded.files);
    const keys = Object.keys(cache.rules);
    expect(keys.map((k) => ascii.rule(k))).toEqual(keys.map((k) => decoded.rule(k)));
    expect(keys.some((k) => /[^\u0000-\u007f]/.test(ascii.rule(k)!.head.title))).toBe(true);
  });

  it('changes its key with the bundle\'s text and with the placeholders', () => {
    const text = readFileSync(path.join(ASSETS, 'rules.json'), 'utf8');
    expect(precheckKey(text + ' ', placeholders)).not.toBe(key);
    expect(precheckKey(text, new Map([...placeholders, ['Extra', ['x']]]))).not.toBe(key);
    expect(precheckKey(text, new Map([...placeholders]))).toBe(key);
    expect(precheckKey(readFileSync(path.join(ASSETS, 'rules.json')), placeholders)).toBe(key); // its bytes: the key a load computes
  });

  it('refuses a file that is not a cache, and an entry of the wrong shape (that rule is checked instead)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'precheck-'));
    const file = path.join(dir, 'precheck.json');
    writeFileSync(file, '{ not json');
    expect(readPrecheck(file, key)).toBeNull();
    writeFileSync(file, JSON.stringify({ format: 'other', key, files: [], rules: {} }));
    expect(readPrecheck(file, key)).toBeNull();
    writeFileSync(file, JSON.stringify({ format: PRECHECK_FORMAT, key, rules: {} })); // no files
    expect(readPrecheck(file, key)).toBeNull();
    writeFileSync(file, JSON.stringify({ format: PRECHECK_FORMAT, key, files: [{ path: 'a.yml', documents: [[0, -1]] }], rules: {} }));
    expect(readPrecheck(file, key)).toBeNull();
    const good = { score: 3, keys: [['sub', 'CommandLine', 'abc']] };
    const head = { id: 'i', title: 't', name: null, level: 'high', status: 'test', date: null, modified: '2024-01-01', logsource: { product: 'windows' } };
    const entry = (o: Record<string, unknown>) => ({ variants: [0], eventIds: null, gates: [null], head, ...o });
    writeFileSync(file, JSON.stringify({
      format: PRECHECK_FORMAT, key, files: [{ path: 'a.yml', documents: [[0, 10], [12, 40]] }],
      rules: {
        a: entry({ variants: [0, 2], eventIds: [1], gates: [good, null] }), b: entry({ gates: [{ score: 1, keys: [['bad', 'x', 'y']] }] }), c: entry({ variants: [], gates: 'no' }),
        d: entry({ variants: [0, 1] }), e: entry({ variants: [-1] }), f: entry({ eventIds: ['1'] }), g: entry({ head: { ...head, level: 'severe' } }),
        h: entry({ head: { ...head, id: 7 } }), i: entry({ head: { ...head, logsource: { product: 1 } } }), j: entry({ head: undefined }),
      },
    }));
    const read = readPrecheck(file, key)!;
    expect(read.files).toEqual([{ path: 'a.yml', documents: [[0, 10], [12, 40]] }]);
    const lookup = read.rule;
    expect(lookup('a')?.gates).toEqual([good, null]);
    expect(restoreGate(lookup('a')!.gates[0]!)).toEqual({ score: 3, keys: [{ kind: 'sub', source: 'CommandLine', lit: 'abc' }] });
    expect(lookup('a')?.variants).toEqual([0, 2]);
    expect(lookup('a')?.eventIds).toEqual([1]);
    expect(lookup('a')?.head).toEqual(head);
    for (const bad of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']) expect(lookup(bad), bad).toBeUndefined();
  });
});

describe('a load with a cache made for other content', () => {
  it('does not use it: a rule changed in the bundle loads (or fails) as written', () => {
    const dir = assetsCopy();
    const bundlePath = path.join(dir, 'rules.json');
    const bundle = readRuleBundle(bundlePath)!;
    // A rule that passes the check is changed to one that does not: with the stale cache used, it would load.
    const target = bundle.files.find((f) => f.documents.some((d) => 'doc' in d && d.doc['detection'] !== undefined))!;
    const doc = (target.documents.find((d) => 'doc' in d) as { doc: Record<string, unknown> }).doc;
    doc['detection'] = { sel: { 'Image|nosuchmodifier': 'x' }, condition: 'sel' };
    writeFileSync(bundlePath, JSON.stringify(bundle));
    const set = loadSigmaRuleSet({ assetsDir: dir, minLevel: 'informational' });
    expect(set.errors.find((e) => e.id === doc['id'])?.code).toBe('unsupported-modifier');
    expect(set.rules.some((r) => r.meta.id === doc['id'])).toBe(false);
  }, 120_000);

  it('a cache rebuilt for a changed bundle (as the refresh script does) is used and loads as checking every rule', () => {
    const dir = assetsCopy();
    const bundlePath = path.join(dir, 'rules.json');
    const bundle = readRuleBundle(bundlePath)!;
    const target = bundle.files.find((f) => f.documents.some((d) => 'doc' in d && d.doc['detection'] !== undefined))!;
    const doc = (target.documents.find((d) => 'doc' in d) as { doc: Record<string, unknown> }).doc;
    doc['title'] = 'Changed title « with » multi-byte text';
    doc['description'] = 'a "quoted" {brace} description';
    writeFileSync(bundlePath, JSON.stringify(bundle, null, 1)); // another layout: the ranges follow the bytes
    const fresh = buildBundledPrecheck(dir);
    writeFileSync(path.join(dir, 'precheck.json'), JSON.stringify(fresh));
    const placeholders = loadPlaceholdersFile(path.join(dir, 'placeholders.yml'));
    const cache = readPrecheck(path.join(dir, 'precheck.json'), precheckKey(readFileSync(bundlePath), placeholders));
    expect(cache).not.toBeNull();
    expect(rangedBundleFiles(readFileSync(bundlePath), cache!)?.length).toBe(bundle.files.length); // the load reads by its ranges
    const opts = { assetsDir: dir, minLevel: 'informational' as const };
    const withCache = summary(loadSigmaRuleSet(opts));
    expect(withCache.rules.find((r) => r.id === doc['id'])?.spread).toMatchObject({ title: doc['title'], description: doc['description'] });
    expect(withCache).toEqual(summary(loadSigmaRuleSet({ ...opts, precheck: false })));
  }, 300_000);

  it('does not use it when the placeholders differ: the load equals one without a cache', () => {
    const dir = assetsCopy();
    // An analyst's value for a placeholder: the rules that use it become active.
    const text = readFileSync(path.join(dir, 'placeholders.yml'), 'utf8');
    expect(text).toContain('Administrators: []');
    writeFileSync(path.join(dir, 'placeholders.yml'), text.replace('Administrators: []', "Administrators: ['CORP\\Domain Admins']"));
    const opts = { assetsDir: dir, minLevel: 'informational' as const };
    const withCache = summary(loadSigmaRuleSet(opts));
    expect(withCache).toEqual(summary(loadSigmaRuleSet({ ...opts, precheck: false })));
    expect(withCache.skipped.length).toBeLessThan(summary(loadSigmaRuleSet({ assetsDir: ASSETS, minLevel: 'informational' })).skipped.length);
  }, 300_000);
});
