/**
 * One triage of a folder read with event content `'all'` and one with `'viewed'` or `'counted'`
 * (evidence-reading/messages.ts `EventContent`), same rules, same pool, and the checks that they
 * are the same triage: the same JSON document (its host summaries too), the same findings with
 * their pivot events' fields (the detail pass), and the same events but for those whose data no
 * Sigma rule may read (model/event-data-keys.ts: the rules' keys): `'viewed'` sends those without
 * a view without their data; `'counted'` sends those with a view without their data and only
 * counts the others (evidence-reading/event-tally.ts).
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
 * A triage and what its events were: digests of them in three sets, counts of those with data.
 * "Wanted": the rules' keys want the event's data.
 */
export interface ContentRun {
  content: EventContent;
  run: TriageRun;
  /** Digests of the wanted events. */
  digests: string[];
  /** Digests of the unwanted events with a view, whole, and with `data: {}`. */
  viewedUnwanted: string[];
  viewedUnwantedBare: string[];
  /** Digests of the unwanted events without a view that were sent, with `data: {}`. */
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
  /** Events with a view and data, and those of them unwanted. */
  viewedWithData: number;
  viewedUnwantedWithData: number;
}

const digest = (v: unknown) => createHash('sha1').update(JSON.stringify(v)).digest('base64');

export async function triageWithContent(root: string, pool: WorkerPool, rules: TriageRules, eventContent: EventContent): Promise<ContentRun> {
  const out = {
    digests: [] as string[], viewedUnwanted: [] as string[], viewedUnwantedBare: [] as string[], unwantedDigests: [] as string[], events: 0, tallied: 0,
    viewless: 0, viewlessWithData: 0, viewlessWantedWithData: 0, viewlessUnwantedWithData: 0, viewedWithData: 0, viewedUnwantedWithData: 0,
  };
  // The keys a 'viewed' or 'counted' read of these rules keeps the data of (none without Sigma rules).
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
      } else if (hasData) {
        out.viewedWithData++;
        if (!wanted) out.viewedUnwantedWithData++;
      }
      if (wanted) out.digests.push(digest(e));
      else if (e.view === null) out.unwantedDigests.push(digest({ ...e, data: {} }));
      else { out.viewedUnwanted.push(digest(e)); out.viewedUnwantedBare.push(digest({ ...e, data: {} })); }
    }
  };
  const run = await triageCase(root, { jobId: `content-${eventContent}`, pool, rules, eventContent, onEvents });
  for (const d of [out.digests, out.viewedUnwanted, out.viewedUnwantedBare, out.unwantedDigests]) d.sort();
  return { content: eventContent, run, ...out };
}

/**
 * `viewed` (a `'viewed'` or `'counted'` run) is `all`'s triage, and its events are `all`'s but for
 * the unwanted ones: `'viewed'` has no data of those without a view; `'counted'` has no data of
 * those with a view and counted those without one instead of sending them.
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
  expect(viewed.digests).toEqual(all.digests);
  expect(viewed.viewedUnwantedBare).toEqual(all.viewedUnwantedBare);
  expect(viewed.viewedWithData - viewed.viewedUnwantedWithData).toBe(all.viewedWithData - all.viewedUnwantedWithData);
  if (viewed.content === 'counted') {
    expect(viewed.viewedUnwantedWithData).toBe(0);
    expect(viewed.unwantedDigests).toEqual([]);
    expect(viewed.tallied).toBe(all.unwantedDigests.length);
  } else {
    expect(viewed.viewedUnwanted).toEqual(all.viewedUnwanted);
    expect(viewed.unwantedDigests).toEqual(all.unwantedDigests);
    expect(viewed.tallied).toBe(0);
  }
}
