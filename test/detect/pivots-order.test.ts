/**
 * Pivots do not depend on the order the batches arrived in, also where a bound cuts them: a tree
 * with more descendants than it lists keeps the first by (depth, start time, GUID), a timeline
 * with more events than it keeps keeps the earliest (evidence-store.ts, earliest-buckets.ts).
 */
import { describe, expect, it } from 'vitest';
import { ProcessIndex } from '../../src-main/detect/process-index';
import { EvidenceStore } from '../../src-main/detect/evidence-store';
import { dllPivot, processTimeline, processTree } from '../../src-main/detect/pivots';
import type { NormalisedEvent } from '../../src-main/model/event';
import { sysmon } from './helpers';
import { shuffle } from '../case/arrival-order';

const H = 'WS1';
const g = (n: number) => `{${String(n).padStart(8, '0')}-1111-2222-3333-444444444444}`;
const t = (s: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + s * 1000).toISOString().replace('T', ' ').replace('Z', '');

function start(n: number, parent: number, sec: number, evidence = 'a.evtx'): NormalisedEvent {
  return sysmon(1, H, { UtcTime: t(sec), ProcessGuid: g(n), ProcessId: String(n), Image: `C:\\p${n}.exe`, CommandLine: `p${n}`, ParentProcessGuid: g(parent), ParentProcessId: String(parent), ParentImage: 'C:\\parent.exe' }, 1000 + n, evidence);
}

function fileCreate(n: number, i: number, sec: number, evidence = 'a.evtx', rec = 5000 + i): NormalisedEvent {
  return sysmon(11, H, { UtcTime: t(sec), ProcessGuid: g(n), ProcessId: String(n), Image: `C:\\p${n}.exe`, TargetFilename: `C:\\tmp\\${i}.txt` }, rec, evidence);
}

