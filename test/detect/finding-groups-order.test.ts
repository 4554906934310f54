/**
 * Built-in findings do not depend on the order batches arrive in either: a COM-hijack row with
 * more writers, sample events and distinct values than it keeps gives the same finding (writers,
 * samples, values, counts, the dropped-writer count) in any order and partition.
 */
import { describe, expect, it } from 'vitest';
import { builtinIntel, builtinRuleset, DetectionSession } from '../../src-main/detect/index';
import { FindingGroups } from '../../src-main/detect/finding-groups';
import type { NormalisedEvent } from '../../src-main/model/event';
import { sysmon } from './helpers';

const CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';
const RULE = '127c8d08-25ff-11ec-9223-acde48001122';

function writes(): NormalisedEvent[] {
  const out: NormalisedEvent[] = [];
  for (let i = 0; i < 240; i++) {
    out.push(sysmon(13, 'WS1', {
      EventType: 'SetValue', UtcTime: `2024-05-01 10:${String(Math.floor(i / 30)).padStart(2, '0')}:${String(i % 30).padStart(2, '0')}.000`,
      ProcessGuid: `{AAAAAAAA-1111-2222-3333-${String(i % 40).padStart(12, '0')}}`, ProcessId: String(100 + (i % 40)),
      Image: 'C:\\Windows\\SysWOW64\\regsvr32.exe', TargetObject: `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`,
      Details: `C:\\Users\\u\\x${i % 33}.dll`,
    }, 1 + i, `e${i % 3}.evtx`));
  }
  return out;
}

function run(batches: NormalisedEvent[][]) {
  const intel = builtinIntel();
  const s = new DetectionSession(builtinRuleset(intel), intel, undefined, { maxWritersPerGroup: 7, today: '2026-06-01' });
  for (const b of batches) s.add(b);
  const r = s.finish();
  return { findings: r.findings.filter((f) => f.rule_id === RULE), dropped: r.stats.dropped.writers };
}

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let a = seed;
  for (let i = out.length - 1; i > 0; i--) {
    a = (a * 1103515245 + 12345) % 2147483648;
    const j = a % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('built-in findings: independent of batch order', () => {
  it('same writers, samples, values and counts in any order and partition', () => {
    const events = writes();
    const ref = run([events]);
    expect(ref.findings.length).toBeGreaterThan(0);
    const f = ref.findings[0]!;
    expect(f.events_truncated).toBe(true); // 240 writes, 50 samples
    expect(ref.dropped).toBeGreaterThan(0); // 40 writers, 7 kept
    for (const seed of [1, 2, 3, 4]) {
      const mixed = shuffled(events, seed);
      const batches: NormalisedEvent[][] = [];
      for (let i = 0; i < mixed.length; i += 1 + (seed * 13 + i) % 37) batches.push(mixed.slice(i, i + 1 + (seed * 13 + i) % 37));
      const other = run(batches);
      expect(JSON.stringify(other.findings)).toBe(JSON.stringify(ref.findings));
      expect(other.dropped).toBe(ref.dropped);
    }
    const rev = run([...events].reverse().map((e) => [e]));
    expect(JSON.stringify(rev.findings)).toBe(JSON.stringify(ref.findings));
  });
});

describe('built-in findings: a record read twice', () => {
  // The same records in an .evtx and its XML export: whichever file's batches arrive first, the
  // finding counts each record once and cites the copy whose evidence path sorts first.
  it('is counted once and cited by the copy that sorts first, in either order of arrival', () => {
    const events = writes().slice(0, 60);
    const copy = (e: NormalisedEvent, evidence: string): NormalisedEvent => ({ ...e, evidence });
    const evtx = events.map((e) => copy(e, 'WS1/Microsoft-Windows-Sysmon%4Operational.evtx'));
    const xml = events.map((e) => copy(e, 'WS1/sysmon-export.xml'));
    const evtxFirst = run([evtx, xml]);
    const xmlFirst = run([xml, evtx]);
    const interleaved = run(events.map((_, i) => [i % 2 === 0 ? xml[i]! : evtx[i]!, i % 2 === 0 ? evtx[i]! : xml[i]!]));
    expect(evtxFirst.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(xmlFirst.findings)).toBe(JSON.stringify(evtxFirst.findings));
    expect(JSON.stringify(interleaved.findings)).toBe(JSON.stringify(evtxFirst.findings));
    const f = xmlFirst.findings[0]!;
    expect(f.count).toBe(60); // each record once
    expect(new Set(f.events.map((e) => e.evidence))).toEqual(new Set(['WS1/Microsoft-Windows-Sysmon%4Operational.evtx']));
    expect(JSON.stringify(f)).not.toContain('sysmon-export.xml');
  });
});

describe('built-in rows: what the first event of a row gave does not decide', () => {
  const rule = builtinRuleset(builtinIntel()).rules.find((r) => r.id === RULE)!;
  const bagOf = (processName: string | null, user: string | null, guid: string): Record<string, string | number | boolean | null> => ({
    dest: 'WS1', process_name: processName, registry_path: 'HKCU\\x', registry_key_name: 'InProcServer32', registry_value_name: '(Default)', user,
    process_guid: guid, process_id: 1, process_path: 'C:\\a.exe', registry_value_data: 'C:\\a.dll',
  });
  const event = (rec: number, time: string, file: string) => sysmon(13, 'WS1', { EventType: 'SetValue', UtcTime: time, ProcessGuid: '{A}', Image: 'C:\\a.exe', TargetObject: 'HKCU\\x', Details: 'C:\\a.dll' }, rec, file);

  it('a row whose events give a key value as null and as \'\' shows the one of its event that sorts first', () => {
    const adds = [
      () => [bagOf('', 'bob', '{A}'), event(5, '2024-05-01 10:00:01.000', 'b.evtx')] as const,
      () => [bagOf(null, 'bob', '{A}'), event(6, '2024-05-01 10:00:00.000', 'a.evtx')] as const,
    ];
    const rows = (order: number[]) => {
      const fg = new FindingGroups();
      for (const i of order) { const [b, e] = adds[i]!(); fg.add(rule, b, e, null); }
      return fg.resolveUsers(() => undefined).map((g) => [g.keyValues, g.count]);
    };
    expect(rows([0, 1])).toEqual([[expect.objectContaining({ process_name: null }), 2]]);
    expect(rows([1, 0])).toEqual(rows([0, 1]));
  });
});
