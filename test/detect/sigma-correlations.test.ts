/**
 * Sigma correlation rules wired into a triage, end to end: crafted Sigma YAML in a temp folder
 * loaded as `--rules` would be (loadTriageRules: base rules, correlations, refused documents),
 * crafted events through the DetectionSession, correlation findings out (event_count grouped by
 * a field, temporal_ordered grouped by host), positive and negative, base findings suppressed by
 * `generate: false`, a Security 4688 copy grouped through the logsource's field mapping, and
 * the findings validated against the shared contract.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIGMA_LOADER, loadTriageRules } from '../../src-main/case/triage-rules';
import type { TriageRules } from '../../src-main/case/triage-rules';
import { DetectionSession, emptySuppressions, parseSuppressions } from '../../src-main/detect/index';
import type { SuppressionList } from '../../src-main/detect/index';
import { sigmaRuleInfo } from '../../src-main/case/case-findings';
import { stableFindingId } from '../../src-main/detect/finding-id';
import { emptyRawEvent, normaliseEvent } from '../../src-main/model/index';
import type { NormalisedEvent, RawEvent } from '../../src-main/model/index';
import {
  BASE, CORRELATIONS, NET, PS, WHOAMI, correlationFindings as corrFindings, detectWithCorrelations, loadedCorrelationRules, nextRecordId, start,
} from '../helpers/sigma-correlation-rules';

/** The same process start as Security 4688 writes it (NewProcessName, no User field). */
function security4688(host: string, image: string, at: string): NormalisedEvent {
  const raw: RawEvent = {
    ...emptyRawEvent(), EventRecordID: nextRecordId(), EventID: 4688, Channel: 'Security', Computer: host,
    Provider: { Name: 'Microsoft-Windows-Security-Auditing', Guid: null, EventSourceName: null },
    EventData: { NewProcessName: image, NewProcessId: '0x44', ParentProcessName: 'C:\\Windows\\explorer.exe', CommandLine: image, SubjectUserName: 'alice' },
    TimeCreated: `2026-03-01T10:${at}.000Z`,
  };
  return normaliseEvent(raw, { evidence: 'security.evtx' });
}

const loaded = loadedCorrelationRules();
let rules: TriageRules;
beforeAll(() => { rules = loaded(); });

const run = (events: NormalisedEvent[], sups: SuppressionList = emptySuppressions(), withCorrelations = true) => detectWithCorrelations(rules, events, sups, withCorrelations);

