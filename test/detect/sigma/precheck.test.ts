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
import { PRECHECK_FORMAT, precheckKey, precheckText, precheckedRule, readPrecheck, restoreGate, storeGate } from '../../../src-main/detect/sigma/precheck';
import type { Precheck, PrecheckHeader, StoredDocument, StoredFile, StoredGate } from '../../../src-main/detect/sigma/precheck';
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
    const shipped = readFileSync(path.join(ASSETS, 'precheck.json'), 'latin1');
    const fresh = buildBundledPrecheck(ASSETS);
    const header = JSON.parse(shipped.slice(0, shipped.indexOf('\n'))) as PrecheckHeader;
    expect(header.key).toBe(fresh.header.key);
    expect(header).toEqual(fresh.header);
    expect(shipped).toBe(precheckText(fresh));
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
  it('writes the header on its first line and the gates after it, escaping every character outside ASCII (astral and lone surrogates too) so both parse back to the same value', () => {
    const title = 'Détection “quoted” 检测 😀 \ud800 end\u007f';
    const gates = '[[1,"sub","CommandLine",["\\u00e9"]]]';
    const p: Precheck = { header: { format: PRECHECK_FORMAT, key: 'k', files: [['ü/ç.yml', [[0, 2, 0, 0, [0], null, 0, gates.length, 'i', title, null, 'high', 'test', null, null, {}]]]] }, gates };
    const text = precheckText(p);
    expect(isAscii(Buffer.from(text, 'utf8'))).toBe(true);
    expect(text.endsWith(']\n')).toBe(true);
    expect(text).toContain('\\u00fc/\\u00e7.yml');
    expect(text).toContain('\\ud83d\\ude00');
    const nl = text.indexOf('\n');
    expect(JSON.parse(text.slice(0, nl))).toEqual(p.header);
    expect(text.slice(nl + 1, -1)).toBe(gates);
  });
});

