/**
 * The exports of a whole triage: the demo evidence read once, every event handed to the four
 * event exports as the workers read it, then the findings in the three finding formats; and the
 * CLI flags end to end (output checks, usage errors, `_bulk` action lines).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triageCase, type TriageRun } from '../../src-main/case/detection-run';
import { eventTotal } from '../../src-main/shared/evidence-totals';
import { parseTriageArgs } from '../../src-main/cli/args';
import { DEMO_EVIDENCE_DIR, runTriage } from '../../src-main/cli/run-triage';
import { EventExport } from '../../src-main/export/event-export';
import { writeFindingsExport } from '../../src-main/export/findings-export';
import { EVENT_FORMATS, FINDING_FORMATS } from '../../src-main/export/formats';
import { TIMELINE_COLUMNS } from '../../src-main/export/timeline-csv';
import { readEventXml } from '../../src-main/ingest/xml/index';
import { normaliseEvent } from '../../src-main/model/normalise';
import type { NormalisedEvent } from '../../src-main/model/event';
import { REPO_ROOT } from '../helpers/paths';
import { parseCsv } from '../helpers/csv-parse';
import { ecsProblems } from '../export/ecs-names';

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l, i, a) => l !== '' || i < a.length - 1);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd: REPO_ROOT }, out, err };
}

describe('exports of the demo triage', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'exports-'));
  const file = (name: string) => path.join(dir, name);
  let run: TriageRun;
  const seen: NormalisedEvent[] = [];

  beforeAll(async () => {
    const exports = await Promise.all(EVENT_FORMATS.map((format) => EventExport.open(file(`events.${format}`), { format })));
    run = await triageCase(DEMO_EVIDENCE_DIR, {
      jobId: 't', workers: 2,
      onEvents: async (batch) => {
        seen.push(...batch);
        for (const x of exports) await x.add(batch);
      },
    });
    for (const x of exports) await x.commit();
    for (const format of FINDING_FORMATS) await writeFindingsExport(file(`findings.${format}`), run.scan.findings, run.scan.rules, run.scan.ruleset.version, { format });
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every event of the case once in each format (counts equal the case total)', () => {
    const total = eventTotal(run.scan.evidence);
    expect(total).toBeGreaterThan(1000);
    expect(seen).toHaveLength(total);
    for (const format of ['ecs', 'timesketch', 'splunk'] as const) expect(lines(file(`events.${format}`))).toHaveLength(total);
    expect(parseCsv(readFileSync(file('events.csv'), 'utf8'))).toHaveLength(total + 1);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('ECS: every line is JSON with ECS names only, one per event in the order read', () => {
    const docs = lines(file('events.ecs')).map((l) => JSON.parse(l));
    const problems = new Set<string>();
    for (const d of docs) for (const p of ecsProblems(d)) problems.add(p);
    expect([...problems]).toEqual([]);
    docs.forEach((d, i) => {
      expect(d.winlog.record_id).toBe(String(seen[i]!.record_id));
      expect(d.event.code).toBe(String(seen[i]!.event_id));
    });
    expect(docs.some((d) => d.registry?.path && d.process?.entity_id)).toBe(true);
  });

  it('Timesketch: every line carries message, datetime and timestamp_desc', () => {
    for (const l of lines(file('events.timesketch'))) {
      const o = JSON.parse(l);
      expect(typeof o.message === 'string' && o.message !== '').toBe(true);
      expect(o.datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
      expect(typeof o.timestamp_desc).toBe('string');
    }
  });

  it('Splunk: every line is a HEC object whose Event XML reads back into the event', () => {
    const objs = lines(file('events.splunk')).map((l) => JSON.parse(l));
    objs.forEach((o, i) => {
      const ev = seen[i]!;
      expect(o.sourcetype).toBe('XmlWinEventLog');
      expect(o.source).toBe(`XmlWinEventLog:${ev.channel}`);
      expect(o.host).toBe(ev.dest);
      expect(Math.round(o.time * 1000)).toBe(ev.time_ms);
      const r = readEventXml(o.event);
      expect(r.events).toHaveLength(1);
      const back = normaliseEvent(r.events[0]!.event, { evidence: ev.evidence });
      expect(back.event_id).toBe(ev.event_id);
      expect(back.data).toEqual(ev.data);
    });
  });

  it('CSV: one row per event with the header first', () => {
    const rows = parseCsv(readFileSync(file('events.csv'), 'utf8'));
    expect(rows[0]).toEqual([...TIMELINE_COLUMNS]);
    for (const r of rows) expect(r).toHaveLength(TIMELINE_COLUMNS.length);
  });

  it('findings: ECS alerts with rule.* and threat.*, Timesketch lines and Splunk notables, one per finding', () => {
    const n = run.scan.findings.length;
    expect(n).toBeGreaterThan(0);
    const ecs = lines(file('findings.ecs')).map((l) => JSON.parse(l));
    expect(ecs).toHaveLength(n);
    for (const d of ecs) {
      expect(ecsProblems(d)).toEqual([]);
      expect(d.event.kind).toBe('alert');
      expect(typeof d.rule.id).toBe('string');
      expect(typeof d.rule.name).toBe('string');
      expect(typeof d.rule.ruleset).toBe('string');
    }
    const seed = ecs.find((d) => d.rule.id === '127c8d08-25ff-11ec-9223-acde48001122');
    expect(seed).toBeDefined();
    expect(seed.threat).toMatchObject({ framework: 'MITRE ATT&CK', technique: { id: expect.arrayContaining(['T1218', 'T1112']), subtechnique: { id: ['T1218.010'] } } });
    expect(seed.registry.path).toMatch(/InProcServer32/i);
    expect(ecs.map((d) => d.labels.finding_id)).toEqual(run.scan.findings.map((f) => f.id));
    const ts = lines(file('findings.timesketch')).map((l) => JSON.parse(l));
    expect(ts).toHaveLength(n);
    for (const o of ts) expect(o.message && o.datetime && o.timestamp_desc).toBeTruthy();
    const hec = lines(file('findings.splunk')).map((l) => JSON.parse(l));
    expect(hec).toHaveLength(n);
    for (const o of hec) {
      expect(o).toMatchObject({ source: 'evtx-triage', sourcetype: '_json', event: { security_domain: 'endpoint' } });
      expect(typeof o.time).toBe('number');
      expect(o.event.finding_id).toBeTruthy();
    }
    expect(hec.find((o) => o.event.rule_id === '127c8d08-25ff-11ec-9223-acde48001122').event).toMatchObject({
      annotations: { mitre_attack: expect.arrayContaining(['T1218.010', 'T1112']) }, registry_value_name: expect.any(String), count: expect.any(Number),
    });
  });
});

describe('the triage CLI flags', () => {
  it('parses the export flags and refuses misuse', () => {
    expect(parseTriageArgs(['--events', 'e', '--events-format', 'SPLUNK', '--findings', 'f'])).toMatchObject({ events: 'e', eventsFormat: 'splunk', findings: 'f', findingsFormat: null, bulkAction: null });
    expect(parseTriageArgs(['--events', 'e', '--bulk-actions=create'])).toMatchObject({ bulkAction: 'create' });
    expect(() => parseTriageArgs(['--events', 'e', '--events-format', 'xml'])).toThrow(/ecs, timesketch, splunk, csv/);
    expect(() => parseTriageArgs(['--findings', 'f', '--findings-format', 'csv'])).toThrow(/findings-format/);
    expect(() => parseTriageArgs(['--events-format', 'ecs'])).toThrow(/needs --events/);
    expect(() => parseTriageArgs(['--events', 'e', '--events-format', 'csv', '--bulk-actions'])).toThrow(/ECS export/);
  });

  it('writes ECS events and findings with _bulk action lines, and refuses an export inside the evidence before reading it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'exports-cli-'));
    const c = capture();
    const ev = path.join(dir, 'ev.ndjson');
    const fi = path.join(dir, 'fi.ndjson');
    const json = path.join(dir, 't.json');
    expect(await runTriage(['--no-sigma', '--quiet', '--workers', '2', '--json', json, '--events', ev, '--findings', fi, '--bulk-actions'], c.io)).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    const evLines = lines(ev);
    expect(evLines).toHaveLength(2 * doc.stats.events);
    for (let i = 0; i < evLines.length; i += 2) {
      expect(evLines[i]).toBe('{"index":{}}');
      expect(JSON.parse(evLines[i + 1]!)['@timestamp']).toBeTruthy();
    }
    const fiLines = lines(fi);
    expect(fiLines).toHaveLength(2 * doc.findings.length);
    expect(fiLines.filter((_, i) => i % 2 === 1).map((l) => JSON.parse(l).labels.finding_id)).toEqual(doc.findings.map((f: { finding_id: string }) => f.finding_id));
    expect(c.err.filter((l) => l.includes('--events'))).toEqual([]);

    const evidence = mkdtempSync(path.join(os.tmpdir(), 'exports-evidence-'));
    mkdirSync(path.join(evidence, 'sub'));
    const c2 = capture();
    expect(await runTriage([evidence, '--events', path.join(evidence, 'sub', 'ev.ndjson')], c2.io)).toBe(1);
    expect(c2.err.join('\n')).toMatch(/--events: .*read-only/);
    expect(existsSync(path.join(evidence, 'sub', 'ev.ndjson'))).toBe(false);
    expect(readdirSync(path.join(evidence, 'sub'))).toEqual([]);
    const c3 = capture();
    expect(await runTriage(['--events', ev, '--findings', ev], c3.io)).toBe(2);
    rmSync(dir, { recursive: true, force: true });
    rmSync(evidence, { recursive: true, force: true });
  }, 300_000);
});
