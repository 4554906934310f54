/**
 * Hits of one time (a second of a busy log, two hosts' logs in step) are listed in the refs' own
 * order when the engine has one, not in the order they arrived: a match capped at its refs lists
 * the same events whatever order the workers delivered them in (sigma-correlations.ts gives the
 * findings' order of events: time, evidence, record id, event id).
 */
import { describe, expect, it } from 'vitest';
import { CorrelationEngine } from '../../../../src-main/detect/sigma/correlation/correlation-engine';
import type { CorrelationHit, CorrelationLimits } from '../../../../src-main/detect/sigma/correlation/correlation-types';
import { corr, hit } from './helpers';
import { shuffle } from '../../../case/arrival-order';

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

  // The groups cap and the total cap engaged together may keep fewer than the total (documented in the engine): apart here.
  it('the caps keep the earliest hits of a group, the groups whose keys sort first and the earliest hits in all, in any order', () => {
    const one = corr(`title: One\ncorrelation: {type: event_count, rules: [r], group-by: [H], timespan: 10s, condition: {gte: 3}}`);
    const hits: CorrelationHit<string>[] = [];
    for (let g = 0; g < 8; g++) for (let i = 0; i < 30; i++) hits.push(hit('r', (i * 7 + g * 3) % 60, { H: `h${g}` }, { ref: `f${g % 3}.evtx#${g * 100 + i}` }));
    const run = (xs: CorrelationHit<string>[], limits: Partial<CorrelationLimits>) => {
      const engine = new CorrelationEngine<string>([one], limits, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const h of xs) engine.add(h);
      const ms = engine.finish();
      return { matches: ms.map((m) => [m.group, m.firstMs, m.lastMs, m.count, m.refs]), dropped: engine.stats.droppedHits };
    };
    const groupsCapped = { maxHitsPerGroup: 12, maxGroupsPerRule: 5 };
    const totalCapped = { maxHitsPerGroup: 12, maxHits: 50 };
    const byGroups = run(hits, groupsCapped);
    expect(byGroups.dropped).toBe(240 - 5 * 12);
    expect(new Set(byGroups.matches.map((m) => (m[0] as { H: string }).H))).toEqual(new Set(['h0', 'h1', 'h2', 'h3', 'h4']));
    const byTotal = run(hits, totalCapped);
    expect(byTotal.dropped).toBe(240 - 50);
    for (const seed of [1, 2, 3]) {
      expect(run(shuffle(hits, seed), groupsCapped)).toEqual(byGroups);
      expect(run(shuffle(hits, seed), totalCapped)).toEqual(byTotal);
    }
    expect(run([...hits].reverse(), groupsCapped)).toEqual(byGroups);
    expect(run([...hits].reverse(), totalCapped)).toEqual(byTotal);
  });
});
