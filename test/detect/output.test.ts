/** Outputs: the contract finding (schema), the CSV (RFC 4180, formula-injection safe), the matchers. */
import { describe, expect, it } from 'vitest';
import { builtinIntel, builtinRuleset, DetectionSession, evaluate, fillTemplate, parseCondition, ConditionError } from '../../src-main/detect/index';
import { documentFindingOf } from '../helpers/document-findings';
import type { Finding } from '../../src-main/detect/index';
import { csvCell, findingsCsv } from '../../src-main/output/findings-csv';
import { requires } from '../helpers/requires';
import { triageOutputValidator } from '../helpers/schema';
import { detect, sysmon } from './helpers';
import { fakeRule, fakeRuleSet, sigmaMeta } from './sigma-fake';

const CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';
function finding(image: string, target = `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`): Finding {
  const r = detect([sysmon(13, 'WS1', { EventType: 'SetValue', UtcTime: '2024-05-01 10:00:00.000', ProcessGuid: '{AAAAAAAA-1111-2222-3333-444444444444}', ProcessId: '1', Image: image, TargetObject: target, Details: 'C:\\x.dll' }, 1)]);
  return r.findings.find((f) => f.rule_id === '127c8d08-25ff-11ec-9223-acde48001122')!;
}

describe.skipIf(requires('contracts'))('documentFinding', () => {
  it('has every required field of the contract, with the contract’s names, and validates (outer join, nulls)', () => {
    const c = documentFindingOf(finding('C:\\Windows\\SysWOW64\\regsvr32.exe'));
    for (const k of ['rule_id', 'rule_name', 'mitre', 'risk_score', 'dest', 'user', 'process_guid', 'process_name', 'process_path', 'process',
      'parent_process_name', 'registry_path', 'registry_key_name', 'registry_value_name', 'registry_value_data', 'clsid', 'count',
      'firstTime', 'lastTime', 'process_start_in_evidence', 'suppressed', 'pivots']) expect(c, k).toHaveProperty(k);
    for (const k of ['dll_created_by', 'dll_loaded_by', 'timeline', 'tree', 'parallel']) expect(c.pivots, k).toHaveProperty(k);
    expect(c.process).toBeNull();
    expect(c.user).toBeNull();
    const validate = triageOutputValidator();
    expect(validate({ tool: { name: 't', version: '1' }, evidence: [], findings: [c] }), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a finding without a ProcessGuid (Security 4657) still validates: process_guid is an empty string', () => {
    const f = finding('C:\\x.exe');
    const c = documentFindingOf({ ...f, process_guid: '', process_guids: [] });
    const validate = triageOutputValidator();
    expect(validate({ tool: { name: 't', version: '1' }, evidence: [], findings: [c] })).toBe(true);
  });
});

describe('findingsCsv', () => {
  it('writes Splunk’s columns then the rule, CRLF, RFC 4180 quoting', () => {
    const csv = findingsCsv([finding('C:\\Program Files\\A, "B"\\x.exe')]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('dest,process_name,registry_path,registry_key_name,registry_value_name,user,count,firstTime,lastTime,rule_id,rule_name,risk_score,suppressed,level,source,rule_author');
    expect(lines[1]).toContain(`WS1,x.exe,HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default),InProcServer32,(Default),,1,2024-05-01T10:00:00.0000000Z`);
    expect(lines[1]).toMatch(/,false,high,builtin,$/);
    expect(lines[2]).toBe('');
    expect(findingsCsv([], { extraColumns: false })).toBe('dest,process_name,registry_path,registry_key_name,registry_value_name,user,count,firstTime,lastTime\r\n');
  });

  it('quotes commas, quotes and newlines; neutralises formula cells', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
  });

  it('a process name starting with = cannot become a formula', () => {
    const csv = findingsCsv([finding('C:\\=cmd|calc.exe')]);
    expect(csv.split('\r\n')[1]!.split(',')[1]).toBe("'=cmd|calc.exe");
  });
});

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

describe.skipIf(requires('contracts'))('Sigma findings at the edges', () => {
  const PS = { UtcTime: '2024-05-01 10:00:00.000', ProcessGuid: '{AAAAAAAA-1111-2222-3333-444444444444}', ProcessId: '7', Image: 'C:\\x\\powershell.exe', CommandLine: 'powershell -enc AA', User: 'CORP\\bob' };
  function sigmaFinding(author: string | null = 'Florian Roth (Nextron Systems)') {
    const intel = builtinIntel();
    const s = new DetectionSession(builtinRuleset(intel), intel, undefined, {
      sigma: fakeRuleSet([fakeRule(sigmaMeta('5f0ae1a0-0000-4000-8000-000000000001', 'high', { author, logsource: { product: 'windows', category: 'process_creation' } }), (e) => e.event_id === 1)]),
    });
    s.add([sysmon(1, 'WS1', PS, 3)]);
    return s.finish().findings.find((f) => f.source === 'sigma')!;
  }

  it('a Sigma finding validates against the contract (its if/then): source, level, sigma with author, events; no empty registry fields', () => {
    const c = documentFindingOf(sigmaFinding());
    const validate = triageOutputValidator();
    expect(validate({ tool: { name: 't', version: '1' }, evidence: [], findings: [{ ...c, finding_id: 'x' }] }), JSON.stringify(validate.errors)).toBe(true);
    expect(c).toMatchObject({ source: 'sigma', level: 'high', risk_score: 73, rule_name: 'Rule 5f0ae1a0-0000-4000-8000-000000000001', events_truncated: false });
    expect(c.sigma).toMatchObject({ id: '5f0ae1a0-0000-4000-8000-000000000001', author: 'Florian Roth (Nextron Systems)', status: 'test', path: 'rules/windows/5f0ae1a0-0000-4000-8000-000000000001.yml', logsource: { category: 'process_creation' } });
    expect(c.events).toEqual([{ evidence: 'fixture.evtx', record_id: 3, event_id: 1, time: '2024-05-01T10:00:00.0000000Z', process_guid: '{AAAAAAAA-1111-2222-3333-444444444444}' }]);
    for (const k of ['registry_path', 'registry_key_name', 'registry_value_name', 'registry_value_data']) expect(c, k).not.toHaveProperty(k);
    expect(c.process).toBe('powershell -enc AA');
    // Without `sigma` (or `events`) the contract refuses a Sigma finding: the test can fail.
    const { sigma: _s, ...noMeta } = c;
    expect(validate({ tool: { name: 't', version: '1' }, evidence: [], findings: [{ ...noMeta, finding_id: 'x' }] })).toBe(false);
  });

  it('a built-in finding says source builtin and its level', () => {
    const c = documentFindingOf(finding('C:\\x.exe'));
    expect(c).toMatchObject({ source: 'builtin', level: 'high' });
    expect(c).not.toHaveProperty('sigma');
  });

  it('the CSV gives level, source and the rule author (DRL 1.1), formula-safe', () => {
    const lines = findingsCsv([sigmaFinding('=cmd|calc')]).split('\r\n');
    expect(lines[1]).toMatch(/,false,high,sigma,'=cmd\|calc$/);
  });
});
