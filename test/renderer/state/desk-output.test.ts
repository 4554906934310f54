/**
 * The desk's report request: a large case sends the pivots of only the findings the report prints
 * in full (the report's own selection), so it stays within saveReport's bounds.
 */
import { describe, expect, it } from 'vitest';
import { DeskOutput } from '../../../src-renderer/state/desk-output';
import type { TriageDesk } from '../../../src-renderer/state/triage-desk.svelte';
import { selectFindings } from '../../../src-main/shared/report-selection';
import { FULL_DETAIL_ALL } from '../../../src-main/shared/report-bounds';
import { manyFindings } from '../../report/many-findings';
import { demoScan } from '../../report/demo-case';

function deskOf(count: number) {
  const rows = manyFindings(count);
  const asked: string[] = [];
  const desk = {
    current: { ...demoScan(), findings: undefined },
    rows,
    marks: { suppressions: [] },
    db: { detail: async (_fp: string, id: string) => { asked.push(id); return { pivots: rows.find((r) => r.id === id)!.pivots, events: [] }; } },
  } as unknown as TriageDesk;
  return { desk, rows, asked };
}

describe('DeskOutput.reportScan', () => {
  it('a small case: every finding with its pivots', async () => {
    const { desk, asked } = deskOf(FULL_DETAIL_ALL);
    const scan = await new DeskOutput(desk).reportScan();
    expect(asked).toHaveLength(FULL_DETAIL_ALL);
    expect(scan.findings).toHaveLength(FULL_DETAIL_ALL);
  });

  it('a large case: pivots only for the findings printed in full, every finding still listed', async () => {
    const { desk, rows, asked } = deskOf(2_000);
    const scan = await new DeskOutput(desk).reportScan();
    const full = selectFindings(rows.filter((f) => !f.suppressed)).full.map((f) => f.id);
    expect(scan.findings).toHaveLength(2_000);
    expect(asked.sort()).toEqual([...full].sort());
    expect(asked.length).toBeLessThan(2_000);
    const withPivots = scan.findings.filter((f) => f.pivots.tree.length > 0).map((f) => f.id);
    expect(withPivots.length).toBeGreaterThan(0);
    expect(full).toEqual(expect.arrayContaining(withPivots));
  });

  it('a report of chosen findings selects among those only', async () => {
    const { desk, rows, asked } = deskOf(2_000);
    const chosen = rows.slice(0, 5).map((f) => f.id);
    await new DeskOutput(desk).reportScan(chosen);
    expect(asked.sort()).toEqual([...chosen].sort());
  });
});
