/** The headless triage of the shared corpus: every file with the sha256 SOURCES.md gives, validated (the CLI itself: test/cli/triage.test.ts). */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTriage } from '../../../src-main/cli/run-triage';
import { REPO_ROOT, SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';
import { triageOutputValidator } from '../../helpers/schema';
import { readSourcesMd } from '../../helpers/sources-md';


function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd: REPO_ROOT }, out, err };
}

describe('headless triage', () => {
  it.skipIf(requires('corpus'))('lists the shared evidence with the sha256 SOURCES.md gives, in a document the contract accepts', async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'triage-'));
    const jsonPath = path.join(outDir, 'out.json');
    const c = capture();
    expect(await runTriage([SHARED_EVIDENCE, '--json', jsonPath, '--quiet'], c.io)).toBe(0);
    const doc = JSON.parse(readFileSync(jsonPath, 'utf8'));
    const validate = triageOutputValidator();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const facts = readSourcesMd();
    expect(facts.size).toBeGreaterThanOrEqual(30);
    const byPath = new Map<string, { sha256: string; bytes: number; format: string }>(doc.evidence.map((e: { path: string }) => [e.path, e]));
    // Record counts: SOURCES.md gives evtxexport's. Where our parser reads more (records libevtx
    // gives up on, slots past a bad one), it reads at least as many; the exact counts and the
    // reasons are pinned per sample in test/corpus/ingest/evtx/samples.test.ts.
    const READS_MORE_THAN_LIBEVTX = new Set([
      'omerbenamram-evtx/samples/E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx',
      'omerbenamram-evtx/samples/MSExchange_Management_wec.evtx',
      'omerbenamram-evtx/samples/Microsoft-Windows-HelloForBusiness%4Operational.evtx',
      'omerbenamram-evtx/samples/Microsoft-Windows-LanguagePackSetup%4Operational.evtx',
      'omerbenamram-evtx/samples/issue_201.evtx',
      'omerbenamram-evtx/samples/sample-with-zero-data-size-event.evtx',
      'omerbenamram-evtx/samples/sample_with_a_bad_chunk_magic.evtx',
    ]);
    // evtxexport's counts are of allocated records: recovered ones (slack, older chunk
    // generations, damaged chunks; counted in `recovered`) come on top of them.
    const withRecords = byPath as Map<string, { sha256: string; bytes: number; format: string; records?: number; recovered?: number }>;
    const allocated = (p: string) => {
      const e = withRecords.get(p);
      return e?.records === undefined ? undefined : e.records - (e.recovered ?? 0);
    };
    for (const [p, f] of facts) {
      if (f.events === null) continue;
      if (READS_MORE_THAN_LIBEVTX.has(p)) expect(allocated(p), p).toBeGreaterThanOrEqual(f.events);
      else expect(allocated(p), p).toBe(f.events);
    }
    expect(doc.stats.recovered).toBe(doc.evidence.reduce((n: number, e: { recovered?: number }) => n + (e.recovered ?? 0), 0));
    expect(doc.stats.recovered).toBeGreaterThan(0);
    const members = doc.evidence.filter((e: { path: string }) => e.path.includes('.zip!/'));
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((m: { format: string; sha256: string }) => m.format === 'jsonl' && /^[0-9a-f]{64}$/.test(m.sha256))).toBe(true);
    for (const [p, f] of facts) {
      expect(byPath.get(p), p).toMatchObject({ sha256: f.sha256, bytes: f.bytes });
      const ext = path.extname(p);
      if (ext === '.evtx') expect(byPath.get(p)?.format, p).toBe('evtx');
      if (ext === '.zip') expect(byPath.get(p)?.format, p).toBe('zip');
    }
  });
});
