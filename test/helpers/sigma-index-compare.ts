/**
 * The Sigma rule index (buckets, required EventIDs, gates, substring finders) checked against
 * running every rule on every event, for the equivalence tests of both tiers
 * (test/detect/sigma/rule-index-equivalence.test.ts on generated events,
 * test/corpus/detect/sigma/rule-index-equivalence.test.ts on the shared corpus's events).
 */
import { expect } from 'vitest';
import { EventView } from '../../src-main/detect/sigma/event-view';
import type { CompiledSigmaRule, SigmaRuleSet } from '../../src-main/detect/sigma/types';
import type { NormalisedEvent } from '../../src-main/model/index';

/** Every rule, each on the event (one view shared, as `matches` does), in load order. */
function naive(set: SigmaRuleSet, e: NormalisedEvent): string[] {
  const view = new EventView(e);
  return set.rules.filter((r) => (r as unknown as { matchView(v: EventView): boolean }).matchView(view)).map((r) => r.meta.id);
}

/** Expects the index's matches to equal every rule's on each event; returns how many matches there were. */
export function compareIndexWithEveryRule(set: SigmaRuleSet, events: NormalisedEvent[]): number {
  let hits = 0;
  for (const e of events) {
    const viaIndex = set.matches(e).map((r: CompiledSigmaRule) => r.meta.id);
    const brute = naive(set, e);
    if (viaIndex.join() !== brute.join()) expect(viaIndex, `${e.channel} ${e.event_id} ${JSON.stringify(e.data)}`).toEqual(brute);
    hits += brute.length;
  }
  return hits;
}
