/** Sigma forms of our field conditions: escaping, the derived fields, and refusals that name the rule. */
import { describe, expect, it } from 'vitest';
import { builtinIntel } from '../../../src-main/detect/rules/load';
import { conditionToSigma } from '../../../src-main/detect/sigma-export/condition-to-sigma';
import { fieldForm, sigmaLiteral, sigmaPattern, SigmaExportError } from '../../../src-main/detect/sigma-export/field-forms';
import { parseSigmaString, plainText } from '../../../src-main/detect/sigma/sigma-string';

const ctx = { intel: builtinIntel(), defaultSpellings: ['(Default)', 'Default'], where: 'rule t' };

describe('sigma-export field forms', () => {
  it('escapes literals so the Sigma reader gives the text back', () => {
    for (const text of ['C:\\a\\b.dll', '\\\\server\\share\\x', 'a*b?c', 'ends\\', 'x\\*y', '\\\\?\\C:\\x']) {
      const parts = parseSigmaString(sigmaLiteral(text));
      expect(plainText(parts)).toBe(text);
      expect(parts.every((p) => typeof p === 'string')).toBe(true);
    }
    expect(parseSigmaString(sigmaPattern('*\\CLSID\\?x'))).toEqual([{ wild: '*' }, '\\CLSID\\', { wild: '?' }, 'x']);
  });

  it('writes the derived fields as plain Sysmon-field tests', () => {
    expect(fieldForm({ field: 'process_name', op: 'equals', value: 'reg.exe' }, ctx)).toEqual([{ 'Image|endswith': '\\reg.exe' }]);
    expect(fieldForm({ field: 'registry_action', op: 'equals', value: ['modified'] }, ctx)).toEqual([{ EventType: 'SetValue' }]);
    expect(fieldForm({ field: 'clsid', op: 'equals', value: '89565275-A714-4a43-912E-978B935EDCCC' }, ctx)).toEqual([{ 'TargetObject|contains': '\\CLSID\\{89565275-A714-4a43-912E-978B935EDCCC}' }]);
    const perflogs = fieldForm({ field: 'server_path', op: 'contains', value: [':\\perflogs\\'] }, ctx)[0]!['Details|contains'];
    expect(perflogs).toEqual([':\\perflogs\\', '%systemdrive%\\perflogs\\']);
    const appdata = fieldForm({ field: 'server_path', op: 'contains', value: ['\\appdata\\'] }, ctx)[0]!['Details|contains'] as string[];
    expect(appdata).toEqual(expect.arrayContaining(['\\appdata\\', '%appdata%', '%localappdata%', '%temp%']));
    expect(appdata).not.toContain('%systemroot%\\appdata\\');
  });

  it('refuses what Sigma cannot say, naming the rule', () => {
    expect(() => fieldForm({ field: 'benign_writer', op: 'exists' }, ctx)).toThrow(SigmaExportError);
    expect(() => fieldForm({ field: 'registry_value_is_default', op: 'equals', value: false }, ctx)).toThrow(/rule t: registry_value_is_default/);
    expect(() => fieldForm({ field: 'registry_path_canonical', op: 'wildcard', value: 'HKCU\\x' }, ctx)).toThrow(/must start with \*/);
    expect(() => conditionToSigma({ all: [] }, ctx.intel, [], 'rule t')).toThrow(/empty "all"/);
  });

  it('builds the condition from all/any/not', () => {
    const { detection } = conditionToSigma({ all: [
      { field: 'process_name', op: 'equals', value: 'reg.exe' },
      { any: [{ field: 'registry_value_data', op: 'contains', value: 'x' }, { not: { field: 'user', op: 'equals', value: 'SYSTEM' } }] },
    ] }, ctx.intel, [], 'rule t');
    expect(detection).toEqual({
      selection_1: { 'Image|endswith': '\\reg.exe' },
      selection_2: { 'Details|contains': 'x' },
      selection_3: { User: 'SYSTEM' },
      condition: 'selection_1 and (selection_2 or not selection_3)',
    });
  });
});