describe('readPrecheck', () => {
  const placeholders = loadPlaceholdersFile(path.join(ASSETS, 'placeholders.yml'));
  const key = precheckKey(readFileSync(path.join(ASSETS, 'rules.json'), 'utf8'), placeholders);
  const entries = (files: unknown[]) => (files as StoredFile[]).flatMap(([, documents]) => documents.map(precheckedRule));

  it('finds the shipped entries under the shipped bundle\'s key, none under another', () => {
    const read = readPrecheck(path.join(ASSETS, 'precheck.json'), key);
    expect(read).not.toBeNull();
    const bundle = readRuleBundle(path.join(ASSETS, 'rules.json'))!;
    const files = read!.files as StoredFile[];
    expect(files.map(([p]) => p)).toEqual(bundle.files.map((f) => f.path));
    expect(files.map(([, d]) => d.length)).toEqual(bundle.files.map((f) => f.documents.length));
    const first = precheckedRule(files[0]![1][0]!)!;
    expect(first.head.id).toBe((bundle.files[0]!.documents[0] as { doc: Record<string, unknown> }).doc['id']);
    expect(read!.gates(first, first.variants.length)?.length).toBe(first.variants.length);
    expect(read!.gates(first, first.variants.length + 1)).toBeNull();
    expect(entries(files).filter((e) => e !== null).length).toBeGreaterThan(2800);
    expect(readPrecheck(path.join(ASSETS, 'precheck.json'), key.replace(/^./, (c) => (c === '0' ? '1' : '0')))).toBeNull();
    expect(readPrecheck(path.join(ASSETS, 'no-such-file.json'), key)).toBeNull();
  });

  it('reads the shipped cache, written in ASCII, as the same cache written in UTF-8', () => {
    const shipped = readFileSync(path.join(ASSETS, 'precheck.json'));
    expect(isAscii(shipped)).toBe(true);
    const text = shipped.toString('latin1');
    const nl = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, nl)) as PrecheckHeader;
    const utf8 = path.join(mkdtempSync(path.join(os.tmpdir(), 'precheck-')), 'precheck.json');
    writeFileSync(utf8, `${JSON.stringify(header)}\n${text.slice(nl + 1)}`);
    expect(isAscii(readFileSync(utf8))).toBe(false); // titles in other scripts, typographic quotes
    const ascii = readPrecheck(path.join(ASSETS, 'precheck.json'), key)!;
    const decoded = readPrecheck(utf8, key)!;
    expect(ascii.files).toEqual(decoded.files);
    const all = entries(ascii.files);
    expect(all.map((e) => e && ascii.gates(e, e.variants.length))).toEqual(all.map((e) => e && decoded.gates(e, e.variants.length)));
    expect(all.some((e) => e !== null && /[^\u0000-\u007f]/.test(e.head.title))).toBe(true);
  });

  it('changes its key with the bundle\'s text and with the placeholders', () => {
    const text = readFileSync(path.join(ASSETS, 'rules.json'), 'utf8');
    expect(precheckKey(text + ' ', placeholders)).not.toBe(key);
    expect(precheckKey(text, new Map([...placeholders, ['Extra', ['x']]]))).not.toBe(key);
    expect(precheckKey(text, new Map([...placeholders]))).toBe(key);
    expect(precheckKey(readFileSync(path.join(ASSETS, 'rules.json')), placeholders)).toBe(key); // its bytes: the key a load computes
  });

  it('refuses a file that is not a cache; an entry of the wrong shape is not a rule entry (that rule is checked instead), gates of the wrong shape are none', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'precheck-'));
    const file = path.join(dir, 'precheck.json');
    writeFileSync(file, '{ not json\n[]');
    expect(readPrecheck(file, key)).toBeNull();
    writeFileSync(file, JSON.stringify({ format: PRECHECK_FORMAT, key, files: [] })); // no gate part
    expect(readPrecheck(file, key)).toBeNull();
    writeFileSync(file, `${JSON.stringify({ format: 'other', key, files: [] })}\n`);
    expect(readPrecheck(file, key)).toBeNull();
    writeFileSync(file, `${JSON.stringify({ format: PRECHECK_FORMAT, key })}\n`); // no files
    expect(readPrecheck(file, key)).toBeNull();
    const good = [3, 'sub', 'CommandLine', ['abc', 'de'], 'eq', 'Image', ['x.exe']];
    const malformed: unknown[] = [
      [1, 'bad', 'x', ['y']], [1, 'sub', 'x', []], [1, 'sub', 'x', 'y'], [1, 'sub', 'x', [2]], [1, 'sub', 'x'], [1, 'sub', 'x', ['y'], 'eq'],
      ['s', 'sub', 'x', ['y']], [], [1, 'sub'], { score: 1, keys: [['sub', 'x', 'y']] }, 7,
    ];
    const gatePart = [JSON.stringify([good, null]), ...malformed.map((g) => JSON.stringify([g])), '[null', '{"score":1}'];
    const at = (i: number): [number, number] => {
      const start = gatePart.slice(0, i).join('').length;
      return [start, start + gatePart[i]!.length];
    };
    const head = ['i', 't', null, 'high', 'test', null, '2024-01-01', { product: 'windows' }];
    const entry = (o: Record<number, unknown>) => Object.assign([0, 10, 2, 8, [0], null, ...at(0), ...head], o) as unknown as StoredDocument;
    writeFileSync(file, `${JSON.stringify({ format: PRECHECK_FORMAT, key, files: [['a.yml', [[0, 10], entry({})]]] })}\n${gatePart.join('')}`);
    const read = readPrecheck(file, key)!;
    const a = precheckedRule(entry({ 4: [0, 2], 5: [1] }))!;
    expect(a).toEqual({ variants: [0, 2], eventIds: [1], detectionStart: 2, detectionEnd: 8, gatesStart: 0, gatesEnd: gatePart[0]!.length, conditionsStart: -1, conditionsEnd: -1, head: { id: 'i', title: 't', name: null, level: 'high', status: 'test', date: null, modified: '2024-01-01', logsource: { product: 'windows' } } });
    expect(read.conditions(a)).toBeNull(); // an entry without stored conditions (format 5's length)
    // Format 6: the conditions' range after the head; read as JSON (checked against the detection by stored-conditions.ts).
    const [cs, ce] = at(0);
    const withConditions = precheckedRule(entry({ 16: cs, 17: ce }))!;
    expect([withConditions.conditionsStart, withConditions.conditionsEnd]).toEqual([cs, ce]);
    expect(read.conditions(withConditions)).toEqual([good, null]);
    expect(read.conditions({ ...withConditions, conditionsEnd: 1e6 })).toBeNull();
    const [ts, te] = at(gatePart.length - 2); // '[null': does not parse
    expect(read.conditions({ ...withConditions, conditionsStart: ts, conditionsEnd: te })).toBeNull();
    expect(read.gates(a, 2)).toEqual([good, null]);
    const restored = { score: 3, keys: [{ kind: 'sub', source: 'CommandLine', lit: 'abc' }, { kind: 'sub', source: 'CommandLine', lit: 'de' }, { kind: 'eq', source: 'Image', lit: 'x.exe' }] };
    expect(restoreGate(read.gates(a, 2)![0]!)).toEqual(restored);
    expect(storeGate(restoreGate(good as StoredGate))).toEqual(good);
    expect(storeGate({ score: 2, keys: [] })).toEqual([2]); // no key: a score alone, read back as written
    expect(restoreGate([2])).toEqual({ score: 2, keys: [] });
    for (let i = 1; i < gatePart.length; i++) {
      const [gs, ge] = at(i);
      expect(read.gates({ ...a, gatesStart: gs, gatesEnd: ge }, 1), gatePart[i]).toBeNull();
    }
    expect(read.gates({ ...a, gatesStart: 0, gatesEnd: 1e6 }, 2)).toBeNull();
    expect(read.gates({ ...a, gatesStart: 5, gatesEnd: 5 }, 2)).toBeNull();
    expect(precheckedRule([0, 10])).toBeNull();
    const bad: Record<number, unknown>[] = [
      { 4: 'no' }, { 4: [-1] }, { 4: [0.5] }, { 5: ['1'] }, { 2: -1 }, { 3: '8' }, { 6: null }, { 7: 1.5 }, { 8: 7 }, { 9: null }, { 10: 3 },
      { 11: 'severe' }, { 12: null }, { 13: 1 }, { 14: {} }, { 15: { product: 1 } }, { 15: ['windows'] }, { 15: null }, { 16: 'extra' },
      { 16: 0, 17: -1 }, { 16: '0', 17: 5 }, { 16: 0, 17: 5, 18: 'extra' },
    ];
    for (const o of bad) expect(precheckedRule(entry(o)), JSON.stringify(o)).toBeNull();
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
    writeFileSync(path.join(dir, 'precheck.json'), precheckText(fresh));
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

