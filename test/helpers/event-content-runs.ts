/**
 * One triage of a folder read with event content `'all'` and one with `'viewed'` or `'counted'`
 * (evidence-reading/messages.ts `EventContent`), same rules, same pool, and the checks that they
 * are the same triage: the same JSON document (its host summaries too), the same findings with
 * their pivot events' fields (the detail pass), and the same events but for those without a view
 * that no Sigma rule may read (model/event-data-keys.ts: the rules' keys): `'viewed'` sends them
 * without their data, `'counted'` only counts them (evidence-reading/event-tally.ts).
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { triageCase, type TriageRun } from '../../src-main/case/detection-run';
import type { TriageRules } from '../../src-main/case/triage-rules';
import { buildTriageDocument } from '../../src-main/case/triage-document';
import type { EventContent } from '../../src-main/evidence-reading/messages';
import type { WorkerPool } from '../../src-main/evidence-reading/pool';
import type { NormalisedEvent } from '../../src-main/model/event';
import { findingsCsvLines } from '../../src-main/output/findings-csv';
import { EventDataKeys } from '../../src-main/model/event-data-keys';
import { tallyEvents, type TallyRow } from '../../src-main/evidence-reading/event-tally';

/**
 * A triage and what its events were: a digest of each (with `data: {}` when it has no view and
 * the rules' keys do not want it), counts of those with data.
 */
export interface ContentRun {
  content: EventContent;
  run: TriageRun;
  /** Digests of the events with a view or whose data the rules' keys want. */
  digests: string[];
  /** Digests of the other events sent (without a view, not wanted), with `data: {}`. */
  unwantedDigests: string[];
  /** Events sent and counted. */
  events: number;
  /** Events counted in batches' tallies, not sent. */
  tallied: number;
  /** Events without a view, those of them with data, and those with data the rules' keys want / do not want. */
  viewless: number;
  viewlessWithData: number;
  viewlessWantedWithData: number;
  viewlessUnwantedWithData: number;
  /** Events with a view and data. */
  viewedWithData: number;
}

export async function triageWithContent(root: string, pool: WorkerPool, rules: TriageRules, eventContent: EventContent): Promise<ContentRun> {
  const out = { digests: [] as string[], unwantedDigests: [] as string[], events: 0, tallied: 0, viewless: 0, viewlessWithData: 0, viewlessWantedWithData: 0, viewlessUnwantedWithData: 0, viewedWithData: 0 };
  // The keys a 'viewed' read of these rules keeps the data of (none without Sigma rules).
  const keep = rules.sigma ? new EventDataKeys(rules.sigma.dataKeys!()) : null;
  const onEvents = (batch: readonly NormalisedEvent[], tally: readonly TallyRow[] | null) => {
    const n = tally === null ? 0 : tallyEvents(tally);
    out.events += n;
    out.viewless += n;
    out.tallied += n;
    for (const e of batch) {
      out.events++;
      const hasData = Object.keys(e.data).length > 0;
      const wanted = keep?.wants(e.channel, e.event_id) ?? false;
      if (e.view === null) {
        out.viewless++;
        if (hasData) {
          out.viewlessWithData++;
          if (wanted) out.viewlessWantedWithData++;
          else out.viewlessUnwantedWithData++;
        }
      } else if (hasData) out.viewedWithData++;
      const unwanted = e.view === null && !wanted;
      (unwanted ? out.unwantedDigests : out.digests).push(createHash('sha1').update(JSON.stringify(unwanted ? { ...e, data: {} } : e)).digest('base64'));
    }
  };
  const run = await triageCase(root, { jobId: `content-${eventContent}`, pool, rules, eventContent, onEvents });
  out.digests.sort();
  out.unwantedDigests.sort();
  return { content: eventContent, run, ...out };
}

/**
 * `viewed` (a `'viewed'` or `'counted'` run) is `all`'s triage, and its events are `all`'s but for
 * those without a view that the rules' keys do not want: `'viewed'` has none of their data,
 * `'counted'` counted them instead of sending them.
 */
export function expectSameTriage(all: ContentRun, viewed: ContentRun): void {
  expect(all.tallied).toBe(0);
  const doc = (r: TriageRun) => { const { stats, ...d } = buildTriageDocument(r, new Date(0)); return { ...d, stats: { ...stats, elapsed_ms: 0 } }; };
  expect(doc(viewed.run)).toEqual(doc(all.run));
  expect(viewed.run.scan.findings).toEqual(all.run.scan.findings);
  expect([...findingsCsvLines(viewed.run.scan.findings)]).toEqual([...findingsCsvLines(all.run.scan.findings)]);
  expect(viewed.events).toBe(all.events);
  expect(viewed.viewlessUnwantedWithData).toBe(0);
  expect(viewed.viewlessWantedWithData).toBe(all.viewlessWantedWithData);
  expect(viewed.viewless).toBe(all.viewless);
  expect(viewed.viewedWithData).toBe(all.viewedWithData);
  expect(viewed.digests).toEqual(all.digests);
  if (viewed.content === 'counted') {
    expect(viewed.unwantedDigests).toEqual([]);
    expect(viewed.tallied).toBe(all.unwantedDigests.length);
  } else {
    expect(viewed.unwantedDigests).toEqual(all.unwantedDigests);
    expect(viewed.tallied).toBe(0);
  }
}
