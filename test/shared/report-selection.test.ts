/** Which findings the PDF prints in full and which in brief: the bounds hold and every finding is accounted for. */
import { describe, expect, it } from 'vitest';
import { selectFindings } from '../../src-main/shared/report-selection';
import { BRIEF_GROUPS_MAX, BRIEF_MAX, FULL_DETAIL_ALL, FULL_MAX, FULL_PER_RULE_HOST } from '../../src-main/shared/report-bounds';
import { manyFindings } from '../report/many-findings';

function accounted(sel: ReturnType<typeof selectFindings>): number {
  return sel.full.length + sel.brief.reduce((n, g) => n + g.rows.length + g.unlisted, 0) + sel.ungroupedCount;
}

describe('selectFindings', () => {
  it('prints every finding in full up to FULL_DETAIL_ALL', () => {
    const fs = manyFindings(FULL_DETAIL_ALL, 1);
    const sel = selectFindings(fs);
    expect(sel.bounded).toBe(false);
    expect(sel.full).toEqual(fs);
    expect(sel.brief).toEqual([]);
  });

  it('above it, at most FULL_PER_RULE_HOST in full per rule and host, the rest in brief groups with their counts', () => {
    const fs = manyFindings(FULL_DETAIL_ALL + 1, 1); // 4 rules on one host
    const sel = selectFindings(fs);
    expect(sel.bounded).toBe(true);
    const perGroup = new Map<string, number>();
    for (const f of sel.full) perGroup.set(`${f.rule_id}|${f.dest}`, (perGroup.get(`${f.rule_id}|${f.dest}`) ?? 0) + 1);
    expect([...perGroup.values()].every((n) => n <= FULL_PER_RULE_HOST)).toBe(true);
    expect(sel.full.length).toBe(perGroup.size * FULL_PER_RULE_HOST);
    for (const g of sel.brief) {
      const total = fs.filter((f) => f.rule_id === g.rule_id && f.dest === g.dest).length;
      expect(g.total).toBe(total);
      expect(g.inFull).toBe(FULL_PER_RULE_HOST);
      expect(g.rows.length + g.unlisted).toBe(total - FULL_PER_RULE_HOST);
      expect(g.rows.every((f) => f.rule_id === g.rule_id && f.dest === g.dest)).toBe(true);
    }
    expect(accounted(sel)).toBe(fs.length);
  });

  it('names a Sigma rule\'s author on its brief group (DRL 1.1), and none for a built-in rule', () => {
    const fs = manyFindings(FULL_DETAIL_ALL + 1, 1);
    const sigma = fs.map((f, i) => (i % 2 === 0 ? f : { ...f, rule_id: `sigma-${f.rule_id}`, source: 'sigma' as const, sigma: { ...(f.sigma ?? {}), author: 'A. Author' } as NonNullable<typeof f.sigma> }));
    const sel = selectFindings(sigma);
    const groups = sel.brief;
    expect(groups.some((g) => g.sigma_author === 'A. Author' && g.rule_id.startsWith('sigma-'))).toBe(true);
    expect(groups.filter((g) => !g.rule_id.startsWith('sigma-')).every((g) => g.sigma_author === null)).toBe(true);
  });

  it('keeps the input order: the findings in full are each group\'s first (highest-risk) ones', () => {
    const fs = manyFindings(500, 3);
    const sel = selectFindings(fs);
    const index = new Map(fs.map((f, i) => [f.id, i]));
    for (const g of sel.brief) {
      const fullOfGroup = sel.full.filter((f) => f.rule_id === g.rule_id && f.dest === g.dest).map((f) => index.get(f.id)!);
      for (const r of g.rows) expect(index.get(r.id)!).toBeGreaterThan(Math.max(...fullOfGroup));
    }
  });

  it('bounds everything for 100,000 findings on 5,000 hosts, and counts what it leaves out', () => {
    const fs = manyFindings(100_000, 5_000);
    const sel = selectFindings(fs);
    expect(sel.full.length).toBeLessThanOrEqual(FULL_MAX);
    expect(sel.brief.length).toBeLessThanOrEqual(BRIEF_GROUPS_MAX);
    expect(sel.brief.reduce((n, g) => n + g.rows.length, 0)).toBe(BRIEF_MAX);
    expect(sel.ungroupedCount).toBeGreaterThan(0);
    expect(sel.ungroupedGroups).toBeGreaterThan(0);
    expect(accounted(sel)).toBe(100_000);
  });
});
