/** The read plan (src-main/evidence-reading/plan-reads.ts): what each worker item covers, and in which order. */
import { describe, expect, it } from 'vitest';
import type { EvidenceEntry } from '../../src-main/shared/contract';
import { EVTX_SLOTS_PER_ITEM, memberSeparatorFor, planReads } from '../../src-main/evidence-reading/plan-reads';

function entry(path: string, format: EvidenceEntry['format'], bytes: number, extra: Partial<EvidenceEntry> = {}): EvidenceEntry {
  return { path, format, bytes, modified: '', sha256: '', hashComplete: true, records: null, errors: 0, warnings: 0, errorSamples: [], warningSamples: [], ...extra };
}

describe('planReads', () => {
  const evidence = [
    entry('small.evtx', 'evtx', 4096 + 3 * 65536),
    entry('logs.zip', 'zip', 700_000),
    entry('big.evtx', 'evtx', 4096 + 150 * 65536),
    entry('export.xml', 'xml', 9_000_000),
    entry('notes.txt', 'unknown', 50_000_000),
    entry('broken.evtx', 'evtx', 10_000_000, { error: 'cannot open' }),
    entry('logs.zip!/inner.json', 'jsonl', 20_000_000, { archive: 'logs.zip' }),
    entry('case!/real.xml', 'xml', 1_000_000), // a real file under a folder named `case!`
  ];
  const items = planReads('/case', evidence);

  it('splits EVTX into chunk-slot ranges and reads other event formats whole, skipping unreadable files and archive members', () => {
    const big = items.filter((i) => i.relPath === 'big.evtx').map((i) => [i.chunkFrom, i.chunkTo]);
    expect(big.sort((a, b) => a[0]! - b[0]!)).toEqual([[0, EVTX_SLOTS_PER_ITEM], [EVTX_SLOTS_PER_ITEM, 2 * EVTX_SLOTS_PER_ITEM], [2 * EVTX_SLOTS_PER_ITEM, 150]]);
    expect(items.filter((i) => i.relPath === 'small.evtx').map((i) => [i.chunkFrom, i.chunkTo])).toEqual([[0, 3]]);
    expect(items.map((i) => i.relPath)).not.toContain('notes.txt');
    expect(items.map((i) => i.relPath)).not.toContain('broken.evtx');
    expect(items.map((i) => i.relPath)).not.toContain('logs.zip!/inner.json');
    expect(items.find((i) => i.relPath === 'export.xml')).toMatchObject({ absPath: '/case/export.xml', format: 'xml' });
    expect(items.find((i) => i.relPath === 'case!/real.xml')).toMatchObject({ absPath: '/case/case!/real.xml', format: 'xml' });
  });

  it('starts archives first (their size on disk understates the work), then the largest items', () => {
    expect(items[0]!.relPath).toBe('logs.zip');
    const rest = items.slice(1).map((i) => i.bytes);
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
    expect(items.at(-1)!.relPath).toBe('small.evtx');
  });
});

describe('member labels never equal a real path', () => {
  it('uses `!/` unless a real folder is named like the archive plus `!`, then more `!`', () => {
    expect(memberSeparatorFor('a.zip', new Set(['a/', 'b.zip!/']))).toBe('!/');
    expect(memberSeparatorFor('a.zip', new Set(['a.zip!/']))).toBe('!!/');
    expect(memberSeparatorFor('d/a.zip', new Set(['d/', 'd/a.zip!/', 'd/a.zip!!/']))).toBe('!!!/');
  });

  it('the plan gives the archive the separator its real neighbours leave free, members or not in the list', () => {
    const evidence = [entry('a.zip', 'zip', 10), entry('a.zip!/x.jsonl', 'jsonl', 10), entry('a.zip!!/m.jsonl', 'jsonl', 10, { archive: 'a.zip' })];
    expect(planReads('/case', evidence).find((i) => i.relPath === 'a.zip')!.memberSeparator).toBe('!!/');
    expect(planReads('/case', [entry('b.zip', 'zip', 10)])[0]!.memberSeparator).toBeUndefined();
  });
});
