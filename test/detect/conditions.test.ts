/** The built-in rules' conditions: operators, lists, missing fields, malformed conditions, $field$ templates (detect/conditions.ts). */
import { describe, expect, it } from 'vitest';
import { evaluate, fillTemplate, parseCondition, ConditionError } from '../../src-main/detect/index';

describe('conditions', () => {
  const bag = { process_name: 'RegSvr32.EXE', registry_path: 'HKCU\\Software\\Classes\\CLSID\\{X}\\InprocServer32\\(Default)', n: 5, b: true, nul: null };
  const c = (x: unknown) => parseCondition(x, 't');
  it('equals / wildcard / contains / startswith / endswith / regex, case-insensitive, any-of lists', () => {
    expect(evaluate(c({ field: 'process_name', op: 'equals', value: 'regsvr32.exe' }), bag)).toBe(true);
    expect(evaluate(c({ field: 'process_name', op: 'equals', value: 'regsvr32.exe', case_sensitive: true }), bag)).toBe(false);
    expect(evaluate(c({ field: 'process_name', op: 'equals', value: ['a.exe', 'regsvr32.exe'] }), bag)).toBe(true);
    expect(evaluate(c({ field: 'registry_path', op: 'wildcard', value: '*\\clsid\\{?}\\inprocserver32\\(default)' }), bag)).toBe(true);
    expect(evaluate(c({ field: 'registry_path', op: 'wildcard', value: '*\\clsid\\{??}\\*' }), bag)).toBe(false);
    expect(evaluate(c({ field: 'registry_path', op: 'contains', value: '\\classes\\' }), bag)).toBe(true);
    expect(evaluate(c({ field: 'registry_path', op: 'startswith', value: 'hkcu\\' }), bag)).toBe(true);
    expect(evaluate(c({ field: 'registry_path', op: 'endswith', value: '(DEFAULT)' }), bag)).toBe(true);
    expect(evaluate(c({ field: 'process_name', op: 'regex', value: '^reg(svr|edit)32\\.exe$' }), bag)).toBe(true);
  });
  it('exists, numbers, booleans, null, all/any/not; a missing field never matches', () => {
    expect(evaluate(c({ field: 'nul', op: 'exists' }), bag)).toBe(false);
    expect(evaluate(c({ field: 'nul', op: 'exists', value: false }), bag)).toBe(true);
    expect(evaluate(c({ field: 'n', op: 'lte', value: 5 }), bag)).toBe(true);
    expect(evaluate(c({ field: 'b', op: 'equals', value: true }), bag)).toBe(true);
    expect(evaluate(c({ all: [{ field: 'n', op: 'gt', value: 1 }, { not: { field: 'b', op: 'equals', value: false } }] }), bag)).toBe(true);
    expect(evaluate(c({ any: [{ field: 'missing', op: 'equals', value: 'x' }, { field: 'missing', op: 'contains', value: '' }] }), bag)).toBe(false);
  });
  it('wildcard special characters are literal', () => {
    expect(evaluate(c({ field: 'x', op: 'wildcard', value: 'a.b(c)*' }), { x: 'a.b(c)d' })).toBe(true);
    expect(evaluate(c({ field: 'x', op: 'wildcard', value: 'a.b' }), { x: 'axb' })).toBe(false);
  });
  it('rejects malformed conditions', () => {
    expect(() => c({ field: 'x', op: 'equals' })).toThrow(ConditionError);
    expect(() => c({ all: [] })).toThrow(/non-empty/);
    expect(() => c({ field: 'x', op: 'lt', value: 'a' })).toThrow(/numbers/);
    expect(() => c({ all: [{ field: 'x', op: 'exists' }], any: [] })).toThrow(/only key/);
  });
  it('fills $field$ templates; unknown fields become "unknown"', () => {
    expect(fillTemplate('The $process_name$ on $dest$', { process_name: 'a.exe', dest: null })).toBe('The a.exe on unknown');
  });
});
