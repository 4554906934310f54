/** The rule index on real events: the SigmaHQ regression data and the shared corpus (gates, buckets, epochs: test/detect/sigma/rule-index.test.ts). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSigmaRuleSet } from '../../../../src-main/detect/sigma/load';
import { parseEvtxBytes } from '../../../../src-main/ingest/evtx/index';
import { normaliseEvent } from '../../../../src-main/model/index';
import type { NormalisedEvent } from '../../../../src-main/model/index';
import { SHARED_DIR, SHARED_EVIDENCE } from '../../../helpers/paths';
import { requires } from '../../../helpers/requires';
import { event } from '../../../detect/sigma/helpers';

/** Every .evtx under `dir`, at most `perFile` records of each. */
function evtxEvents(dir: string, perFile: number, out: NormalisedEvent[] = []): NormalisedEvent[] {
  for (const n of readdirSync(dir).sort()) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) evtxEvents(p, perFile, out);
    else if (n.toLowerCase().endsWith('.evtx')) {
      try {
        for (const r of parseEvtxBytes(new Uint8Array(readFileSync(p))).records.slice(0, perFile)) out.push(normaliseEvent(r, { evidence: n }));
      } catch {
        // a damaged sample is the readers' concern, not the index's
      }
    }
  }
  return out;
}

describe.skipIf(requires('sigma', 'corpus'))('the index on real events', () => {
  it('matches exactly what running every rule on every event matches', () => {
    const set = loadSigmaRuleSet({});
    // the regression events (rules match many of them) and the first records of every corpus sample
    const events = evtxEvents(path.join(SHARED_DIR, 'sigma', 'regression_data'), Infinity);
    evtxEvents(SHARED_EVIDENCE, 60, events);
    events.push(event({ Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd /c whoami' }), event({}, { channel: null as unknown as string }));
    expect(events.length).toBeGreaterThan(1000);
    let hits = 0;
    for (const e of events) {
      const viaIndex = set.matches(e).map((r) => r.meta.id).sort();
      const brute = set.rules.filter((r) => r.match(e)).map((r) => r.meta.id).sort();
      expect(viaIndex, `record ${e.record_id} of ${e.evidence}`).toEqual(brute);
      for (const r of set.candidates(e)) expect(set.rules.includes(r as never)).toBe(true);
      hits += brute.length;
    }
    expect(hits).toBeGreaterThan(100);
  }, 600_000);
});
