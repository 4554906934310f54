/**
 * Sigma findings in the detection session: one per (rule, dest), distinct events (a record read
 * twice counts once), the caps with what they cut counted, a throwing rule isolated, the finding's
 * shape (level → risk, metadata, MITRE), the join and pivots on (dest, process_guid), and
 * suppressions. The rule set is a fake (test/detect/sigma-fake.ts).
 */
import { describe, expect, it } from 'vitest';
import { builtinIntel, builtinRuleset, DetectionSession, emptySuppressions, parseSuppressions, stableFindingId } from '../../src-main/detect/index';
import type { DetectionOptions, SuppressionList } from '../../src-main/detect/index';
import type { NormalisedEvent } from '../../src-main/model/event';
import type { CompiledSigmaRule } from '../../src-main/detect/sigma/types';
import { sysmon } from './helpers';
import { fakeRule, fakeRuleSet, sigmaMeta } from './sigma-fake';

const PARENT = '{11111111-0000-0000-0000-000000000001}';
const CHILD = '{11111111-0000-0000-0000-000000000002}';

function start(host: string, guid: string, image: string, sec: number, recordId: number, evidence = 'a.evtx', parent = PARENT): NormalisedEvent {
  return sysmon(1, host, {
    UtcTime: `2026-03-01 10:00:${String(sec).padStart(2, '0')}.000`, ProcessGuid: guid, ProcessId: String(100 + recordId), Image: image,
    CommandLine: `${image} -enc AAAA`, User: 'CORP\\alice', ParentProcessGuid: parent, ParentProcessId: '4', ParentImage: 'C:\\Windows\\explorer.exe',
    ParentCommandLine: 'explorer.exe',
  }, recordId, evidence);
}

const isPowershell = (e: NormalisedEvent) => e.view?.kind === 'process' && /powershell/i.test(e.view.process_path ?? '');

function run(rules: CompiledSigmaRule[], events: NormalisedEvent[], options: DetectionOptions = {}, sups: SuppressionList = emptySuppressions()) {
  const intel = builtinIntel();
  const s = new DetectionSession(builtinRuleset(intel), intel, sups, { ...options, sigma: fakeRuleSet(rules) });
  s.add(events);
  return s.finish();
}