describe('a damaged cache under the right key', () => {
  /** A copy of the shipped assets with the cache's header changed by `edit` and its gate part by `gates`. */
  function damaged(edit: (h: PrecheckHeader) => void, gates: (g: string) => string = (g) => g): string {
    const dir = assetsCopy();
    const text = readFileSync(path.join(dir, 'precheck.json'), 'latin1');
    const nl = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, nl)) as PrecheckHeader;
    edit(header);
    writeFileSync(path.join(dir, 'precheck.json'), precheckText({ header, gates: gates(text.slice(nl + 1, -1)) }));
    return dir;
  }
  const rules = (h: PrecheckHeader) => h.files.flatMap(([, documents]) => documents.filter((d) => d.length > 2) as (StoredDocument & unknown[])[]);
  const opts = (dir: string) => ({ assetsDir: dir, minLevel: 'informational' as const });
  let without: ReturnType<typeof summary>;
  const uncached = () => (without ??= summary(loadSigmaRuleSet({ ...opts(ASSETS), precheck: false })));

  it('works out the gates from the detections when the stored ones are garbled: the same load as checking every rule', () => {
    const dir = damaged(() => {}, (g) => g.replace(/"score":/g, '"scorx":'));
    expect(summary(loadSigmaRuleSet(opts(dir)))).toEqual(uncached());
  }, 300_000);

  it('reads the detections from the documents when their ranges are wrong: every cached rule gets its own detection', () => {
    const dir = damaged((h) => {
      for (const [i, d] of rules(h).entries()) d[2] = i % 2 ? (d[2] as number) + 1 : (d[0] as number) + 1; // not an object's start / another member
    });
    const bytes = readFileSync(path.join(dir, 'rules.json'));
    const cache = readPrecheck(path.join(dir, 'precheck.json'), precheckKey(bytes, loadPlaceholdersFile(path.join(dir, 'placeholders.yml'))))!;
    const bundle = readRuleBundle(path.join(dir, 'rules.json'))!;
    let n = 0;
    rangedBundleFiles(bytes, cache)!.forEach((f, i) => f.documents().forEach((d, j) => {
      if (!('prechecked' in d)) return;
      n++;
      expect(d.detection(), f.path).toEqual((bundle.files[i]!.documents[j] as { doc: Record<string, unknown> }).doc['detection']);
    }));
    expect(n).toBeGreaterThan(2800);
    expect(summary(loadSigmaRuleSet(opts(dir)))).toEqual(uncached());
  }, 300_000);

  it('checks a rule whose entry is malformed from its document; a file list that does not fit the bundle is not used, and the load says so', () => {
    const one = damaged((h) => {
      const d = rules(h)[0]!;
      d[11] = 'severe';
    });
    expect(summary(loadSigmaRuleSet(opts(one)))).toEqual(uncached());
    const shifted = damaged((h) => {
      const d = rules(h)[5]!;
      d[0] = (d[0] as number) + 1;
    });
    const set = loadSigmaRuleSet(opts(shifted));
    expect(set.errors[0]).toMatchObject({ path: 'precheck.json', code: 'precheck' });
    expect(summary(set)).toEqual({ ...uncached(), errors: [set.errors[0], ...uncached().errors] });
  }, 300_000);
});
