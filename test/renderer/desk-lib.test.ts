import { describe, expect, it } from 'vitest';
import { compareFindings, riskBand } from '../../src-renderer/lib/case-db';
import { csvCell, findingsToCsv } from '../../src-renderer/lib/export';
import { matches, suppressionsToJson } from '../../src-renderer/lib/suppress';
import { tickLabel } from '../../src-main/shared/time-ticks';
import { makeAxis, relative } from '../../src-renderer/lib/time-axis';
import { scrollToShow, virtualWindow } from '../../src-renderer/lib/virtual';
import { parseSuppressions } from '../../src-main/detect/suppressions';
import { seedFinding } from './fixtures';

describe('CSV export', () => {
  it('neutralises cells that would start a formula and quotes everything', () => {
    for (const s of ['=1+1', '+cmd', '-2', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(s).startsWith(`"'`)).toBe(true);
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(['T1112', 'T1218.010'])).toBe('"T1112 T1218.010"');
    const { pivots: _p, ...row } = seedFinding({ user: '=cmd|" /C calc"!A0' });
    const csv = findingsToCsv([{ finding: row, suppressed: false, annotation: { status: 'confirmed', note: 'multi\nline', by: 'A', at: 'T' } }]);
    const [head, line] = csv.split('\r\n');
    expect(head!.split(',')).toHaveLength(29);
    expect(head!.endsWith('"level","source","rule_author"')).toBe(true);
    expect(line).toContain(`"'=cmd|"" /C calc""!A0"`);
    expect(line).toContain('"confirmed","multi\nline","A","T"');
    // A built-in finding cached before levels: the level of its risk band, source builtin, no author.
    expect(line!.endsWith('"high","builtin",""')).toBe(true);
  });
});

describe('ordering and risk', () => {
  it('sorts by risk (high first) then first time', () => {
    const a = seedFinding({ id: 'a', risk_score: 50, firstTime: '2026-01-01T00:00:02Z' });
    const b = seedFinding({ id: 'b', risk_score: 90, firstTime: '2026-01-01T00:00:03Z' });
    const c = seedFinding({ id: 'c', risk_score: 50, firstTime: '2026-01-01T00:00:01Z' });
    expect([a, b, c].sort(compareFindings).map((f) => f.id)).toEqual(['b', 'c', 'a']);
    expect([riskBand(70), riskBand(69), riskBand(39)]).toEqual(['high', 'medium', 'low']);
  });
});

describe('suppressions', () => {
  it('match every condition exactly, ignoring case', () => {
    const f = seedFinding();
    const s = { id: 's', conditions: { process_name: 'REGSVR32.EXE', dest: 'ws-fin-07.corp.example' }, author: 'A', reason: 'r', date: '2026-11-24T08:00:00.000Z' };
    expect(matches(s, f)).toBe(true);
    expect(matches({ ...s, conditions: { process_name: 'regsvr32' } }, f)).toBe(false);
    expect(matches({ ...s, conditions: {} }, f)).toBe(false);
    const doc = JSON.parse(suppressionsToJson([{ ...s, conditions: { ...s.conditions, rule_id: f.rule_id }, date: '2026-11-25T21:00:00.000Z' }]));
    expect(doc.suppressions[0]).toMatchObject({ id: 's', rule_ids: [f.rule_id], author: 'A', reason: 'r', date: '2026-11-25' });
    expect(doc.suppressions[0].when.all).toContainEqual({ field: 'dest', op: 'equals', value: 'ws-fin-07.corp.example' });
    // The CLI's parser accepts the file as written.
    expect(parseSuppressions(doc).suppressions).toHaveLength(1);
    expect(parseSuppressions(JSON.parse(suppressionsToJson([{ ...s, conditions: { rule_id: f.rule_id } }]))).suppressions[0]!.rule_ids).toEqual([f.rule_id]);
  });
});

describe('time axis', () => {
  it('picks readable UTC ticks for milliseconds to hours', () => {
    const t0 = Date.parse('2026-11-17T09:41:35.410Z');
    const ms = makeAxis(t0, t0 + 110, 0, 1000, 8);
    expect(ms.step).toBe(20);
    expect(ms.ticks[0]!.label).toMatch(/^09:41:35\.\d{3}$/);
    const h = makeAxis(Date.parse('2026-11-17T07:00:00Z'), Date.parse('2026-11-17T11:00:00Z'), 0, 1000, 8);
    expect(h.ticks.map((t) => t.label)).toContain('09:00');
    expect(tickLabel(Date.parse('2026-11-17T00:00:00Z'), 86_400_000)).toBe('2026-11-17');
    expect(relative(t0 + 62, t0)).toBe('+62 ms');
    expect(relative(t0 - 2500, t0)).toBe('−2.500 s');
    const flat = makeAxis(t0, t0, 0, 100);
    expect(flat.to).toBeGreaterThan(flat.from);
  });
});

describe('virtual window', () => {
  it('draws the rows in view plus a margin', () => {
    const w = virtualWindow(100_000, 30, 30_000, 600, 5);
    expect(w.start).toBe(995);
    expect(w.end).toBe(1025);
    expect(w.padTop + (w.end - w.start) * 30 + w.padBottom).toBe(3_000_000);
    expect(virtualWindow(0, 30, 0, 600)).toMatchObject({ start: 0, end: 0 });
    expect(scrollToShow(50, 30, 0, 600)).toBe(930);
    expect(scrollToShow(2, 30, 900, 600)).toBe(60);
    expect(scrollToShow(35, 30, 900, 600)).toBe(900);
  });
});
