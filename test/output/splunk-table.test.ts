/** Splunk's stats table as a projection of findings: one row per finding, sorted by the by-fields, a null user as ''. */
import { describe, expect, it } from 'vitest';
import { SPLUNK_COLUMNS, splunkRow, splunkTable, type SplunkSource } from '../../src-main/output/splunk-table';

function row(over: Partial<SplunkSource>): SplunkSource {
  return {
    rule_id: 'r1', suppressed: false, dest: 'WS1', process_name: 'a.exe', registry_path: 'HKU\\x', registry_key_name: 'InProcServer32',
    registry_value_name: '(Default)', user: 'bob', count: 1, firstTime: '2024-01-01T00:00:00Z', lastTime: '2024-01-01T00:00:01Z', ...over,
  };
}

describe('splunkTable', () => {
  it('gives Splunk’s columns in its order, a null user as an empty string', () => {
    const r = splunkRow(row({ user: null }));
    expect(Object.keys(r)).toEqual([...SPLUNK_COLUMNS]);
    expect(r.user).toBe('');
  });

  it('sorts by the by-fields (dest first, then process, key, value, user), not by input order or count', () => {
    const rows = splunkTable([row({ dest: 'WS2' }), row({ dest: 'WS1', process_name: 'b.exe' }), row({ dest: 'WS1', user: null, count: 9 }), row({ dest: 'WS1' })]);
    expect(rows.map((r) => [r.dest, r.process_name, r.user, r.count])).toEqual([
      ['WS1', 'a.exe', '', 9], ['WS1', 'a.exe', 'bob', 1], ['WS1', 'b.exe', 'bob', 1], ['WS2', 'a.exe', 'bob', 1],
    ]);
  });

  it('leaves out suppressed rows unless asked, and keeps one rule when asked', () => {
    const all = [row({ dest: 'A', suppressed: true }), row({ dest: 'B', rule_id: 'r2' }), row({ dest: 'C' })];
    expect(splunkTable(all).map((r) => r.dest)).toEqual(['B', 'C']);
    expect(splunkTable(all, { includeSuppressed: true }).map((r) => r.dest)).toEqual(['A', 'B', 'C']);
    expect(splunkTable(all, { ruleId: 'r1', includeSuppressed: true }).map((r) => r.dest)).toEqual(['A', 'C']);
  });
});
