/**
 * The event exports over the shared corpus (real EVTX from many sources, Event XML, JSON, zip):
 * every event written once in every format, ECS names valid throughout, and every HEC object's
 * Event XML read back by the Event XML reader without an issue.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triageCase, type TriageRun } from '../../../src-main/case/detection-run';
import { eventTotal } from '../../../src-main/shared/evidence-totals';
import { DEFAULT_SIGMA_LOADER, loadTriageRules } from '../../../src-main/case/triage-rules';
import { EventExport } from '../../../src-main/export/event-export';
import { EVENT_FORMATS } from '../../../src-main/export/formats';
import { readEventXml } from '../../../src-main/ingest/xml/index';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';
import { parseCsv } from '../../helpers/csv-parse';
import { ecsProblems } from '../../export/ecs-names';

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').slice(0, -1);

describe.skipIf(requires('corpus'))('exports of the shared corpus', () => {
  let dir = '';
  const file = (format: string) => path.join(dir, `events.${format}`);
  let run: TriageRun;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'corpus-exports-'));
    const rules = await loadTriageRules({ bundledSigma: false }, DEFAULT_SIGMA_LOADER);
    const exports = await Promise.all(EVENT_FORMATS.map((format) => EventExport.open(file(format), { format })));
    run = await triageCase(SHARED_EVIDENCE, { jobId: 'corpus', workers: 2, rules, onEvents: async (b) => { for (const x of exports) await x.add(b); } });
    for (const x of exports) await x.commit();
  }, 900_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes as many events as the case holds, in every format', () => {
    const total = eventTotal(run.scan.evidence);
    expect(total).toBe(run.scan.stats.events);
    expect(total).toBeGreaterThan(10_000);
    for (const format of ['ecs', 'timesketch', 'splunk'] as const) expect(lines(file(format))).toHaveLength(total);
    expect(parseCsv(readFileSync(file('csv'), 'utf8'))).toHaveLength(total + 1);
  }, 300_000);

  it('ECS: every line is JSON with ECS names only', () => {
    const problems = new Set<string>();
    for (const l of lines(file('ecs'))) for (const p of ecsProblems(JSON.parse(l))) problems.add(p);
    expect([...problems]).toEqual([]);
  }, 300_000);

  it('Timesketch: every line has the required fields', () => {
    for (const l of lines(file('timesketch'))) {
      const o = JSON.parse(l);
      if (!(typeof o.message === 'string' && o.message && /^\d{4}-\d{2}-\d{2}T/.test(o.datetime) && typeof o.timestamp_desc === 'string')) expect(o).toBe('a valid Timesketch line');
    }
  }, 300_000);

  it('Splunk: every Event XML reads back as one event with its EventID, without an issue', () => {
    let bad = 0;
    const samples: string[] = [];
    for (const l of lines(file('splunk'))) {
      const o = JSON.parse(l);
      const r = readEventXml(o.event);
      const ok = r.issues.length === 0 && r.events.length === 1 && r.events[0]!.issues.length === 0
        && o.event.includes(`<EventID`) === (r.events[0]!.event.EventID !== null);
      if (!ok) { bad++; if (samples.length < 3) samples.push(o.event.slice(0, 500)); }
    }
    expect(samples).toEqual([]);
    expect(bad).toBe(0);
  }, 300_000);
});