describe('Sigma findings', () => {
  it('one finding per (rule, dest); a record read twice (evtx + XML export) counts once', () => {
    const rule = fakeRule(sigmaMeta('r-ps', 'high'), isPowershell);
    const ps = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
    const r = run([rule], [
      start('WS1', PARENT, 'C:\\Windows\\explorer.exe', 0, 1),
      start('WS1', CHILD, ps, 5, 2),
      start('WS1', CHILD, ps, 5, 2, 'export.xml'), // the same record, from the analyst's export
      start('ws1', '{11111111-0000-0000-0000-000000000003}', ps, 9, 3), // same host, other spelling
      start('WS2', '{22222222-0000-0000-0000-000000000001}', ps, 7, 1),
    ]);
    const sig = r.findings.filter((f) => f.source === 'sigma');
    expect(sig.map((f) => [f.dest.toLowerCase(), f.count]).sort()).toEqual([['ws1', 2], ['ws2', 1]]);
    const ws1 = sig.find((f) => f.dest.toLowerCase() === 'ws1')!;
    expect(ws1.events.map((e) => e.record_id)).toEqual([2, 3]);
    expect(ws1.events_truncated).toBe(false);
    expect(ws1.firstTime).toBe('2026-03-01T10:00:05.0000000Z');
    expect(ws1.lastTime).toBe('2026-03-01T10:00:09.0000000Z');
    expect(r.stats.sigma).toMatchObject({ rules: 1, matchedEvents: 4, duplicateMatches: 1, findings: 2 });
    expect(r.stats.sigma!.byRule).toEqual([{ rule_id: 'r-ps', rule_name: 'Rule r-ps', findings: 2, suppressed: 0, events: 3 }]);
  });

  it('events without a view (no process, no registry) read twice count once; their identity is made only for a match', () => {
    // Sysmon 4 (service state changed) has no CIM view: the session makes its identity only when a rule matches it.
    const state = (host: string, recordId: number, evidence: string) => sysmon(4, host, { UtcTime: `2026-03-01 10:00:0${recordId}.000`, State: 'Stopped' }, recordId, evidence);
    const rule = fakeRule(sigmaMeta('r-state', 'medium'), (e) => e.event_id === 4 && e.record_id !== 3);
    const events = [state('WS1', 1, 'a.evtx'), state('WS1', 2, 'a.evtx'), state('WS1', 2, 'export.xml'), state('WS1', 3, 'a.evtx'), state('WS1', 1, 'copy.evtx')];
    expect(events.every((e) => e.view === null)).toBe(true);
    const r = run([rule], events);
    const [f] = r.findings.filter((x) => x.source === 'sigma');
    expect(f).toMatchObject({ count: 2, dest: 'WS1' });
    expect(f!.events.map((e) => [e.evidence, e.record_id])).toEqual([['a.evtx', 1], ['a.evtx', 2]]);
    expect(r.stats.sigma).toMatchObject({ matchedEvents: 4, duplicateMatches: 2, findings: 1 });
    expect(r.stats.events).toBe(5);
  });

  it('carries the rule: level → risk, title, metadata, MITRE ids (malformed tags left out), message', () => {
    const meta = sigmaMeta('r-crit', 'critical', { title: 'Encoded PowerShell', mitre: ['T1059.001', 'T1059.001', 'attack.bogus'] });
    const r = run([fakeRule(meta, isPowershell)], [start('WS1', CHILD, 'C:\\x\\powershell.exe', 5, 2)]);
    const f = r.findings[0]!;
    expect(f).toMatchObject({ source: 'sigma', level: 'critical', risk_score: 90, risk_base: 90, rule_id: 'r-crit', rule_name: 'Encoded PowerShell', mitre: ['T1059.001'] });
    expect(f.sigma).toBe(meta);
    expect(f.message).toBe('Sigma (critical) Encoded PowerShell: 1 event on WS1 by powershell.exe');
    // The one id: stable across re-reads (rule file, host), the case's id and the JSON's finding_id.
    expect(f.id).toMatch(/^r-crit-[0-9a-f]{16}$/);
    expect(f.id).toBe(stableFindingId(f));
  });

  it('joins the acting process on (dest, process_guid): command line, parent, timeline, tree, parallel', () => {
    const rule = fakeRule(sigmaMeta('r-ps', 'medium'), isPowershell);
    const r = run([rule], [
      start('WS1', PARENT, 'C:\\Windows\\explorer.exe', 0, 1, 'a.evtx', '{11111111-0000-0000-0000-0000000000FF}'),
      start('WS1', CHILD, 'C:\\x\\powershell.exe', 5, 2),
      sysmon(11, 'WS1', { UtcTime: '2026-03-01 10:00:06.000', ProcessGuid: CHILD, ProcessId: '102', Image: 'C:\\x\\powershell.exe', TargetFilename: 'C:\\Users\\a\\evil.dll' }, 4),
    ]);
    const f = r.findings.find((x) => x.source === 'sigma')!;
    expect(f).toMatchObject({
      process_guid: CHILD, process_name: 'powershell.exe', process_path: 'C:\\x\\powershell.exe', process: 'C:\\x\\powershell.exe -enc AAAA',
      parent_process_guid: PARENT, parent_process_name: 'explorer.exe', user: 'alice', user_qualified: 'CORP\\alice',
      process_start_in_evidence: true, process_join: 'process_guid', registry_path: '', level: 'medium', risk_score: 50,
    });
    expect(f.pivots.timeline.entries.map((t) => t.record_id)).toEqual([2, 4]);
    expect(f.pivots.tree.process?.process_guid).toBe(CHILD);
    expect(f.pivots.tree.ancestors.map((a) => a.process_guid)).toContain(PARENT);
    expect(f.pivots.parallel.processes.map((p) => p.process_guid)).toContain(PARENT);
  });

  it('an event without a process (no CIM view) gives a finding with empty process fields and empty pivots', () => {
    const ev = sysmon(4, 'WS1', { UtcTime: '2026-03-01 10:00:00.000', State: 'Stopped' }, 9);
    const r = run([fakeRule(sigmaMeta('r-state', 'low'), (e) => e.event_id === 4)], [ev]);
    const f = r.findings[0]!;
    expect(f).toMatchObject({ process_guid: '', process_name: '', process_start_in_evidence: false, process_join: 'none', count: 1, level: 'low', risk_score: 25 });
    expect(f.pivots.timeline.entries).toEqual([]);
    expect(f.pivots.tree.process).toBeNull();
  });

  it('caps listed events per finding at the earliest ones, whatever the batch order (events_truncated), but counts every one', () => {
    const rule = fakeRule(sigmaMeta('r-all', 'low'), () => true);
    const events = Array.from({ length: 45 }, (_, i) => start('WS1', CHILD, 'C:\\a.exe', i, i + 1)).reverse();
    const f = run([rule], events, { sigmaLimits: { maxEventsPerFinding: 10 } }).findings[0]!;
    expect(f.count).toBe(45);
    expect(f.events.map((e) => e.record_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(f.events_truncated).toBe(true);
  });

  it('caps the number of findings and counts the matches it could not keep', () => {
    const rule = fakeRule(sigmaMeta('r-all', 'low'), () => true);
    const events = Array.from({ length: 5 }, (_, i) => start(`HOST${i}`, CHILD, 'C:\\a.exe', i, i + 1));
    const r = run([rule], events, { sigmaLimits: { maxFindings: 2 } });
    expect(r.findings.filter((f) => f.source === 'sigma')).toHaveLength(2);
    expect(r.stats.dropped.sigmaMatches).toBe(3);
  });

  it('a rule whose matcher throws is counted with its message; the other rules still match', () => {
    const bad = fakeRule(sigmaMeta('r-bad', 'high'), () => { throw new Error('boom'); });
    const good = fakeRule(sigmaMeta('r-good', 'high'), () => true);
    const r = run([bad, good], [start('WS1', CHILD, 'C:\\a.exe', 1, 1), start('WS1', CHILD, 'C:\\a.exe', 2, 2)]);
    expect(r.findings.map((f) => f.rule_id)).toEqual(['r-good']);
    expect(r.stats.sigma!.ruleErrors).toEqual([{ rule_id: 'r-bad', path: 'rules/windows/r-bad.yml', message: 'boom', count: 2 }]);
  });

  it('suppressions apply to Sigma findings (by rule id, by level, by author), flagged and kept', () => {
    const sups = parseSuppressions({
      version: 1, suppressions: [
        { id: 's1', rule_ids: ['r-a'], when: { field: 'dest', op: 'equals', value: 'WS1' }, author: 'me', reason: 'lab host', date: '2026-01-01' },
        { id: 's2', when: { field: 'level', op: 'equals', value: 'low' }, author: 'me', reason: 'noise', date: '2026-01-01' },
        { id: 's3', when: { field: 'rule_author', op: 'equals', value: 'Noisy Author' }, author: 'me', reason: 'noisy', date: '2026-01-01' },
      ],
    });
    const rules = [
      fakeRule(sigmaMeta('r-a', 'high'), () => true),
      fakeRule(sigmaMeta('r-b', 'low'), () => true),
      fakeRule(sigmaMeta('r-c', 'high', { author: 'Noisy Author' }), () => true),
      fakeRule(sigmaMeta('r-d', 'high'), () => true),
    ];
    const r = run(rules, [start('WS1', CHILD, 'C:\\a.exe', 1, 1)], {}, sups);
    const by = new Map(r.findings.map((f) => [f.rule_id, f.suppressed_by?.id ?? null]));
    expect(Object.fromEntries(by)).toEqual({ 'r-a': 's1', 'r-b': 's2', 'r-c': 's3', 'r-d': null });
    expect(r.stats.sigma!.suppressed).toBe(3);
  });

  it('built-in findings keep their fields and say source builtin, level from risk; Sigma findings sort with them by risk', () => {
    const target = 'HKU\\S-1-5-21-1\\Software\\Classes\\CLSID\\{89565275-A714-4a43-912E-978B935EDCCC}\\InProcServer32\\(Default)';
    const write = sysmon(13, 'WS1', { EventType: 'SetValue', UtcTime: '2026-03-01 10:00:10.000', ProcessGuid: CHILD, ProcessId: '102', Image: 'C:\\x\\powershell.exe', TargetObject: target, Details: 'C:\\Users\\a\\x.dll' }, 5);
    const r = run([
      fakeRule(sigmaMeta('r-crit', 'critical'), (e) => e.event_id === 13),
      fakeRule(sigmaMeta('r-info', 'informational'), (e) => e.event_id === 13),
    ], [start('WS1', CHILD, 'C:\\x\\powershell.exe', 5, 2), write]);
    const seed = r.findings.find((f) => f.rule_id === '127c8d08-25ff-11ec-9223-acde48001122')!;
    expect(seed).toMatchObject({ source: 'builtin', sigma: null, level: 'high', registry_value_data: 'C:\\Users\\a\\x.dll', events_truncated: false });
    const scores = r.findings.map((f) => f.risk_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(r.findings[0]!.rule_id).toBe('r-crit');
    expect(r.findings.at(-1)!.rule_id).toBe('r-info');
    const sig = r.findings.find((f) => f.rule_id === 'r-crit')!;
    expect(sig).toMatchObject({ registry_path: target, registry_value_name: '(Default)', registry_value_data: 'C:\\Users\\a\\x.dll', registry_key_name: 'InProcServer32' });
  });

  it('without a rule set the session reports no Sigma stats', () => {
    const intel = builtinIntel();
    const s = new DetectionSession(builtinRuleset(intel), intel);
    s.add([start('WS1', CHILD, 'C:\\a.exe', 1, 1)]);
    expect(s.finish().stats.sigma).toBeNull();
  });
});