describe('Sigma correlations in a triage', () => {
  it('loads the correlations once; a refused document is a listed Sigma load error', () => {
    expect(rules.correlations!.rules.map((c) => c.title).sort()).toEqual(['Many PowerShell starts by one user', 'Recon in order on one host']);
    const errs = rules.info!.errors.filter((e) => e.path.endsWith('bad.yml'));
    expect(errs.map((e) => [e.id, e.code]).sort()).toEqual([
      ['0b7e0f55-0000-4000-8000-0000000000b1', 'unsupported-correlation'],
      ['0b7e0f55-0000-4000-8000-0000000000b2', 'unknown-rule'],
    ]);
    expect(rules.info!.rules_failed).toBeGreaterThanOrEqual(2);
  });

  it('event_count grouped by User: fires for the user with 3 starts in 5 minutes, names the type, group and count; base findings suppressed', () => {
    const r = run([
      start('WS1', PS, '00:00'), start('WS1', PS, '01:00'), start('WS1', PS, '02:00'), // alice: 3 within 5m
      start('WS1', PS, '00:30', 'CORP\\bob'), start('WS1', PS, '01:30', 'CORP\\bob'), // bob: only 2
    ]);
    const corr = corrFindings(r).filter((f) => f.sigma!.correlation!.type === 'event_count');
    expect(corr).toHaveLength(1);
    const f = corr[0]!;
    expect(f).toMatchObject({ source: 'sigma', level: 'high', rule_id: '0b7e0f55-0000-4000-8000-0000000000c1', dest: 'WS1', count: 3, mitre: ['T1059.001'] });
    expect(f.sigma).toMatchObject({ author: 'Corr Author', status: 'experimental', correlation: { type: 'event_count', group_by: ['User'], timespan: '5m', rules: ['ps_start'] } });
    expect(f.firstTime).toBe('2026-03-01T10:00:00.0000000Z');
    expect(f.lastTime).toBe('2026-03-01T10:02:00.0000000Z');
    expect(f.events.map((e) => e.time)).toEqual(['2026-03-01T10:00:00.0000000Z', '2026-03-01T10:01:00.0000000Z', '2026-03-01T10:02:00.0000000Z']);
    expect(f.events_truncated).toBe(false);
    expect(f.message).toContain('event_count');
    expect(f.message).toContain('User=CORP\\alice');
    expect(f.message).toContain('3 events');
    // generate: false (the default): ps_start has no findings of its own.
    expect(r.findings.some((x) => x.rule_id === '0b7e0f55-0000-4000-8000-000000000001')).toBe(false);
    expect(r.stats.sigma!.correlations).toMatchObject({ rules: 2, findings: 1, suppressedBaseFindings: 1 });
    // Without the correlations wired, the base rule's finding comes back and no correlation finding is made.
    const plain = run([start('WS1', PS, '00:00')], emptySuppressions(), false);
    expect(plain.findings.filter((x) => x.rule_id === '0b7e0f55-0000-4000-8000-000000000001')).toHaveLength(1);
  });

  it('one finding per group on the same host, each with its own stable id', () => {
    const r = run([
      start('WS1', PS, '00:00'), start('WS1', PS, '01:00'), start('WS1', PS, '02:00'),
      start('WS1', PS, '00:00', 'CORP\\bob'), start('WS1', PS, '01:00', 'CORP\\bob'), start('WS1', PS, '02:00', 'CORP\\bob'),
    ]);
    const f = corrFindings(r);
    expect(f.map((x) => x.message.match(/User=(\S+),?/)![1]).sort()).toEqual(['CORP\\alice', 'CORP\\bob']);
    expect(new Set(f.map(stableFindingId)).size).toBe(2);
    // The app's view of the rule carries the correlation too.
    expect(sigmaRuleInfo(f[0]!.sigma!).correlation).toEqual({ type: 'event_count', group_by: ['User'], timespan: '5m', rules: ['ps_start'] });
  });

  it('event_count: no finding below the threshold, nor when the starts are spread wider than the timespan', () => {
    expect(corrFindings(run([start('WS1', PS, '00:00'), start('WS1', PS, '01:00')]))).toHaveLength(0);
    expect(corrFindings(run([start('WS1', PS, '00:00'), start('WS1', PS, '04:00'), start('WS1', PS, '08:00')]))).toHaveLength(0);
  });

  it('groups across hosts: dest from the events, the message says they span hosts', () => {
    const r = run([start('WS1', PS, '00:00'), start('WS2', PS, '01:00'), start('WS3', PS, '02:00')]);
    const f = corrFindings(r)[0]!;
    expect(f.count).toBe(3);
    expect(f.dest).toBe('WS1');
    expect(f.message).toContain('across 3 hosts (WS1, WS2, WS3)');
  });

  it('reads group-by fields through the rule’s field mapping: a Security 4688 copy groups with the Sysmon starts', () => {
    const corrImage = rules.correlations!.rules.find((c) => c.type === 'event_count')!;
    const byImage = { ...corrImage, groupBy: ['Image'] };
    const s = new DetectionSession(rules.ruleset, rules.intel, emptySuppressions(), { sigma: rules.sigma, sigmaCorrelations: { rules: [byImage], errors: [], extraRules: [] } });
    s.add([start('WS1', PS, '00:00'), start('WS1', PS, '01:00', 'CORP\\bob'), security4688('WS1', PS, '02:00')]);
    const f = corrFindings(s.finish());
    expect(f).toHaveLength(1);
    expect(f[0]!.count).toBe(3);
    expect(f[0]!.message).toContain(`Image=${PS}`);
  });

  it('temporal_ordered by Computer: whoami then net fires; the wrong order or other hosts do not; generate: true keeps base findings', () => {
    const r = run([start('WS1', WHOAMI, '00:00'), start('WS1', NET, '03:00')]);
    const f = corrFindings(r);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ level: 'medium', dest: 'WS1', count: 2 });
    expect(f[0]!.sigma!.correlation).toEqual({ type: 'temporal_ordered', group_by: ['Computer'], timespan: '10m', rules: ['whoami_start', 'net_start'] });
    expect(f[0]!.message).toContain('Computer=WS1');
    expect(r.findings.filter((x) => x.rule_name === 'Whoami started' || x.rule_name === 'Net started')).toHaveLength(2);

    expect(corrFindings(run([start('WS1', NET, '00:00'), start('WS1', WHOAMI, '03:00')]))).toHaveLength(0);
    expect(corrFindings(run([start('WS1', WHOAMI, '00:00'), start('WS2', NET, '03:00')]))).toHaveLength(0);
    expect(corrFindings(run([start('WS1', WHOAMI, '00:00'), start('WS1', NET, '11:00')]))).toHaveLength(0);
  });

  it('a record read twice (an .evtx and its export) counts once', () => {
    const a = start('WS1', PS, '00:00');
    const b = start('WS1', PS, '01:00');
    const copy = { ...b, evidence: 'export.xml' };
    expect(corrFindings(run([a, b, copy]))).toHaveLength(0);
  });

  it('a record read twice is cited by the copy whose evidence sorts first, whichever arrived first', () => {
    const evs = [start('WS1', PS, '00:00'), start('WS1', PS, '01:00'), start('WS1', PS, '02:00')];
    const exported = evs.map((e) => ({ ...e, evidence: 'WS1/export.xml' }));
    const native = evs.map((e) => ({ ...e, evidence: 'WS1/Microsoft-Windows-Sysmon%4Operational.evtx' }));
    const cited = (events: NormalisedEvent[]) => corrFindings(run(events)).filter((f) => f.sigma!.correlation!.type === 'event_count');
    const exportFirst = cited([...exported, ...native]);
    const nativeFirst = cited([...native, ...exported]);
    expect(exportFirst).toHaveLength(1);
    expect(exportFirst[0]!.count).toBe(3);
    expect(new Set(exportFirst[0]!.events.map((e) => e.evidence))).toEqual(new Set(['WS1/Microsoft-Windows-Sysmon%4Operational.evtx']));
    expect(JSON.stringify(exportFirst)).toBe(JSON.stringify(nativeFirst));
  });

  it('a referenced rule below --min-level runs for its correlation only (no finding of its own)', async () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'corr-wire-level-'));
    try {
      writeFileSync(path.join(d, 'base.yml'), BASE);
      writeFileSync(path.join(d, 'correlations.yml'), CORRELATIONS);
      const high = await loadTriageRules({ paths: [d], bundledSigma: false, minLevel: 'high' }, DEFAULT_SIGMA_LOADER);
      expect(high.sigma!.rules).toHaveLength(0); // every base rule is low: none runs on its own
      expect(high.correlations!.extraRules.map((r) => r.meta.name).sort()).toEqual(['net_start', 'ps_start', 'whoami_start']);
      const s = new DetectionSession(high.ruleset, high.intel, emptySuppressions(), { sigma: high.sigma, sigmaCorrelations: high.correlations });
      s.add([start('WS1', PS, '00:00'), start('WS1', PS, '01:00'), start('WS1', PS, '02:00'), start('WS1', WHOAMI, '03:00')]);
      const r = s.finish();
      expect(r.findings.filter((f) => f.source === 'sigma').map((f) => f.rule_name)).toEqual(['Many PowerShell starts by one user']);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('hostile volumes stay bounded: matches beyond the engine’s cap are counted, long group values are cut in the message', () => {
    const long = `CORP\\${'x'.repeat(100_000)}`;
    const events: NormalisedEvent[] = [];
    for (const u of ['a', 'b', 'c', 'd', long]) for (const at of ['00:00', '01:00', '02:00']) events.push(start('WS1', PS, at, u));
    const s = new DetectionSession(rules.ruleset, rules.intel, emptySuppressions(), { sigma: rules.sigma, sigmaCorrelations: rules.correlations, correlationLimits: { maxMatchesPerRule: 3 } });
    s.add(events);
    const r = s.finish();
    expect(corrFindings(r)).toHaveLength(3);
    expect(r.stats.sigma!.correlations!.engine.droppedMatches).toBe(2);
    const one = corrFindings(run(['00:00', '01:00', '02:00'].map((at) => start('WS1', PS, at, long))));
    expect(one).toHaveLength(1);
    expect(one[0]!.message).toContain('User=CORP\\xxxx');
    expect(one[0]!.message.length).toBeLessThan(5_000);
  });

  it('a chained correlation: the outer one’s finding lists the inner one’s events; the inner one has no finding of its own', async () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'corr-wire-chain-'));
    try {
      writeFileSync(path.join(d, 'base.yml'), BASE);
      writeFileSync(path.join(d, 'correlations.yml'), `${CORRELATIONS}
---
title: PowerShell burst then whoami by the same user
id: 0b7e0f55-0000-4000-8000-0000000000c3
level: critical
author: Chain Author
correlation:
  type: temporal_ordered
  rules: [0b7e0f55-0000-4000-8000-0000000000c1, whoami_start]
  group-by: [User]
  timespan: 10m
`);
      const chain = await loadTriageRules({ paths: [d], bundledSigma: false, minLevel: 'informational' }, DEFAULT_SIGMA_LOADER);
      const s = new DetectionSession(chain.ruleset, chain.intel, emptySuppressions(), { sigma: chain.sigma, sigmaCorrelations: chain.correlations });
      s.add([start('WS1', PS, '00:00'), start('WS1', PS, '01:00'), start('WS1', PS, '02:00'), start('WS1', WHOAMI, '04:00')]);
      const f = corrFindings(s.finish());
      expect(f.map((x) => x.rule_name)).toEqual(['PowerShell burst then whoami by the same user']);
      expect(f[0]!.events.map((e) => e.time)).toEqual(['00:00', '01:00', '02:00', '04:00'].map((t) => `2026-03-01T10:${t}.0000000Z`));
      expect(f[0]!.count).toBe(2); // the inner match and the whoami start
      expect(f[0]!.firstTime).toBe('2026-03-01T10:00:00.0000000Z');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('suppressions apply to correlation findings', () => {
    const sups = parseSuppressions({ version: 1, suppressions: [{ id: 'lab', rule_ids: ['0b7e0f55-0000-4000-8000-0000000000c1'], when: { field: 'dest', op: 'equals', value: 'ws1' }, author: 't', reason: 'lab', date: '2026-01-01' }] });
    const r = run([start('WS1', PS, '00:00'), start('WS1', PS, '01:00'), start('WS1', PS, '02:00')], sups);
    expect(corrFindings(r)[0]!.suppressed).toBe(true);
  });
});
