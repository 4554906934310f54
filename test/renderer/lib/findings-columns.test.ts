/** The findings list's columns: shown, widths, sort, and the stored setting read back (lib/findings-columns.ts). */
import { describe, expect, it } from 'vitest';
import type { FindingStatus } from '../../../src-main/shared/contract';
import type { FindingRow } from '../../../src-renderer/lib/case-db';
import {
  COLUMNS, defaultColumnState, gridTemplate, minRowWidth, nextSort, parseColumnState, sortRows, toggleColumn,
} from '../../../src-renderer/lib/findings-columns';
import { manyFindings, seedFinding } from '../fixtures';

const row = (over: Partial<FindingRow>): FindingRow => {
  const { pivots: _p, events: _e, ...r } = seedFinding();
  return { ...r, ...over };
};
const none = (): FindingStatus => 'new';

describe('column state', () => {
  it('shows the level, ATT&CK and source file columns by default, and fits a 1,400 px window', () => {
    const s = defaultColumnState();
    expect(s.shown).toEqual(expect.arrayContaining(['risk', 'level', 'rule', 'author', 'attack', 'source', 'first', 'status']));
    expect(minRowWidth(s)).toBeLessThanOrEqual(1360);
    expect(gridTemplate(s).split(' ').length).toBe(s.shown.length + 1); // minmax( … , 1fr) is two tokens
  });

  it('toggles a column in place, never a required one, and drops a sort on a hidden column', () => {
    let s = toggleColumn(defaultColumnState(), 'clsid');
    expect(s.shown.indexOf('clsid')).toBe(s.shown.indexOf('attack') + 1);
    expect(toggleColumn(s, 'author').shown).toContain('author');
    s = nextSort(s, 'clsid');
    expect(s.sort).toEqual({ id: 'clsid', dir: 'asc' });
    expect(toggleColumn(s, 'clsid').sort).toBeNull();
  });

  it('sorts numbers and times from the top first, then the other way, then back to the case order', () => {
    let s = nextSort(defaultColumnState(), 'count');
    expect(s.sort).toEqual({ id: 'count', dir: 'desc' });
    s = nextSort(s, 'count');
    expect(s.sort).toEqual({ id: 'count', dir: 'asc' });
    expect(nextSort(s, 'count').sort).toBeNull();
    expect(nextSort(s, 'host').sort).toEqual({ id: 'host', dir: 'asc' });
  });

  it('reads a stored setting back, dropping what is unknown, damaged or out of range', () => {
    const s = parseColumnState(JSON.stringify({ shown: ['clsid', 'nope', 'host'], widths: { rule: 5000, host: 10, dll: 'x', bogus: 100 }, sort: { id: 'level', dir: 'desc' } }));
    expect(s.shown).toEqual(['risk', 'rule', 'author', 'host', 'clsid']);
    expect(s.widths).toEqual({ rule: 900, host: 36 });
    expect(s.sort).toEqual({ id: 'level', dir: 'desc' });
    for (const bad of [null, '', '{', '[]', '"x"', JSON.stringify({ sort: { id: 'rule', dir: 'sideways' } }), 'x'.repeat(5000)]) {
      const d = parseColumnState(bad);
      expect(d.shown).toEqual(defaultColumnState().shown);
      expect(d.sort).toBeNull();
    }
    expect(COLUMNS.filter((c) => c.required).map((c) => c.id)).toEqual(['risk', 'rule', 'author']);
  });
});

describe('sortRows', () => {
  const rows = [
    row({ id: 'a', dest: 'WS-B', level: 'high', count: 3, risk_score: 73 }),
    row({ id: 'b', dest: 'ws-a', level: 'critical', count: 10, risk_score: 90 }),
    row({ id: 'c', dest: 'WS-B', level: 'low', count: 1, risk_score: 25 }),
  ];
  it('sorts on the column, ties in the case order, and keeps the case order without a sort', () => {
    expect(sortRows(rows, null, none)).toBe(rows);
    expect(sortRows(rows, { id: 'host', dir: 'asc' }, none).map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(sortRows(rows, { id: 'host', dir: 'desc' }, none).map((r) => r.id)).toEqual(['a', 'c', 'b']);
    expect(sortRows(rows, { id: 'level', dir: 'desc' }, none).map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(sortRows(rows, { id: 'count', dir: 'asc' }, none).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, { id: 'status', dir: 'asc' }, (id) => (id === 'c' ? 'confirmed' : 'new')).map((r) => r.id)).toEqual(['c', 'a', 'b']);
  });

  it('sorts 100,000 findings without losing or repeating one', () => {
    const many = manyFindings(100_000).map(({ pivots: _p, ...r }) => r);
    const sorted = sortRows(many, { id: 'dll', dir: 'asc' }, none);
    expect(sorted).toHaveLength(100_000);
    expect(new Set(sorted.map((r) => r.id)).size).toBe(100_000);
    for (let i = 1; i < sorted.length; i += 997) expect(sorted[i - 1]!.registry_value_data.toLowerCase() <= sorted[i]!.registry_value_data.toLowerCase()).toBe(true);
  });
});
