/**
 * The JSON document's findings and the CSV are projections of the case's findings (the one finding
 * shape): for every finding of the demo triage, the document finding and the case finding carry the
 * same id and the same process, rule and Splunk fields, and a change to the case finding is what
 * the document writes (no second mapping from the engine).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { triageCase, type TriageRun } from '../../src-main/case/detection-run';
import { buildTriageDocument } from '../../src-main/case/triage-document';
import { SIGMA_DOCUMENT_PARALLEL_MAX, documentFinding } from '../../src-main/output/document-finding';
import { findingsCsv } from '../../src-main/output/findings-csv';
import { splunkTable } from '../../src-main/output/splunk-table';
import type { TriageFinding } from '../../src-main/shared/contract';
import { REPO_ROOT } from '../helpers/paths';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');
const SAME = [
  'rule_id', 'rule_name', 'risk_score', 'level', 'source', 'dest', 'user', 'count', 'suppressed', 'message', 'clsid',
  'process_guid', 'process_name', 'process_path', 'process', 'process_id', 'process_guids', 'process_join', 'process_start_time',
  'parent_process_guid', 'parent_process_name', 'parent_process_path', 'parent_process', 'process_start_in_evidence',
] as const;

describe('the document finding and the case finding', () => {
  let run: TriageRun;
  beforeAll(async () => {
    run = await triageCase(DEMO, { jobId: 'document-finding', workers: 1 });
  }, 120_000);

  it('are the same record for every demo finding: one id, the same process and rule fields', () => {
    const doc = buildTriageDocument(run, new Date(0));
    const cases = run.scan.findings;
    expect(cases.length).toBeGreaterThan(0);
    expect(new Set(cases.map((f) => f.source))).toEqual(new Set(['builtin', 'sigma']));
    expect(doc.findings).toHaveLength(cases.length);
    expect(new Set(cases.map((f) => f.id)).size).toBe(cases.length);
    cases.forEach((c, i) => {
      const d = doc.findings[i]!;
      expect(d.finding_id, `finding ${i}`).toBe(c.id);
      for (const k of SAME) expect(d[k], `${c.id}.${k}`).toEqual(c[k]);
      expect(d.risk_reasons).toEqual(c.risk_factors);
      expect(c.risk_reasons).toEqual(c.risk_factors.map((r) => `${r.delta > 0 ? '+' : ''}${r.delta} ${r.reason}`));
      expect((d.sigma as { author?: unknown } | undefined)?.author ?? null).toBe(c.sigma?.author ?? null);
      // The DLL pivot's processes: the same refs (the document leaves out those without a time).
      const guids = (refs: { process_guid: string; time: string }[]) => refs.filter((r) => r.time !== '').map((r) => r.process_guid);
      expect(d.pivots.dll_created_by.map((r) => r.process_guid)).toEqual(guids(c.pivots.dll_created_by));
      expect(d.pivots.dll_loaded_by.map((r) => r.process_guid)).toEqual(guids(c.pivots.dll_loaded_by));
      // The tree the view shows is the tree the document writes.
      const tree = d.pivots.tree as { process: { process_guid: string } | null };
      expect(tree.process?.process_guid ?? null).toBe(c.pivots.tree.find((n) => n.relation === 'self')?.process_guid ?? null);
    });
  });

  it('writes what the case finding holds: a projection, not a second mapping', () => {
    const c = run.scan.findings.find((f) => f.source === 'builtin')!;
    const changed = { ...c, parent_process_name: 'changed.exe', id: 'changed-id', risk_factors: [{ id: 'x', delta: 1, reason: 'changed' }] };
    const d = documentFinding(changed);
    expect(d).toMatchObject({ parent_process_name: 'changed.exe', finding_id: 'changed-id', risk_reasons: [{ id: 'x', delta: 1, reason: 'changed' }] });
    expect(documentFinding(c).finding_id).toBe(c.id);
  });

  it('the CSV has one row per case finding, with its Splunk row', () => {
    const lines = findingsCsv(run.scan.findings).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(run.scan.findings.length + 1);
    const table = splunkTable(run.scan.findings, { includeSuppressed: true });
    expect(table).toHaveLength(run.scan.findings.length);
    for (const row of table) expect(lines.some((l) => l.startsWith(`${row.dest},`) && l.includes(`,${row.count},${row.firstTime},${row.lastTime},`))).toBe(true);
  });

  it("lists a Sigma finding's nearest parallel processes (total kept, truncated set) and a built-in finding's all", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({
      process_guid: `{00000000-0000-0000-0000-${String(i).padStart(12, '0')}}`, process_name: `p${i}.exe`, process_path: null, process: null,
      process_id: i, user: null, start_time: null, end_time: null, start_offset_ms: i * 1000,
    }));
    const withParallel = (c: TriageFinding, n: number): TriageFinding => ({
      ...c, pivots: { ...c.pivots, detected: { ...c.pivots.detected, parallel: { window_ms: 300_000, at: c.firstTime, processes: many(n), total: n, truncated: false } } },
    });
    type Par = { processes: { process_guid: string }[]; total: number; truncated: boolean; window_ms: number };
    const sigma = run.scan.findings.find((f) => f.source === 'sigma')!;
    const builtin = run.scan.findings.find((f) => f.source === 'builtin')!;
    const cut = documentFinding(withParallel(sigma, 150)).pivots.parallel as Par;
    expect(cut.processes.map((p) => p.process_guid)).toEqual(many(SIGMA_DOCUMENT_PARALLEL_MAX).map((p) => p.process_guid));
    expect(cut).toMatchObject({ total: 150, truncated: true, window_ms: 300_000 });
    const whole = documentFinding(withParallel(sigma, SIGMA_DOCUMENT_PARALLEL_MAX)).pivots.parallel as Par;
    expect(whole).toMatchObject({ total: SIGMA_DOCUMENT_PARALLEL_MAX, truncated: false });
    expect(whole.processes).toHaveLength(SIGMA_DOCUMENT_PARALLEL_MAX);
    const seed = documentFinding(withParallel(builtin, 150)).pivots.parallel as Par;
    expect(seed).toMatchObject({ total: 150, truncated: false });
    expect(seed.processes).toHaveLength(150);
    // What the app and the PDF show, the case finding's own list, is not cut.
    const input = withParallel(sigma, 150);
    documentFinding(input);
    expect(input.pivots.detected.parallel.processes).toHaveLength(150);
  });
});
