/**
 * The rule index's keys (`RuleIndex.keys`, a rule set's `dataKeys`) against what it offers: an
 * event is offered a rule (`candidates`) exactly when `EventDataKeys` over the keys wants its
 * channel and EventID. A 'viewed' read (evidence-reading/messages.ts) leaves out the data of the
 * view-less events the keys do not want, so a key missing here would be a Sigma match lost.
 */
import { describe, expect, it } from 'vitest';
import { loadSigmaRuleSet } from '../../../src-main/detect/sigma/load';
import { LoadedSigmaRuleSet } from '../../../src-main/detect/sigma/rule-set';
import { EventDataKeys } from '../../../src-main/model/event-data-keys';
import { emptyRawEvent, normaliseEvent } from '../../../src-main/model/index';
import type { NormalisedEvent } from '../../../src-main/model/index';
import type { SigmaRuleSet } from '../../../src-main/detect/sigma/types';
import { rule } from './helpers';

/** A view-less event of this channel and EventID (either may be missing). */
function headerOnly(channel: string | null, eventId: number | null): NormalisedEvent {
  const raw = { ...emptyRawEvent(), EventRecordID: 1, EventID: eventId, Channel: channel, Provider: { Name: 'Some-Provider', Guid: null, EventSourceName: null }, EventData: { X: 'y' } };
  return normaliseEvent(raw, { evidence: 'fixture.evtx' });
}

function expectKeysAgree(set: SigmaRuleSet, pairs: readonly [string | null, number | null][]): { wanted: number; unwanted: number } {
  const keys = new EventDataKeys(set.dataKeys!());
  let wanted = 0;
  for (const [channel, eventId] of pairs) {
    const offered = set.candidates(headerOnly(channel, eventId)).length > 0;
    expect(keys.wants(channel, eventId), `${channel} ${eventId}`).toBe(offered);
    if (offered) wanted++;
  }
  return { wanted, unwanted: pairs.length - wanted };
}

const flip = (s: string): string => [...s].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('');

describe('RuleIndex keys', () => {
  it('want exactly the events the bundled set offers a rule: its own pairs, in any letter case, their neighbours, unknown channels and missing parts', () => {
    const set = loadSigmaRuleSet();
    const pairs: [string | null, number | null][] = [[null, null], [null, 4688], ['Nope/Operational', 1], ['System', null]];
    for (const key of set.dataKeys()) {
      const [ch, id] = key.split('|') as [string, string];
      const channel = ch === '*' ? 'Some-Other/Operational' : ch;
      const eventId = id === '*' ? 999_999 : Number(id);
      pairs.push([channel, eventId], [flip(channel), eventId], [channel.toUpperCase(), eventId + 1], [channel, null], [null, eventId], [`${channel}x`, eventId]);
    }
    const { wanted, unwanted } = expectKeysAgree(set, pairs);
    expect(wanted).toBeGreaterThan(100);
    expect(unwanted).toBeGreaterThan(100);
  });

  it('follow the logsource and the EventIDs a condition requires', () => {
    const security4625 = rule('title: t\nid: a\nlogsource: {product: windows, service: security}\ndetection:\n  s:\n    EventID: 4625\n  condition: s');
    const systemAny = rule('title: t\nid: b\nlogsource: {product: windows, service: system}\ndetection:\n  s:\n    EventID: 7045\n  t:\n    X: 1\n  condition: s or t');
    const set = new LoadedSigmaRuleSet([security4625, systemAny], [], [], [], [security4625, systemAny]);
    expect([...set.dataKeys()].sort()).toEqual(['security|4625', 'system|*']);
    expectKeysAgree(set, [['Security', 4625], ['SECURITY', 4625], ['Security', 4624], ['System', 1], ['system', null], [null, 4625], ['Application', 4625]]);
  });

  it('an empty set wants nothing', () => {
    const set = new LoadedSigmaRuleSet([], [], [], [], []);
    expect(set.dataKeys()).toEqual([]);
    expect(new EventDataKeys(set.dataKeys()).wants('System', 7045)).toBe(false);
  });
});
