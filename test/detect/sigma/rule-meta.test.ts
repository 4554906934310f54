/** A cached rule's metadata (lazyRuleMeta): the same object parseRuleMeta makes, its other fields read on first use. */
import { describe, expect, it } from 'vitest';
import { lazyRuleMeta, parseRuleMeta, ruleHead } from '../../../src-main/detect/sigma/rule-meta';

const doc = {
  title: 'T', id: 'r1', name: 'n1', status: 'Test', level: 'HIGH', description: 'd', author: 'A. Author', date: '2024-01-02', modified: '2024-02-03',
  references: ['https://x'], falsepositives: ['admins', null], tags: ['attack.t1218.010', 'attack.execution'], logsource: { product: 'windows', category: 'process_creation' },
  detection: { sel: { Image: 'x' }, condition: 'sel' },
};

describe('lazyRuleMeta', () => {
  it('reads as parseRuleMeta\'s result (fields, order, copies, clones), reading the document once, on first use', () => {
    const full = parseRuleMeta(doc, 'p.yml', 'sigmahq');
    let reads = 0;
    const lazy = lazyRuleMeta(ruleHead(full), 'p.yml', 'sigmahq', () => (reads++, parseRuleMeta(doc, 'p.yml', 'sigmahq')));
    expect(lazy.id).toBe('r1');
    expect(lazy.level).toBe('high');
    expect(Object.keys(lazy)).toEqual(Object.keys(full));
    expect(reads).toBe(0);
    expect(lazy.author).toBe('A. Author');
    expect(reads).toBe(1);
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(full));
    expect({ ...lazy }).toEqual(full);
    expect(structuredClone(lazy)).toEqual(full);
    expect(lazy.mitre).toEqual(['T1218.010']);
    expect(reads).toBe(1);
  });

  it('a structured clone or a spread before any read gives every field', () => {
    const full = parseRuleMeta(doc, 'p.yml', 'sigmahq');
    expect(structuredClone(lazyRuleMeta(ruleHead(full), 'p.yml', 'sigmahq', () => full))).toEqual(full);
    expect({ ...lazyRuleMeta(ruleHead(full), 'p.yml', 'sigmahq', () => full) }).toEqual(full);
  });

  it('takes a write to a lazy field; empty fields when the document cannot be read', () => {
    const full = parseRuleMeta(doc, 'p.yml', 'sigmahq');
    const lazy = lazyRuleMeta(ruleHead(full), 'p.yml', 'sigmahq', () => full);
    lazy.tags = ['x'];
    expect(lazy.tags).toEqual(['x']);
    expect(lazy.author).toBe('A. Author');
    const broken = lazyRuleMeta(ruleHead(full), 'p.yml', 'sigmahq', () => {
      throw new Error('gone');
    });
    expect({ ...broken }).toEqual({ ...full, description: null, author: null, references: [], falsepositives: [], tags: [], mitre: [] });
  });
});
