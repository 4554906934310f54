/**
 * The arrival-order property on crafted evidence that engages every bound of the detection
 * session at once (writers, samples, Sigma findings, listed events, guids, timelines per process
 * and in total, file references, image loads, registry references, correlation-free rule errors):
 * hosts spelled differently by different logs, records read twice across files (an .evtx and its
 * export), events without time, the same time in different files, GUID-less Security starts and
 * stops, a Sigma rule that throws on some events. The findings (pivots included) and the stats
 * are the same in path order, reversed, shuffled, split and interleaved, and one event at a time.
 */
import { describe, expect, it } from 'vitest';
import { builtinIntel, builtinRuleset, DetectionSession } from '../../src-main/detect/index';
import type { DetectionOptions } from '../../src-main/detect/index';
import type { NormalisedEvent } from '../../src-main/model/event';
import type { EventValue } from '../../src-main/model/raw-event';
import { emptyRawEvent, normaliseEvent } from '../../src-main/model/index';
import { sysmon } from './helpers';
import { fakeRule, fakeRuleSet, sigmaMeta } from './sigma-fake';
import { arrivalOrders, firstDifference } from '../case/arrival-order';

const CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';
const guid = (n: number) => `{AAAAAAAA-1111-2222-3333-${String(n).padStart(12, '0')}}`;
const at = (sec: number) => `2024-05-01 10:${String(Math.floor(sec / 60) % 60).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}.000`;

function security(eventId: number, host: string, data: Record<string, EventValue>, time: string | null, rec: number, evidence: string): NormalisedEvent {
  return normaliseEvent({ ...emptyRawEvent(), EventRecordID: rec, EventID: eventId, Provider: { Name: 'Microsoft-Windows-Security-Auditing', Guid: null, EventSourceName: null }, Channel: 'Security', Computer: host, TimeCreated: time, EventData: data }, { evidence });
}

function evidence(): NormalisedEvent[] {
  const out: NormalisedEvent[] = [];
  const hosts = ['WS1', 'ws1', 'WS2'];
  for (let p = 1; p <= 40; p++) {
    const host = hosts[p % 3]!;
    const file = `${host}/sysmon${p % 2}.evtx`;
    const timed = p % 7 !== 0; // some events without time
    const start = { ...(timed ? { UtcTime: at(p % 20) } : {}), ProcessGuid: guid(p), ProcessId: String(100 + p), Image: `C:\\tools\\p${p % 6}.exe`, CommandLine: `p${p % 6} #${p}`, User: 'CORP\\bob', ParentProcessGuid: guid(p > 3 ? p % 3 + 1 : 0), ParentProcessId: '1', ParentImage: 'C:\\parent.exe' };
    out.push(sysmon(1, host, start, 1000 + p, file));
    if (p % 5 === 0) out.push(sysmon(1, host, start, 1000 + p, `${host}/export.xml`)); // the same record in an export
    for (let i = 0; i < 6; i++) {
      const sec = (p + i * 3) % 20; // the same times in different files
      out.push(sysmon(11, host, { UtcTime: at(sec), ProcessGuid: guid(p), ProcessId: String(100 + p), Image: `C:\\tools\\p${p % 6}.exe`, TargetFilename: `C:\\Users\\Public\\lib${i % 3}.dll` }, 2000 + p * 10 + i, file));
      out.push(sysmon(7, host, { UtcTime: at(sec), ProcessGuid: guid(p), ProcessId: String(100 + p), Image: `C:\\tools\\p${p % 6}.exe`, ImageLoaded: `C:\\Users\\Public\\lib${i % 3}.dll` }, 3000 + p * 10 + i, `${host}/other${i % 2}.evtx`));
    }
    for (let i = 0; i < 4; i++) {
      const w = sysmon(13, host, {
        EventType: 'SetValue', ...(timed || i > 0 ? { UtcTime: at((p * 3 + i) % 20) } : {}), ProcessGuid: guid(p), ProcessId: String(100 + p),
        Image: 'C:\\Windows\\SysWOW64\\regsvr32.exe', TargetObject: `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`,
        Details: `C:\\Users\\Public\\lib${(p + i) % 3}.dll`,
      }, 4000 + p * 10 + i, file);
      out.push(w);
      if ((p + i) % 4 === 0) out.push(sysmon(13, host, { ...Object.fromEntries(Object.entries(w.data)) as Record<string, EventValue> }, 4000 + p * 10 + i, `${host}/export.xml`));
    }
    out.push(sysmon(5, host, { UtcTime: at(19), ProcessGuid: guid(p), ProcessId: String(100 + p), Image: `C:\\tools\\p${p % 6}.exe` }, 5000 + p, file));
  }
  // GUID-less Security starts, stops and writes of reused PIDs.
  for (let k = 0; k < 6; k++) {
    const pid = `0x${(0x100 + (k % 2)).toString(16)}`;
    out.push(security(4688, 'WS2', { SubjectUserName: `u${k}`, SubjectDomainName: 'CORP', NewProcessId: pid, NewProcessName: 'C:\\Windows\\SysWOW64\\regsvr32.exe', CommandLine: `regsvr32 #${k}`, ProcessId: '0x4' }, `2024-05-01T10:0${k}:00.0000000Z`, 600 + k, 'WS2/security.evtx'));
    out.push(security(4689, 'WS2', { ProcessId: pid, ProcessName: 'C:\\Windows\\SysWOW64\\regsvr32.exe' }, `2024-05-01T10:0${k}:40.0000000Z`, 700 + k, 'WS2/security.evtx'));
    out.push(security(4657, 'WS2', {
      SubjectUserName: '-', SubjectDomainName: '-', ObjectName: `\\REGISTRY\\USER\\S-1-5-21-1\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32`, ObjectValueName: '(Default)',
      OperationType: '%%1905', NewValue: `C:\\Users\\Public\\sec${k}.dll`, ProcessId: pid, ProcessName: 'C:\\Windows\\SysWOW64\\regsvr32.exe',
    }, `2024-05-01T10:0${k}:${k % 2 ? '50' : '20'}.0000000Z`, 800 + k, 'WS2/security.evtx'));
  }
  return out;
}

