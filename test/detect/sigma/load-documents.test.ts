/** The documents of a load, one at a time (load-documents.ts): kept, skipped, set aside or refused, never thrown. */
import { describe, expect, it } from 'vitest';
import { LoadDocuments } from '../../../src-main/detect/sigma/load-documents';
import type { SigmaLoadError, SigmaSkippedRule } from '../../../src-main/detect/sigma/types';
import { event } from './helpers';

const rule = (id: string, o: Record<string, unknown> = {}) => ({
  title: `rule ${id}`, id, status: 'test', level: 'high', logsource: { product: 'windows', category: 'process_creation' },
  detection: { sel: { 'Image|endswith': '\\whoami.exe' }, condition: 'sel' }, ...o,
});

function sink() {
  const errors: SigmaLoadError[] = [];
  const skipped: SigmaSkippedRule[] = [];
  const s = new LoadDocuments(errors, skipped, new Map([['Admins', []]]), new Set(['test', 'stable']), 2 /* medium */);
  return { s, errors, skipped };
}

describe('LoadDocuments', () => {
  it('keeps rules that run, skips those of another status or a lower level, refuses a second rule with the same id', () => {
    const { s, errors, skipped } = sink();
    s.add({ index: 0, doc: rule('a') }, 'a.yml', 'user', '/r/a.yml');
    s.add({ index: 0, doc: rule('b', { status: 'deprecated' }) }, 'b.yml', 'user', '/r/b.yml');
    s.add({ index: 0, doc: rule('c', { level: 'low' }) }, 'c.yml', 'user', '/r/c.yml');
    s.add({ index: 0, doc: rule('a', { title: 'again' }) }, 'd.yml', 'user', '/r/d.yml');
    expect(s.running.map((r) => r.meta.id)).toEqual(['a']);
    expect(s.all.map((r) => r.meta.id)).toEqual(['a', 'b', 'c']);
    expect(skipped).toEqual([
      { path: '/r/b.yml', id: 'b', title: 'rule b', reason: 'status deprecated (running: test, stable)' },
      { path: '/r/c.yml', id: 'c', title: 'rule c', reason: 'level low below medium' },
    ]);
    expect(errors).toEqual([{ path: '/r/d.yml', id: 'a', title: 'again', code: 'duplicate-id', reason: 'rule id a already used by /r/a.yml' }]);
  });

  it('lists YAML errors and unusable documents with their reason, the document\'s id and title when it has them', () => {
    const { s, errors, skipped } = sink();
    s.add({ index: 0, error: 'bad indentation' }, 'a.yml', 'user', 'a.yml');
    s.add({ index: 2, error: 'bad key' }, 'a.yml', 'user', 'a.yml');
    s.add({ index: 0, doc: { title: 'no detection', id: 'x' } }, 'b.yml', 'user', 'b.yml');
    s.add({ index: 0, doc: rule('m', { detection: { sel: { 'Image|nosuch': 'x' }, condition: 'sel' } }) }, 'c.yml', 'user', 'c.yml');
    s.add({ index: 0, doc: rule('p', { detection: { sel: { 'User|expand': '%Admins%' }, condition: 'sel' } }) }, 'd.yml', 'user', 'd.yml');
    expect(errors.map((e) => [e.path, e.id, e.code, e.reason])).toEqual([
      ['a.yml', null, 'yaml', 'bad indentation'],
      ['a.yml', null, 'yaml', 'document 3: bad key'],
      ['b.yml', 'x', 'schema', 'no detection, filter or correlation section'],
      ['c.yml', 'm', 'unsupported-modifier', expect.stringContaining('nosuch')],
    ]);
    expect(skipped.map((x) => [x.path, x.id])).toEqual([['d.yml', 'p']]); // a placeholder with no value: inactive
    expect(s.running).toEqual([]);
  });

  it('sets correlations aside and applies filters to the rules they name (an unknown name is the filter\'s error)', () => {
    const { s, errors } = sink();
    s.add({ index: 0, doc: rule('a', { name: 'rule_a' }) }, 'a.yml', 'user', 'a.yml');
    s.add({ index: 0, doc: { title: 'corr', correlation: { type: 'event_count', rules: ['rule_a'] } } }, 'c.yml', 'user', 'c.yml');
    s.add({ index: 0, doc: { title: 'f', id: 'f1', filter: { rules: ['rule_a', 'nosuch'], sel: { User: 'svc' }, condition: 'not sel' } } }, 'f.yml', 'user', 'f.yml');
    s.applyFilters();
    expect(s.correlations.map((c) => c.path)).toEqual(['c.yml']);
    expect(errors).toEqual([{ path: 'f.yml', id: 'f1', title: 'f', code: 'filter', reason: 'filter names rule nosuch, which is not loaded' }]);
    const a = s.running[0]!;
    expect(a.match(event({ Image: 'C:\\whoami.exe', User: 'alice' }))).toBe(true);
    expect(a.match(event({ Image: 'C:\\whoami.exe', User: 'svc' }))).toBe(false);
  });
});
