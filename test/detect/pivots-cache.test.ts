/**
 * PivotCache: the pivots of a finished detection worked out once per process. It must give what
 * the per-finding functions give (timeline, tree, and the parallel processes from its sorted
 * per-host index instead of a scan), for every host, process, time and window, and share one
 * object between the findings that ask for the same pivot.
 */
import { describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src-main/detect/evidence-store';
import { PivotCache, parallelProcesses, processTimeline, processTree } from '../../src-main/detect/pivots';
import { ProcessIndex } from '../../src-main/detect/process-index';
import type { NormalisedEvent } from '../../src-main/model/event';
import { sysmon } from './helpers';

const BASE = Date.UTC(2024, 4, 1, 10, 0, 0);
const g = (n: number) => `{${String(n).padStart(8, '0')}-1111-2222-3333-444444444444}`;
const t = (s: number) => new Date(BASE + s * 1000).toISOString().replace('T', ' ').replace('Z', '');

/** A small deterministic generator (the cases are the same on every run). */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return x / 0x1_0000_0000;
  };
}

/**
 * Processes on three hosts (host names in two spellings): started, some stopped, some seen only
 * through a file event (no start), some sharing a start second (ties in the parallel order), the
 * same GUID on two hosts, a parent chain and children.
 */
function events(): NormalisedEvent[] {
  const r = rng(7);
  const out: NormalisedEvent[] = [];
  let rec = 1;
  for (let n = 1; n <= 160; n++) {
    const host = ['WS1', 'ws1', 'WS2', 'DC'][n % 4]!;
    const sec = Math.floor(r() * 40) * 30; // many processes start in the same second
    const parent = n > 4 ? 1 + Math.floor(r() * (n - 1)) : 0;
    const kind = r();
    if (kind < 0.8) {
      out.push(sysmon(1, host, { UtcTime: t(sec), ProcessGuid: g(n), ProcessId: String(n), Image: `C:\\p${n}.exe`, CommandLine: `p${n}.exe`, User: 'CORP\\u', ParentProcessGuid: g(parent), ParentProcessId: String(parent), ParentImage: `C:\\p${parent}.exe` }, rec++));
      if (r() < 0.4) out.push(sysmon(5, host, { UtcTime: t(sec + Math.floor(r() * 600)), ProcessGuid: g(n), ProcessId: String(n), Image: `C:\\p${n}.exe` }, rec++));
    }
    // Events of the process (for a process without a start: its first and last seen).
    for (let k = 0; k < 3; k++) {
      out.push(sysmon(11, host, { UtcTime: t(sec + 5 + Math.floor(r() * 900)), ProcessGuid: g(n), ProcessId: String(n), Image: `C:\\p${n}.exe`, TargetFilename: `C:\\t\\${n}-${k}.txt` }, rec++));
    }
  }
  // The same GUID on another host: another process.
  out.push(sysmon(1, 'WS2', { UtcTime: t(100), ProcessGuid: g(1), ProcessId: '1', Image: 'C:\\other.exe', CommandLine: 'other', User: 'CORP\\v', ParentProcessGuid: g(0), ParentProcessId: '0', ParentImage: 'C:\\x.exe' }, rec++));
  return out;
}

function built(): { index: ProcessIndex; store: EvidenceStore } {
  const index = new ProcessIndex();
  const store = new EvidenceStore();
  for (const e of events()) {
    index.add(e);
    store.add(e);
  }
  return { index, store };
}

describe('PivotCache', () => {
  const { index, store } = built();

  it('gives the same parallel processes as the scan, for every host, process, time, window and cap', () => {
    const cache = new PivotCache(index, store);
    const r = rng(11);
    let compared = 0;
    let withTies = 0;
    for (const dest of ['WS1', 'ws1 ', 'WS2', 'DC', 'nohost']) {
      for (let n = 0; n <= 161; n += 3) {
        for (const windowMs of [0, 30_000, 5 * 60_000, 3_600_000]) {
          const atMs = BASE + Math.floor(r() * 1500) * 1000 - 60_000;
          const at = new Date(atMs).toISOString();
          for (const max of [200, 7]) {
            const want = parallelProcesses(index, dest, g(n), atMs, at, windowMs, max);
            expect(cache.parallel(dest, g(n), atMs, at, windowMs, max)).toEqual(want);
            compared++;
            const offs = want.processes.map((p) => p.start_offset_ms);
            if (new Set(offs).size < offs.length) withTies++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(withTies).toBeGreaterThan(0); // the tie-break order was exercised
  });

  it('a time or window that is not a finite number gives what the scan gives', () => {
    const cache = new PivotCache(index, store);
    for (const [atMs, windowMs] of [[Number.NaN, 60_000], [BASE, Number.NaN], [Number.POSITIVE_INFINITY, 60_000], [BASE, Number.POSITIVE_INFINITY]] as const) {
      expect(cache.parallel('WS1', g(5), atMs, 'x', windowMs)).toEqual(parallelProcesses(index, 'WS1', g(5), atMs, 'x', windowMs));
    }
  });

  it('gives the same timeline and tree as the per-finding functions, GUID-less and unknown processes included', () => {
    const cache = new PivotCache(index, store);
    for (const dest of ['WS1', 'WS2', 'DC', 'nohost']) {
      for (let n = 0; n <= 161; n++) {
        expect(cache.tree(dest, g(n))).toEqual(processTree(index, dest, g(n)));
        expect(cache.timeline(dest, g(n))).toEqual(processTimeline(store, dest, g(n)));
      }
      expect(cache.tree(dest, '')).toEqual(processTree(index, dest, ''));
      expect(cache.timeline(dest, 'not a guid')).toEqual(processTimeline(store, dest, 'not a guid'));
    }
  });

  it('findings of the same process share one object; other processes, times or windows do not', () => {
    const cache = new PivotCache(index, store);
    const guid = g(9);
    expect(cache.tree('WS1', guid)).toBe(cache.tree('ws1', guid.toLowerCase()));
    expect(cache.timeline('WS1', guid)).toBe(cache.timeline(' WS1', guid));
    expect(cache.tree('WS1', guid)).not.toBe(cache.tree('WS1', g(13)));
    const at = new Date(BASE).toISOString();
    const p = cache.parallel('WS1', guid, BASE, at, 60_000);
    expect(cache.parallel('WS1', guid, BASE, at, 60_000)).toBe(p);
    expect(cache.parallel('WS1', guid, BASE + 1, at, 60_000)).not.toBe(p);
    expect(cache.parallel('WS1', guid, BASE, at, 120_000)).not.toBe(p);
  });
});
