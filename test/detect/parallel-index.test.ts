/**
 * HostProcessSpans: the parallel-process pivot from a per-host index, equal to the scan
 * (pivots.ts parallelProcesses) where it answers, and null where it leaves the case to the scan.
 */
import { describe, expect, it } from 'vitest';
import { HostProcessSpans } from '../../src-main/detect/parallel-index';
import { parallelProcesses } from '../../src-main/detect/pivots';
import { ProcessIndex } from '../../src-main/detect/process-index';
import { processJoinKey } from '../../src-main/model/join';
import { sysmon } from './helpers';

const BASE = Date.UTC(2024, 4, 1, 10, 0, 0);
const g = (n: number) => `{${String(n).padStart(8, '0')}-1111-2222-3333-444444444444}`;
const t = (s: number) => new Date(BASE + s * 1000).toISOString().replace('T', ' ').replace('Z', '');

function start(n: number, sec: number) {
  return sysmon(1, 'WS1', { UtcTime: t(sec), ProcessGuid: g(n), ProcessId: String(n), Image: `C:\\p${n}.exe`, CommandLine: `p${n}`, User: 'CORP\\u', ParentProcessGuid: g(0), ParentProcessId: '0', ParentImage: 'C:\\x.exe' }, n);
}
function stop(n: number, sec: number) {
  return sysmon(5, 'WS1', { UtcTime: t(sec), ProcessGuid: g(n), ProcessId: String(n), Image: `C:\\p${n}.exe` }, 1000 + n);
}
function file(n: number, sec: number) {
  return sysmon(11, 'WS1', { UtcTime: t(sec), ProcessGuid: g(n), ProcessId: String(n), Image: `C:\\p${n}.exe`, TargetFilename: `C:\\t\\${n}` }, 2000 + n);
}

/**
 * Starts symmetric around 100 s (the same distance before and after), runs of equal starts with
 * GUIDs out of their arrival order, one stopped before the window, processes seen only by their events.
 */
function index(): ProcessIndex {
  const ix = new ProcessIndex();
  const events = [
    start(9, 100), start(3, 100), start(7, 100), // a run at the time itself
    start(5, 40), start(6, 160), // 60 s before and after
    start(12, 70), start(11, 70), start(13, 130), start(10, 130), // runs 30 s before and after
    start(20, -400), stop(20, -350), // ended before the window
    start(21, -4000), // started long before, never seen ending: alive
    start(22, 5000), // starts after the window
    file(30, 90), file(30, 95), file(31, 10), file(32, 500), // no start: by their events
  ];
  for (const e of events) ix.add(e);
  return ix;
}

describe('HostProcessSpans', () => {
  const ix = index();
  const spans = new HostProcessSpans(ix, 'ws1');
  const atMs = BASE + 100_000;
  const at = new Date(atMs).toISOString();

  it('lists the closest starts first, the earlier of two as close, equal starts by GUID, then those without a start', () => {
    const p = spans.parallel(processJoinKey('WS1', g(7)), atMs, at, 120_000, 200)!;
    expect(p.processes.map((x) => [Number(x.process_id), x.start_offset_ms])).toEqual([
      [3, 0], [9, 0], [11, -30_000], [12, -30_000], [10, 30_000], [13, 30_000], [5, -60_000], [6, 60_000], [21, -4_100_000], [30, null], [31, null],
    ]);
    expect(p).toEqual(parallelProcesses(ix, 'WS1', g(7), atMs, at, 120_000, 200));
  });

  it('counts every process in the window while listing `max`, for every cap, time and window', () => {
    for (const max of [0, 1, 2, 5, 10, 200]) {
      for (const sec of [-5000, -400, 0, 40, 99.5, 100, 130, 600, 6000]) {
        for (const windowMs of [0, 30_000, 120_000, 10_000_000]) {
          const ms = BASE + sec * 1000;
          const iso = new Date(ms).toISOString();
          for (const self of [g(7), g(30), g(99)]) {
            expect(spans.parallel(processJoinKey('WS1', self), ms, iso, windowMs, max), `${max} ${sec} ${windowMs}`).toEqual(parallelProcesses(ix, 'WS1', self, ms, iso, windowMs, max));
          }
        }
      }
    }
  });

  it('leaves to the scan what it cannot answer exactly: a time or window that is not finite or too large, a cap that is not a count', () => {
    expect(spans.parallel(null, Number.NaN, at, 60_000, 200)).toBeNull();
    expect(spans.parallel(null, 2 ** 60, at, 60_000, 200)).toBeNull();
    expect(spans.parallel(null, atMs, at, Number.POSITIVE_INFINITY, 200)).toBeNull();
    expect(spans.parallel(null, atMs, at, 60_000, -1)).toBeNull();
    expect(spans.parallel(null, atMs, at, 60_000, 2.5)).toBeNull();
  });

  it('an unknown host has no processes', () => {
    expect(new HostProcessSpans(ix, 'nohost').parallel(null, atMs, at, 60_000, 200)).toEqual({ window_ms: 60_000, at, processes: [], total: 0, truncated: false });
  });
});
