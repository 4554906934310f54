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
import { documentFinding } from '../../src-main/output/document-finding';
import { findingsCsv } from '../../src-main/output/findings-csv';
import { splunkTable } from '../../src-main/output/splunk-table';
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
});
