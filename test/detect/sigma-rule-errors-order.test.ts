/**
 * A Sigma rule whose matcher throws is reported with the message of the failing event that sorts
 * first (time, evidence, record id), not of the one that failed first, and the rules' errors are
 * listed by rule: the same document whatever order the batches came in.
 */
import { describe, expect, it } from 'vitest';
import { builtinIntel, builtinRuleset, DetectionSession } from '../../src-main/detect/index';
import type { NormalisedEvent } from '../../src-main/model/event';
import { sysmon } from './helpers';
import { fakeRule, fakeRuleSet, sigmaMeta } from './sigma-fake';

const SET = fakeRuleSet([
  fakeRule(sigmaMeta('r-z', 'low'), (e) => { throw new Error(`z fails on ${e.evidence}#${e.record_id}`); }),
  fakeRule(sigmaMeta('r-a', 'low'), (e) => { if (e.record_id === 7) throw new Error(`a fails on ${e.evidence}#${e.record_id}`); return false; }),
]);

function errors(events: NormalisedEvent[]) {
  const intel = builtinIntel();
  const s = new DetectionSession(builtinRuleset(intel), intel, undefined, { today: '2026-06-01', sigma: SET });
  for (const e of events) s.add([e]);
  return s.finish().stats.sigma!.ruleErrors;
}

describe('Sigma rule errors: independent of arrival order', () => {
  it('the message of the earliest failing event, rules listed by id', () => {
    const ev = (sec: number, rec: number, file: string) => sysmon(11, 'WS1', { UtcTime: `2024-05-01 10:00:0${sec}.000`, TargetFilename: 'C:\\x.txt' }, rec, file);
    const events = [ev(5, 9, 'b.evtx'), ev(1, 7, 'c.evtx'), ev(1, 8, 'a.evtx'), ev(3, 7, 'a.evtx')];
    const expected = [
      { rule_id: 'r-a', path: 'rules/windows/r-a.yml', message: 'a fails on c.evtx#7', count: 2 },
      { rule_id: 'r-z', path: 'rules/windows/r-z.yml', message: 'z fails on a.evtx#8', count: 4 },
    ];
    expect(errors(events)).toEqual(expected);
    expect(errors([...events].reverse())).toEqual(expected);
    expect(errors([events[3]!, events[0]!, events[2]!, events[1]!])).toEqual(expected);
  });
});
