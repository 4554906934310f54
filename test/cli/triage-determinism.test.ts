/**
 * The same evidence gives the same findings whatever the worker count: a generated folder (the
 * events of test/tools/export-memory/make-many-findings-case.ts: Sysmon-channel events, a Sigma
 * rule matching every one) split over three files whose events share hosts, so a finding gathers
 * events from several files and the batches of the files interleave differently with 1 and 2
 * workers. The JSON findings (ids, counts, times, listed events, processes) and the Sigma counts
 * must be identical; only the run's own times may differ.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTriage } from '../../src-main/cli/run-triage';
import { REPO_ROOT } from '../helpers/paths';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';

/** The rule of make-many-findings-case.ts (that tool is a script: it runs on import). */
const RULE = `title: Synthetic test rule, every event of the many-hosts evidence
id: 6f1c2d3e-5a4b-4c3d-8e2f-000000000001
status: test
description: Matches every event of the many-hosts test evidence.
author: EVTX Triage tests
logsource:
  product: windows
  service: sysmon
detection:
  selection:
    Provider_Name: Microsoft-Windows-Sysmon
  condition: selection
level: high
`;

const SYSMON = { name: 'Microsoft-Windows-Sysmon', guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' };
const HOSTS = 400;

/** `count` events of seed `seed` on hosts H0…H399, record ids from `firstRecordId` (distinct across the files). */
function evtx(seed: number, count: number, firstRecordId: number): Uint8Array {
  const events = sampleEvents(seed, count).map((e, i) => ({
    ...e, provider: SYSMON, channel: 'Microsoft-Windows-Sysmon/Operational', computer: `H${(i * 7 + seed) % HOSTS}.corp.example`,
  }));
  return new EvtxWriter({ firstRecordId }).addAll(events).toBytes();
}

async function triage(evidence: string, rules: string, workers: number): Promise<Record<string, unknown>> {
  const out = mkdtempSync(path.join(os.tmpdir(), `triage-det-${workers}-`));
  const json = path.join(out, 't.json');
  const err: string[] = [];
  const io = { out: () => {}, err: (l: string) => err.push(l), cwd: REPO_ROOT };
  const code = await runTriage([evidence, '--no-sigma', '--rules', rules, '--workers', String(workers), '--json', json, '--quiet'], io);
  expect(code, err.join('\n')).toBe(0);
  return JSON.parse(readFileSync(json, 'utf8'));
}

/** The document without what legitimately differs between two runs (when and how long). */
function comparable(doc: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(doc, (k, v) => (['generated', 'generated_at', 'elapsed_ms', 'scannedAt', 'scanned_at', 'started_at', 'finished_at'].includes(k) ? undefined : v)));
}

describe('triage: the same findings with 1 and 2 workers', () => {
  it('findings, listed events and counts are identical (3 files sharing 400 hosts, every event a match)', async () => {
    const evidence = tempEvidenceFolder({
      'a/many-hosts-1.evtx': evtx(7, 2500, 1),
      'b/many-hosts-2.evtx': evtx(8, 2000, 100_001),
      'many-hosts-3.evtx': evtx(9, 1500, 200_001),
    });
    const rulesDir = mkdtempSync(path.join(os.tmpdir(), 'det-rules-'));
    writeFileSync(path.join(rulesDir, 'every-event.yml'), RULE);
    const one = await triage(evidence, rulesDir, 1);
    const two = await triage(evidence, rulesDir, 2);
    const sigma = (one['findings'] as Array<{ source: string; count: number; events: unknown[] }>).filter((f) => f.source === 'sigma');
    expect(sigma).toHaveLength(HOSTS);
    expect(sigma.reduce((n, f) => n + f.count, 0)).toBe(6000);
    expect(sigma.every((f) => f.events.length === f.count)).toBe(true);
    expect(JSON.stringify(comparable(two)['findings'])).toBe(JSON.stringify(comparable(one)['findings']));
    expect(comparable(two)).toEqual(comparable(one));
  }, 120_000);
});