describe('pivots: independent of arrival order where a bound cuts them', () => {
  it('a tree with more descendants than it lists keeps the first by depth, start time and GUID', () => {
    // Root 1; 30 children (2..31) with 10 grandchildren each: 330 descendants, 200 listed.
    const events = [start(1, 0, 0)];
    for (let c = 2; c <= 31; c++) {
      events.push(start(c, 1, 100 - c)); // later GUIDs start earlier
      for (let k = 0; k < 10; k++) events.push(start(c * 100 + k, c, 200 + ((c * 7 + k * 13) % 50)));
    }
    const treeOf = (evs: NormalisedEvent[]) => {
      const index = new ProcessIndex();
      for (const e of evs) index.add(e);
      return processTree(index, H, g(1), 200);
    };
    const ref = treeOf(events);
    expect(ref.truncated).toBe(true);
    expect(ref.descendants).toHaveLength(200);
    expect(ref.descendants.filter((d) => d.depth === 1)).toHaveLength(30);
    expect(ref.descendants[0]!.process_guid).toBe(g(31)); // the earliest child
    for (const seed of [1, 2, 3]) expect(treeOf(shuffle(events, seed))).toEqual(ref);
    expect(treeOf([...events].reverse())).toEqual(ref);
  });

  it('a timeline with more events than it keeps keeps the earliest, and the total, in any order', () => {
    const events = [start(3, 2, 0), ...Array.from({ length: 60 }, (_, i) => fileCreate(3, i, 1 + ((i * 17) % 60)))];
    const timelineOf = (evs: NormalisedEvent[]) => {
      const store = new EvidenceStore({ maxTimelinePerProcess: 10 });
      for (const e of evs) store.add(e);
      return processTimeline(store, H, g(3));
    };
    const ref = timelineOf(events);
    expect(ref.entries).toHaveLength(10);
    expect(ref.total).toBe(61);
    expect(ref.entries[0]!.kind).toBe('process');
    expect(ref.entries.map((e) => e.time_ms)).toEqual([...ref.entries.map((e) => e.time_ms)].sort((a, b) => a! - b!));
    for (const seed of [1, 2, 3]) expect(timelineOf(shuffle(events, seed))).toEqual(ref);
    expect(timelineOf([...events].reverse())).toEqual(ref);
  });

  it('the total bound over all timelines keeps the earliest entries over all processes', () => {
    const events: NormalisedEvent[] = [];
    for (let p = 1; p <= 6; p++) for (let i = 0; i < 20; i++) events.push(fileCreate(p, p * 100 + i, (p * 31 + i * 7) % 90));
    const run = (evs: NormalisedEvent[]) => {
      const store = new EvidenceStore({ maxTimelineEntries: 25, maxTimelinePerProcess: 8 });
      for (const e of evs) store.add(e);
      const lines = [1, 2, 3, 4, 5, 6].map((p) => processTimeline(store, H, g(p)));
      return { lines, dropped: store.timelines.dropped };
    };
    const ref = run(events);
    expect(ref.lines.reduce((n, l) => n + l.entries.length, 0)).toBe(25);
    expect(ref.dropped).toBe(120 - 25);
    for (const seed of [4, 5, 6]) expect(run(shuffle(events, seed))).toEqual(ref);
  });

  it('a record read twice, its first copy cut by the bound, is kept when its other copy sorts among the earliest', () => {
    // One record in c.evtx (read first) and a.evtx; 20 other records of the same time and record id
    // (other channels) in b.evtx sort between them: they cut c.evtx's copy, not a.evtx's.
    const twice = (ev: string) => ({ e: fileCreate(3, 99, 5, ev, 7000), id: 'ws1|sysmon|7000' });
    const fill = Array.from({ length: 20 }, (_, i) => ({ e: fileCreate(3, i, 5, 'b.evtx', 7000), id: `ws1|channel${i}|7000` }));
    const run = (evs: { e: NormalisedEvent; id: string }[]) => {
      const store = new EvidenceStore({ maxTimelinePerProcess: 10 });
      for (const { e, id } of evs) store.add(e, id);
      return processTimeline(store, H, g(3));
    };
    const ref = run([twice('a.evtx'), twice('c.evtx'), ...fill]);
    expect(ref.entries[0]!).toMatchObject({ evidence: 'a.evtx', record_id: 7000 });
    expect(ref.total).toBe(21);
    expect(run([twice('c.evtx'), ...fill, twice('a.evtx')])).toEqual(ref);
    expect(run([...fill, twice('c.evtx'), twice('a.evtx')])).toEqual(ref);
  });

  it('a file named by more events than the store keeps lists the earliest creators and loaders', () => {
    const events: NormalisedEvent[] = [];
    for (let p = 1; p <= 30; p++) {
      events.push(sysmon(11, H, { UtcTime: t((p * 7) % 30), ProcessGuid: g(p), ProcessId: String(p), Image: `C:\\p${p}.exe`, TargetFilename: 'C:\\Users\\Public\\x.dll' }, 100 + p, `f${p % 4}.evtx`));
      events.push(sysmon(7, H, { UtcTime: t((p * 11) % 30), ProcessGuid: g(p), ProcessId: String(p), Image: `C:\\p${p}.exe`, ImageLoaded: 'C:\\Users\\Public\\x.dll' }, 200 + p, `f${p % 3}.evtx`));
    }
    const run = (evs: NormalisedEvent[]) => {
      const store = new EvidenceStore({ maxRefsPerFileName: 5, maxImageLoads: 4 });
      for (const e of evs) store.add(e);
      return { pivot: dllPivot(store, H, 'c:\\users\\public\\x.dll', 'HKCU\\x'), dropped: [store.files.dropped, store.loads.dropped] };
    };
    const ref = run(events);
    expect(ref.pivot.dll_created_by).toHaveLength(5);
    expect(ref.pivot.dll_loaded_by).toHaveLength(4);
    expect(ref.dropped).toEqual([25, 26]);
    for (const seed of [7, 8, 9]) expect(run(shuffle(events, seed))).toEqual(ref);
  });
});
