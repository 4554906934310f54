/** The rule index against every rule on the shared corpus's events (on generated events: test/detect/sigma/rule-index-equivalence.test.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSigmaRuleSet } from '../../../../src-main/detect/sigma/load';
import { parseEvtxBytes } from '../../../../src-main/ingest/evtx/index';
import { normaliseEvent } from '../../../../src-main/model/index';
import type { NormalisedEvent } from '../../../../src-main/model/index';
import { listEvtx } from '../../../bench/folder';
import { SHARED_EVIDENCE } from '../../../helpers/paths';
import { requires } from '../../../helpers/requires';
import { compareIndexWithEveryRule as compare } from '../../../helpers/sigma-index-compare';

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
