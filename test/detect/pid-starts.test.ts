/**
 * PidStarts.get (src-main/detect/pid-starts.ts) picks in one pass what filtering the PID's starts
 * to those running at the time and sorting them (latest start, then lowest record id, stable)
 * picked: the same start over random starts and stops of one PID, with ties, unknown times and
 * records read twice.
 */
import { describe, expect, it } from 'vitest';
import { PidStarts } from '../../src-main/detect/pid-starts';
import type { ProcessView } from '../../src-main/model/cim';
import type { NormalisedEvent } from '../../src-main/model/event';
import type { ProcessRecord } from '../../src-main/detect/process-index';
import { Prng } from '../tools/evtx-writer/prng';

function ev(rec: number, ms: number | null, evidence: string): NormalisedEvent {
  return { evidence, record_id: rec, dest: 'WS1', time_ms: ms, time: ms === null ? null : new Date(ms).toISOString() } as unknown as NormalisedEvent;
}
const view = (action: 'start' | 'stop'): ProcessView => ({ action, process_id: 42 } as unknown as ProcessView);

/** What `get` gave before: filter, sort, first. */
function reference(list: readonly ProcessRecord[], atMs: number | null): ProcessRecord | undefined {
  const t = atMs ?? Infinity;
  return list
    .filter((x) => (x.start_ms ?? -Infinity) <= t && (x.end_ms === null || x.end_ms >= t))
    .sort((a, b) => (b.start_ms ?? 0) - (a.start_ms ?? 0) || (a.record_id ?? 0) - (b.record_id ?? 0))[0];
}

describe('PidStarts.get', () => {
  it('picks the start the filtered, sorted list put first', () => {
    const rnd = new Prng(21);
    for (let round = 0; round < 200; round++) {
      const starts = new PidStarts(1_000_000);
      const n = rnd.int(1, 30);
      for (let i = 0; i < n; i++) {
        const ms = rnd.int(0, 9) === 0 ? null : 1_000 * rnd.int(0, 19);
        const kind = rnd.int(0, 3) === 0 ? 'stop' : 'start';
        starts.add(ev(rnd.int(0, 7), ms, rnd.int(0, 1) ? 'a.evtx' : 'b.evtx'), view(kind));
      }
      for (const at of [null, 0, 5_500, 10_000, 19_000, 30_000]) {
        const got = starts.get('WS1', 42, at);
        const list = (starts as unknown as { byPid: Map<string, ProcessRecord[]> }).byPid.get('ws1|42') ?? [];
        expect(got).toBe(reference(list, at));
      }
    }
  });
});