const SIGMA = fakeRuleSet([
  fakeRule(sigmaMeta('r-start', 'high'), (e) => e.view?.kind === 'process' && e.view.action === 'start'),
  fakeRule(sigmaMeta('r-file', 'medium'), (e) => e.view?.kind === 'filesystem'),
  fakeRule(sigmaMeta('r-load', 'low'), (e) => e.view?.kind === 'image_load'),
  fakeRule(sigmaMeta('r-host', 'low'), (e) => (e.record_id ?? 0) % 3 === 0),
  // Throws on some events, with a message naming the event: the error reported does not depend on which came first.
  fakeRule(sigmaMeta('r-throws', 'low'), (e) => { if ((e.record_id ?? 0) % 4 === 1) throw new Error(`bad value in ${e.evidence}#${e.record_id}`); return false; }),
]);

const BOUNDS: DetectionOptions = {
  maxProcesses: 25, maxWritersPerGroup: 3, maxTimelinePerProcess: 4, maxTimelineEntries: 60, maxFileRefs: 12, maxImageLoads: 12, maxRegistryRefs: 6, maxRefsPerFileName: 5,
  maxIdentities: 100_000, // past it a record read twice may be stored twice (documented): not this test's subject
  sigmaLimits: { maxFindings: 6, maxEventsPerFinding: 4, maxStoredEvents: 14, maxGuidsPerFinding: 2 },
};

function triage(batches: readonly (readonly NormalisedEvent[])[]): string {
  const intel = builtinIntel();
  const s = new DetectionSession(builtinRuleset(intel), intel, undefined, { ...BOUNDS, today: '2026-06-01', sigma: SIGMA });
  for (const b of batches) s.add(b);
  const r = s.finish();
  return JSON.stringify({ findings: r.findings, stats: r.stats }, null, 1);
}

describe('detection session: the same result in any arrival order, every bound engaged', () => {
  it('findings, pivots and stats', () => {
    const events = evidence();
    const orders = arrivalOrders([events.slice(0, 150), events.slice(150, 300), events.slice(300)], { seeds: [1, 2, 3], oneByOne: true });
    const ref = triage(orders[0]!.batches);
    const r = JSON.parse(ref) as { findings: unknown[]; stats: { dropped: Record<string, number>; sigma: { ruleErrors: unknown[] } } };
    expect(r.findings.length).toBeGreaterThan(5);
    for (const k of ['processes', 'timelineEntries', 'fileRefs', 'imageLoads', 'writers', 'sigmaMatches']) expect(r.stats.dropped[k], k).toBeGreaterThan(0);
    expect(r.stats.sigma.ruleErrors).toHaveLength(1);
    for (const o of orders.slice(1)) expect(firstDifference(ref, triage(o.batches)), o.name).toBeNull();
  });
});
