/**
 * The CLI's JSON document and CSV, streamed into their files (triageDocumentJson, findingsCsvLines
 * through writeFileAtomicFrom): exactly the text of the whole-document functions, and complete
 * and valid for 100,000 findings. No timing is asserted (speed and memory: notes/trust-measurements.md).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomicFrom } from '../../src-main/output/output-files';
import { findingsCsv, findingsCsvLines } from '../../src-main/output/findings-csv';
import { buildTriageDocument, triageDocumentJson } from '../../src-main/case/triage-document';
import { parseCsv } from '../helpers/csv-parse';
import { syntheticRun } from '../cli/synthetic-run';

const GENERATED = new Date('2026-12-05T21:00:00.000Z');
const outDir = () => mkdtempSync(path.join(os.tmpdir(), 'streamed-'));

describe('streamed triage document and CSV', () => {
  it('the streamed JSON is byte for byte JSON.stringify of the whole document, and parses to it', async () => {
    const run = syntheticRun(2_000);
    const file = path.join(outDir(), 'out.json');
    const bytes = await writeFileAtomicFrom(file, triageDocumentJson(run, GENERATED));
    const written = readFileSync(file, 'utf8');
    const doc = buildTriageDocument(run, GENERATED);
    expect(written).toBe(JSON.stringify(doc, null, 2) + '\n');
    expect(bytes).toBe(Buffer.byteLength(written, 'utf8'));
    expect(JSON.parse(written)).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('the document counts what the detection bounds did not keep (stats.dropped), streamed or whole', async () => {
    const run = syntheticRun(3);
    run.detection.stats.dropped = { ...run.detection.stats.dropped, sigmaMatches: 80_000, timelineEntries: 2 };
    const doc = JSON.parse([...triageDocumentJson(run, GENERATED)].join(''));
    expect(doc.stats.dropped).toEqual({
      sigma_matches: 80_000, correlation_findings: 0, processes: 0, timeline_entries: 2, file_refs: 0, image_loads: 0, registry_refs: 0, writers: 0,
    });
    expect(buildTriageDocument(run, GENERATED).stats.dropped).toEqual(doc.stats.dropped);
  });

  it('the streamed CSV is the whole CSV text', async () => {
    const run = syntheticRun(2_000);
    const file = path.join(outDir(), 'out.csv');
    await writeFileAtomicFrom(file, findingsCsvLines(run.scan.findings));
    // compared as UTF-8 bytes: a lone surrogate in a value is written as U+FFFD either way
    expect(readFileSync(file).equals(Buffer.from(findingsCsv(run.scan.findings), 'utf8'))).toBe(true);
    // the rows are sorted by Splunk's by-fields, the same order splunkTable gives
    const rows = parseCsv(readFileSync(file, 'utf8')).slice(1);
    const dests = rows.map((r) => r[0]!);
    expect(dests).toEqual([...dests].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});
