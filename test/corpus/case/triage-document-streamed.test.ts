/** Streamed outputs at scale against the shared contract (the streaming itself: test/case/triage-document-streamed.test.ts). */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomicFrom } from '../../../src-main/output/output-files';
import { findingsCsvLines } from '../../../src-main/output/findings-csv';
import { triageDocumentJson } from '../../../src-main/case/triage-document';
import { requires } from '../../helpers/requires';
import { triageOutputValidator } from '../../helpers/schema';
import { parseCsv } from '../../helpers/csv-parse';
import { syntheticRun } from '../../cli/synthetic-run';

const GENERATED = new Date('2026-12-05T21:00:00.000Z');
const outDir = () => mkdtempSync(path.join(os.tmpdir(), 'streamed-'));

describe('streamed triage document and CSV', () => {
  const n = 100_000;
  it.skipIf(requires('contracts'))(`${n.toLocaleString('en')} findings: the JSON is complete, in order, and the contract accepts it; the CSV has every row`, async () => {
    const run = syntheticRun(n, { pivots: 'empty' }); // ~1 KB of JSON a finding: ~100 MB to parse back
    const dir = outDir();
    const jsonFile = path.join(dir, 'big.json');
    const csvFile = path.join(dir, 'big.csv');
    await writeFileAtomicFrom(jsonFile, triageDocumentJson(run, GENERATED));
    await writeFileAtomicFrom(csvFile, findingsCsvLines(run.scan.findings));
    expect(readdirSync(dir).sort()).toEqual(['big.csv', 'big.json']);

    const doc = JSON.parse(readFileSync(jsonFile, 'utf8'));
    expect(doc.findings).toHaveLength(n);
    expect(doc.findings[0].finding_id).toBe('synthetic-0');
    expect(doc.findings[n - 1].finding_id).toBe(`synthetic-${n - 1}`);
    expect(doc.findings[n - 1].registry_path.endsWith(`\\${n - 1}`)).toBe(true);
    expect(doc.stats).toMatchObject({ events: n, files: 2 });
    const validate = triageOutputValidator();
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);

    const records = parseCsv(readFileSync(csvFile, 'utf8'));
    expect(records).toHaveLength(n + 1);
    const width = records[0]!.length;
    expect(records.every((r) => r.length === width)).toBe(true);
    const paths = new Set(records.slice(1).map((r) => r[2]));
    expect(paths.size).toBe(n);
  }, 300_000);
});
