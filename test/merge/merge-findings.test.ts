/** The merge rule of findings seen by several documents (merge-findings.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { FindingMerger, MAX_MERGED_EVENTS, MAX_UNION_EVENTS } from '../../src-main/merge/merge-findings';
import type { InputFinding } from '../../src-main/merge/read-triage-document';

const open: FindingMerger[] = [];
/** A merger whose spill file is removed after the test. */
const merger = () => { const m = new FindingMerger(); open.push(m); return m; };
afterEach(() => { for (const m of open.splice(0)) m.close(); });
const ev = (record: number, time: string, evidence = 'S/Sysmon.evtx') => ({ evidence, record_id: record, event_id: 13, time, process_guid: null });
function finding(over: Partial<InputFinding>): InputFinding {
  return {
    finding_id: 'f1', rule_id: 'r', rule_name: 'R', mitre: [], risk_score: 50, dest: 'H', count: 1, firstTime: '2026-01-01T00:00:00Z',
    lastTime: '2026-01-01T00:00:00Z', suppressed: false, pivots: { dll_created_by: [], dll_loaded_by: [] }, ...over,
  } as InputFinding;
}

describe('FindingMerger', () => {
  it('unions complete copies by (evidence, record_id): count = distinct events, first/last = min/max', () => {
    const m = merger();
    m.add(finding({ count: 2, events: [ev(1, '2026-01-01T00:00:01Z'), ev(2, '2026-01-01T00:00:02Z')], firstTime: '2026-01-01T00:00:01Z', lastTime: '2026-01-01T00:00:02Z' }), 'A');
    m.add(finding({ count: 2, events: [ev(2, '2026-01-01T00:00:02Z'), ev(3, '2026-01-01T00:00:03Z')], firstTime: '2026-01-01T00:00:02Z', lastTime: '2026-01-01T00:00:03Z' }), 'B');
    const [f] = [...m.findings()];
    expect(f).toMatchObject({ count: 3, firstTime: '2026-01-01T00:00:01Z', lastTime: '2026-01-01T00:00:03Z', events_truncated: false, count_basis: 'distinct_events', source_documents: ['A', 'B'] });
    expect((f!.events as { record_id: number }[]).map((e) => e.record_id)).toEqual([1, 2, 3]);
    expect(m.duplicates).toBe(1);
  });

  it('a record held by two files (an .evtx and its export) is one event; the same record id at another time is another', () => {
    const m = merger();
    m.add(finding({ count: 1, events: [ev(7, '2026-01-01T00:00:01Z', 'a.evtx')] }), 'A');
    m.add(finding({ count: 1, events: [ev(7, '2026-01-01T00:00:01Z', 'a-export.xml')] }), 'B');
    expect([...m.findings()][0]!.count).toBe(1);
    m.add(finding({ count: 1, events: [ev(7, '2026-01-02T00:00:01Z', 'other.evtx')] }), 'C');
    expect([...m.findings()][0]!.count).toBe(2);
  });

  it('a record held by two documents\' files is cited by the copy whose evidence sorts first, in either document order', () => {
    for (const order of [['A', 'B'], ['B', 'A']]) {
      const m = merger();
      const copies: Record<string, InputFinding> = {
        A: finding({ count: 2, events: [ev(7, '2026-01-01T00:00:01Z', 'b.evtx'), ev(8, '2026-01-01T00:00:02Z', 'b.evtx')] }),
        B: finding({ count: 1, events: [ev(7, '2026-01-01T00:00:01Z', 'a-export.xml')] }),
      };
      for (const d of order) m.add(copies[d]!, d);
      expect(([...m.findings()][0]!.events as { evidence: string }[]).map((e) => e.evidence)).toEqual(['a-export.xml', 'b.evtx']);
    }
  });

  it('a truncated copy makes the count the largest of the copies (a lower bound) and keeps events_truncated', () => {
    const m = merger();
    m.add(finding({ count: 100, events: [ev(1, '2026-01-01T00:00:01Z')], events_truncated: true }), 'A');
    m.add(finding({ count: 40, events: [ev(2, '2026-01-01T00:00:02Z')] }), 'B');
    expect([...m.findings()][0]).toMatchObject({ count: 100, events_truncated: true, count_basis: 'max_of_documents' });
  });

  it('bounds the union: past MAX_UNION_EVENTS the count is the largest copy’s and the list is capped', () => {
    const m = merger();
    const many = (from: number, n: number) => Array.from({ length: n }, (_, i) => ev(from + i, '2026-01-01T00:00:01Z'));
    m.add(finding({ count: 8000, events: many(0, 8000) }), 'A');
    m.add(finding({ count: 9000, events: many(8000, 9000) }), 'B');
    const [f] = [...m.findings()];
    expect(f).toMatchObject({ count: MAX_UNION_EVENTS, events_truncated: true, count_basis: 'max_of_documents' });
    expect(f!.events).toHaveLength(MAX_MERGED_EVENTS);
  });

  it('takes the descriptive fields from the riskiest copy; suppressed when any copy is', () => {
    const m = merger();
    m.add(finding({ risk_score: 40, message: 'low', events: [ev(1, '2026-01-01T00:00:01Z')] }), 'A');
    m.add(finding({ risk_score: 70, message: 'high', suppressed: true, suppressed_by: { id: 's1' }, events: [ev(1, '2026-01-01T00:00:01Z')] }), 'B');
    expect([...m.findings()][0]).toMatchObject({ risk_score: 70, message: 'high', suppressed: true, suppressed_by: { id: 's1' }, count: 1 });
  });

  it('keeps every analyst annotation: the latest as triage, disagreements in triage_conflicts with their documents', () => {
    const m = merger();
    m.add(finding({ triage: { status: 'confirmed', note: 'implant', by: 'alice', at: '2026-01-02T10:00:00Z' } }), 'A');
    m.add(finding({ triage: { status: 'false_positive', note: 'admin tool', by: 'bob', at: '2026-01-02T09:00:00Z' } }), 'B');
    m.add(finding({ triage: { status: 'confirmed', note: 'implant', by: 'alice', at: '2026-01-02T10:00:00Z' } }), 'C');
    const [f] = [...m.findings()];
    expect(f!.triage).toEqual({ status: 'confirmed', note: 'implant', by: 'alice', at: '2026-01-02T10:00:00Z', source_document: 'A' });
    expect(f!.triage_conflicts).toEqual([
      { status: 'confirmed', note: 'implant', by: 'alice', at: '2026-01-02T10:00:00Z', source_document: 'A' },
      { status: 'false_positive', note: 'admin tool', by: 'bob', at: '2026-01-02T09:00:00Z', source_document: 'B' },
    ]);
    const same = merger();
    same.add(finding({ triage: { status: 'new', note: '', by: 'a', at: '2026-01-01T00:00:00Z' } }), 'A');
    same.add(finding({}), 'B');
    expect([...same.findings()][0]!.triage_conflicts).toBeUndefined();
  });

  it('sorts by risk, then first seen', () => {
    const m = merger();
    m.add(finding({ finding_id: 'a', risk_score: 10 }), 'A');
    m.add(finding({ finding_id: 'b', risk_score: 90, firstTime: '2026-01-03T00:00:00Z' }), 'A');
    m.add(finding({ finding_id: 'c', risk_score: 90, firstTime: '2026-01-02T00:00:00Z' }), 'A');
    expect([...m.findings()].map((f) => f.finding_id)).toEqual(['c', 'b', 'a']);
  });
});
