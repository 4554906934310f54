/**
 * Hits of one time (a second of a busy log, two hosts' logs in step) are listed in the refs' own
 * order when the engine has one, not in the order they arrived: a match capped at its refs lists
 * the same events whatever order the workers delivered them in (sigma-correlations.ts gives the
 * findings' order of events: time, evidence, record id, event id).
 */
import { describe, expect, it } from 'vitest';
import { CorrelationEngine } from '../../../../src-main/detect/sigma/correlation/correlation-engine';
import type { CorrelationHit } from '../../../../src-main/detect/sigma/correlation/correlation-types';
import { corr, hit } from './helpers';

const RULE = corr(`title: Burst\ncorrelation: {type: event_count, rules: [r], group-by: [H], timespan: 1m, condition: {gte: 5}}`);

function refsOf(hits: CorrelationHit<string>[]): unknown[] {
  const engine = new CorrelationEngine<string>([RULE], { maxRefsPerMatch: 4 }, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const h of hits) engine.add(h);
  return engine.finish().map((m) => [m.count, m.refs]);
}

describe('CorrelationEngine: hits of one time in the refs\' order', () => {
  it('a capped match lists the same refs in any arrival order', () => {
    // 12 hits in the same second, from three files.
    const hits = Array.from({ length: 12 }, (_, i) => hit('r', 0, { H: 'DC1' }, { ref: `${['c', 'a', 'b'][i % 3]}.evtx#${100 + i}` }));
    const ref = refsOf(hits);
    expect(ref).toEqual([[12, ['a.evtx#101', 'a.evtx#104', 'a.evtx#107', 'a.evtx#110'].map((r) => ({ kind: 'event', ref: r }))]]);
    expect(refsOf([...hits].reverse())).toEqual(ref);
    expect(refsOf([...hits.slice(5), ...hits.slice(0, 5)])).toEqual(ref);
  });
});
