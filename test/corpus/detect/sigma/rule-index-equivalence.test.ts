/** The rule index against every rule on the shared corpus's events (on generated events: test/detect/sigma/rule-index-equivalence.test.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventView } from '../../../../src-main/detect/sigma/event-view';
import { loadSigmaRuleSet } from '../../../../src-main/detect/sigma/load';
import type { CompiledSigmaRule, SigmaRuleSet } from '../../../../src-main/detect/sigma/types';
import { parseEvtxBytes } from '../../../../src-main/ingest/evtx/index';
import { normaliseEvent } from '../../../../src-main/model/index';
import type { NormalisedEvent } from '../../../../src-main/model/index';
import { listEvtx } from '../../../bench/folder';
import { SHARED_EVIDENCE } from '../../../helpers/paths';
import { requires } from '../../../helpers/requires';

/** Every rule, each on the event (one view shared, as `matches` does), in load order. */
function naive(set: SigmaRuleSet, e: NormalisedEvent): string[] {
  const view = new EventView(e);
  return set.rules.filter((r) => (r as unknown as { matchView(v: EventView): boolean }).matchView(view)).map((r) => r.meta.id);
}

function compare(set: SigmaRuleSet, events: NormalisedEvent[]): number {
  let hits = 0;
  for (const e of events) {
    const viaIndex = set.matches(e).map((r: CompiledSigmaRule) => r.meta.id);
    const brute = naive(set, e);
    if (viaIndex.join() !== brute.join()) expect(viaIndex, `${e.channel} ${e.event_id} ${JSON.stringify(e.data)}`).toEqual(brute);
    hits += brute.length;
  }
  return hits;
}

describe.skipIf(requires('corpus'))('the index against every rule on the shared corpus', () => {
  it('gives the same matches on the corpus events (200 per channel and EventID)', () => {
    const set = loadSigmaRuleSet({});
    const perBucket = new Map<string, number>();
    const events: NormalisedEvent[] = [];
    for (const f of listEvtx(SHARED_EVIDENCE)) {
      let records;
      try {
        records = parseEvtxBytes(new Uint8Array(readFileSync(f))).records;
      } catch {
        continue; // a damaged sample is the readers' concern
      }
      for (const r of records) {
        const e = normaliseEvent(r, { evidence: f });
        const k = `${e.channel}|${e.event_id}`;
        const n = perBucket.get(k) ?? 0;
        if (n >= 200) continue;
        perBucket.set(k, n + 1);
        events.push(e);
      }
    }
    expect(events.length).toBeGreaterThan(1000);
    expect(compare(set, events)).toBeGreaterThan(50);
  }, 600_000);
});
