/** The per-event keys the detection session makes once (detect/event-keys.ts), and the remembered intel verdicts (detect/intel.ts). */
import { describe, expect, it } from 'vitest';
import { EventKeys } from '../../src-main/detect/event-keys';
import { Intel } from '../../src-main/detect/intel';
import { compileCondition, evaluate, parseCondition } from '../../src-main/detect/conditions';
import { processJoinKey } from '../../src-main/model/join';
import type { NormalisedEvent } from '../../src-main/model/event';

const ev = (dest: string | null, channel: string | null, record_id: number | null) => ({ dest, channel, record_id }) as unknown as NormalisedEvent;

describe('EventKeys', () => {
  it('gives the same join keys as model/join.ts whatever order hosts come in', () => {
    const k = new EventKeys();
    const g = '{0A0B0C0D-0000-1111-2222-333344445555}';
    for (const d of [' WS1 ', 'ws1', 'Other', 'WS1', '']) expect(k.joinKey(d, g)).toBe(processJoinKey(d, g));
    const h = '{0A0B0C0D-0000-1111-2222-333344445556}';
    for (const [d, x] of [['WS1', g], ['WS1', h], ['WS1', g], ['WS2', g], [' ws2', g], ['WS1', g]] as const) expect(k.joinKey(d, x)).toBe(processJoinKey(d, x));
    expect(k.joinKey(null, g)).toBeNull();
    expect(k.joinKey('ws1', null)).toBeNull();
  });
  it('identity is dest|channel|record id lower-cased, null without a record id, right after a host or channel change', () => {
    const k = new EventKeys();
    expect(k.identity(ev('WS1', 'Security', 7))).toBe('ws1|security|7');
    expect(k.identity(ev('WS1', 'System', 7))).toBe('ws1|system|7');
    k.joinKey('Other', '{X}');
    expect(k.identity(ev('WS1', 'System', 8))).toBe('ws1|system|8');
    expect(k.identity(ev('WS2', 'System', 8))).toBe('ws2|system|8');
    expect(k.identity(ev(null, null, 1))).toBe('||1');
    expect(k.identity(ev('WS2', 'System', null))).toBeNull();
  });
});

describe('Intel verdicts', () => {
  const src = ['https://example.org'];
  it('wildcard and exact lists answer the same on a second ask, and again after a list grows', () => {
    const intel = new Intel([
      { list: 'w', match: 'wildcard', description: '', entries: [{ values: ['c:\\windows\\*.exe'], name: 'win', family: null, reason: null, note: null, sources: src }] },
      { list: 'x', match: 'exact', description: '', entries: [{ values: ['A.EXE'], name: 'a', family: null, reason: null, note: null, sources: src }] },
    ]);
    for (let i = 0; i < 2; i++) {
      expect(intel.find('w', 'C:\\Windows\\reg.exe')?.name).toBe('win');
      expect(intel.find('w', 'C:\\Temp\\reg.exe')).toBeNull();
      expect(intel.find('x', 'a.exe')?.name).toBe('a');
    }
    intel.add({ list: 'w', match: 'wildcard', description: '', entries: [{ values: ['c:\\temp\\*'], name: 'temp', family: null, reason: null, note: null, sources: src }] });
    expect(intel.find('w', 'C:\\Temp\\reg.exe')?.name).toBe('temp');
  });
});

describe('compiled conditions', () => {
  it('is made once per condition object and mixes exact, text and missing values in one list', () => {
    const c = parseCondition({ field: 'f', op: 'equals', value: [5, 'Ab', null] }, 't');
    expect(compileCondition(c)).toBe(compileCondition(c));
    expect(evaluate(c, { f: 5 })).toBe(true);
    expect(evaluate(c, { f: '5' })).toBe(false);
    expect(evaluate(c, { f: 'aB' })).toBe(true);
    expect(evaluate(c, {})).toBe(true);
    const contains = parseCondition({ field: 'f', op: 'contains', value: ['X', 'y'], case_sensitive: true }, 't');
    expect(evaluate(contains, { f: 'aXb' })).toBe(true);
    expect(evaluate(contains, { f: 'axb' })).toBe(false);
  });
});
