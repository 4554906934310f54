/** Suppressions: applied after detection, flagged and counted, never dropped; validated like rules. */
import { describe, expect, it } from 'vitest';
import { applySuppressions, emptySuppressions, parseSuppressions, loadSuppressionsFile, SuppressionError, SEED_RULE_ID, DEFAULT_SUPPRESSIONS_DIR } from '../../src-main/detect/index';
import { splunkTable } from '../../src-main/output/splunk-table';
import path from 'node:path';
import { detect, sysmon } from './helpers';

const CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';
const events = [
  sysmon(13, 'WS1', { EventType: 'SetValue', UtcTime: '2024-05-01 10:00:00.000', ProcessGuid: '{AAAAAAAA-1111-2222-3333-444444444444}', ProcessId: '1', Image: 'C:\\Tools\\deploy.exe', TargetObject: `HKLM\\SOFTWARE\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`, Details: 'C:\\Tools\\dynwrapx.dll' }, 1),
  sysmon(13, 'WS2', { EventType: 'SetValue', UtcTime: '2024-05-01 10:00:00.000', ProcessGuid: '{AAAAAAAA-1111-2222-3333-444444444444}', ProcessId: '1', Image: 'C:\\Windows\\SysWOW64\\regsvr32.exe', TargetObject: `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`, Details: 'C:\\Users\\x\\AppData\\Roaming\\d.dll' }, 2),
];

const list = (extra: Record<string, unknown> = {}) => parseSuppressions({
  version: 1,
  suppressions: [{
    id: 'deploy-tool', rule_ids: [SEED_RULE_ID], author: 'j.doe', reason: 'IT deployment tool registers DynamicWrapperX on WS1 (ticket 42)', date: '2024-05-02',
    when: { all: [{ field: 'dest', op: 'equals', value: 'ws1' }, { field: 'process_path', op: 'wildcard', value: 'C:\\Tools\\*' }] }, ...extra,
  }],
});

describe('suppressions', () => {
  it('flag the matching finding, keep it, record who/why/when, count it', () => {
    const r = detect(events, list(), { today: '2024-06-01' });
    const seed = r.findings.filter((f) => f.rule_id === SEED_RULE_ID);
    expect(seed).toHaveLength(2);
    const ws1 = seed.find((f) => f.dest === 'WS1')!;
    const ws2 = seed.find((f) => f.dest === 'WS2')!;
    expect(ws1.suppressed).toBe(true);
    expect(ws1.suppressed_by).toEqual({ id: 'deploy-tool', author: 'j.doe', reason: 'IT deployment tool registers DynamicWrapperX on WS1 (ticket 42)', date: '2024-05-02' });
    expect(ws2.suppressed).toBe(false);
    expect(r.stats.suppressed).toBe(1);
    expect(r.stats.byRule.find((b) => b.rule_id === SEED_RULE_ID)).toMatchObject({ findings: 2, suppressed: 1 });
  });

  it('apply only to the rules they name (the known-bad rule still reports WS1 unsuppressed)', () => {
    const r = detect(events, list(), { today: '2024-06-01' });
    expect(r.findings.filter((f) => f.dest === 'WS1' && f.rule_id !== SEED_RULE_ID).every((f) => !f.suppressed)).toBe(true);
  });

  it('Splunk table drops suppressed rows like the filter macro; includeSuppressed keeps them', () => {
    const r = detect(events, list(), { today: '2024-06-01' });
    expect(splunkTable(r.findings, { ruleId: SEED_RULE_ID }).map((x) => x.dest)).toEqual(['WS2']);
    expect(splunkTable(r.findings, { ruleId: SEED_RULE_ID, includeSuppressed: true }).map((x) => x.dest)).toEqual(['WS1', 'WS2']);
  });

  it('re-apply after an edit (UI) without re-running detection: flag, then unflag', () => {
    const r = detect(events, emptySuppressions(), { today: '2024-06-01' });
    expect(r.findings.some((f) => f.suppressed)).toBe(false);
    const flagged = applySuppressions(r.findings, list(), '2024-06-01');
    expect(flagged.filter((f) => f.suppressed).map((f) => [f.dest, f.rule_id])).toEqual([['WS1', SEED_RULE_ID]]);
    expect(applySuppressions(flagged, emptySuppressions(), '2024-06-01').some((f) => f.suppressed)).toBe(false);
    expect(r.findings.some((f) => f.suppressed)).toBe(false); // inputs untouched
  });

  it('match on the qualified user or the CIM user', () => {
    const byUser = parseSuppressions({ version: 1, suppressions: [{ id: 'u', author: 'a', reason: 'r', date: '2024-01-01', when: { field: 'user_qualified', op: 'equals', value: 'corp\\svc_deploy' } }] });
    const e = sysmon(13, 'WS3', { EventType: 'SetValue', UtcTime: '2024-05-01 10:00:00.000', ProcessGuid: '{AAAAAAAA-1111-2222-3333-444444444444}', ProcessId: '1', Image: 'C:\\x.exe', User: 'CORP\\svc_deploy', TargetObject: `HKCR\\CLSID\\${CLSID}\\InProcServer32\\(Default)`, Details: 'C:\\x.dll' }, 3);
    const r = detect([e], byUser);
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.every((f) => f.suppressed && f.user === 'svc_deploy')).toBe(true);
  });

  it('expire', () => {
    const r = detect(events, list({ expires: '2024-05-31' }), { today: '2024-06-01' });
    expect(r.findings.every((f) => !f.suppressed)).toBe(true);
  });

  it('reject missing author/reason/date, bad dates, unknown fields, duplicate ids', () => {
    const base = { id: 'a', author: 'x', reason: 'y', date: '2024-01-01', when: { field: 'dest', op: 'equals', value: 'a' } };
    expect(() => parseSuppressions({ version: 1, suppressions: [{ ...base, author: '' }] })).toThrow(/author/);
    expect(() => parseSuppressions({ version: 1, suppressions: [{ ...base, reason: undefined }] })).toThrow(/reason/);
    expect(() => parseSuppressions({ version: 1, suppressions: [{ ...base, date: '01/02/2024' }] })).toThrow(/YYYY-MM-DD/);
    expect(() => parseSuppressions({ version: 1, suppressions: [{ ...base, when: { field: 'Image', op: 'equals', value: 'x' } }] })).toThrow(/unknown field "Image"/);
    expect(() => parseSuppressions({ version: 1, suppressions: [base, base] })).toThrow(/duplicate id/);
    expect(() => parseSuppressions({ suppressions: [] })).toThrow(SuppressionError);
  });

  it('the shipped example file is the empty list', () => {
    expect(loadSuppressionsFile(path.join(DEFAULT_SUPPRESSIONS_DIR, 'example.json'))).toEqual({ suppressions: [] });
  });
});
