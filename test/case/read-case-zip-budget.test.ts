/**
 * One inflation budget for the whole case read, across worker threads: N copies of a highly
 * compressible archive read by two workers together inflate no more than the case's budget.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readCase } from '../../src-main/case/read-case';
import { tempEvidenceFolder } from '../helpers/temp-evidence';

/** ~`bytes` of JSON lines, all alike (deflate shrinks them a hundredfold). */
function jsonLines(bytes: number): Uint8Array {
  const line = JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'h', RecordNumber: 1, EventTime: '2024-01-01T00:00:00Z' }) + '\n';
  return new TextEncoder().encode(line.repeat(Math.ceil(bytes / line.length)));
}

describe('readCase: one zip budget per case', () => {
  it('six copies of an archive, two workers: what all of them inflate together stays within the case budget, the rest is refused as zip.bomb', async () => {
    const zip = zipSync({ 'events.jsonl': jsonLines(1_000_000) });
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 6; i++) files[`copy${i}.zip`] = zip;
    const root = tempEvidenceFolder(files);
    const budget = 2_500_000; // two copies and a half
    const scan = await readCase(root, { jobId: 'budget', workers: 2, zipBudgetBytes: budget });
    const members = scan.evidence.filter((e) => e.archive !== undefined);
    const complete = members.filter((m) => m.hashComplete);
    expect(complete.reduce((n, m) => n + m.bytes, 0)).toBeLessThanOrEqual(budget);
    expect(complete.length).toBe(2);
    const refused = scan.evidence.filter((e) => e.archive !== undefined ? !e.hashComplete : e.format === 'zip' && e.error !== undefined);
    expect(refused.length).toBeGreaterThanOrEqual(4);
    for (const e of scan.evidence.filter((x) => !x.hashComplete || x.error)) {
      expect(e.errorSamples.map((s) => s.code)).toContain('zip.bomb');
    }
  });

  it('the same copies within a large enough budget are all read', async () => {
    const zip = zipSync({ 'events.jsonl': jsonLines(200_000) });
    const root = tempEvidenceFolder({ 'a.zip': zip, 'b.zip': zip, 'c.zip': zip });
    const scan = await readCase(root, { jobId: 'budget2', workers: 2, zipBudgetBytes: 1_000_000 });
    expect(scan.evidence.filter((e) => e.archive !== undefined && e.hashComplete)).toHaveLength(3);
    expect(scan.evidence.every((e) => e.error === undefined)).toBe(true);
  });
});
