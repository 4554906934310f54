/**
 * A report of 100,000 findings is bounded: the pdfmake document (what the layout holds in memory)
 * has no more table rows and text than one of a few thousand, and says in words what it leaves out.
 * The time and peak memory of the real render are measured by render-many.ts, not asserted here.
 */
import { describe, expect, it } from 'vitest';
import { buildDocDefinition } from '../../src-main/report/pdf-document';
import { buildReportModel, withPrintedPivotsOnly } from '../../src-main/report/report-model';
import { fmtInt } from '../../src-main/report/format';
import { BRIEF_MAX, FULL_MAX, SUMMARY_NAMES_MAX } from '../../src-main/shared/report-bounds';
import { withoutBreaks } from '../../src-main/report/safe-text';
import { manyFindingsRequest } from './many-findings';

interface Size { rows: number; chars: number; texts: string[] }

/** Table rows and characters of text anywhere in a document definition. */
function measure(node: unknown, acc: Size = { rows: 0, chars: 0, texts: [] }): Size {
  if (typeof node === 'string') { acc.chars += node.length; acc.texts.push(node); return acc; }
  if (Array.isArray(node)) { for (const x of node) measure(x, acc); return acc; }
  if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const table = o.table as { body?: unknown[] } | undefined;
    if (table && Array.isArray(table.body)) acc.rows += table.body.length;
    for (const [k, v] of Object.entries(o)) if (k !== 'svg') measure(v, acc);
  }
  return acc;
}

function docOf(count: number, hosts: number) {
  const req = manyFindingsRequest(count, hosts);
  const model = buildReportModel(req, '2026-11-25T12:00:00.000Z');
  const size = measure(buildDocDefinition(model).content);
  return { model, size, text: withoutBreaks(size.texts.join('\n')) };
}

describe('a report of many findings', () => {
  it('is no bigger with 100,000 findings than with 10,000', () => {
    // 500 hosts, one rule each: the same 500 brief groups fill up in both.
    const small = docOf(10_000, 500);
    const big = docOf(100_000, 500);
    expect(big.model.findings.length).toBe(FULL_MAX);
    expect(big.size.rows).toBe(small.size.rows);
    expect(big.size.chars).toBeLessThan(small.size.chars * 1.02);
    // Spread over 5,000 hosts (more groups than the brief tables name), still within the same bound.
    const spread = docOf(100_000, 5_000);
    expect(spread.size.rows).toBeLessThanOrEqual(small.size.rows);
    expect(spread.text).toContain('beyond the 500 listed here are not listed: the JSON and CSV exports list every one');
  }, 240_000); // three models of up to 100,000 findings on a loaded 2-core machine

  it('says how many findings each rule has on each host beyond those in full, and what is not listed', () => {
    const { model, text } = docOf(2_000, 5);
    // 2,000 findings of 4 rules on 5 hosts: 20 groups of 100, 3 of each in full, 97 in brief.
    const groups = model.brief.brief;
    expect(groups.length).toBe(20);
    const g = groups[0]!;
    expect(g.total).toBe(100);
    expect(text).toContain(`97 more findings of rule ${g.rule_name} on host ${g.dest}, listed below in brief`);
    const listed = groups.reduce((n, x) => n + x.rows.length, 0);
    expect(listed).toBe(BRIEF_MAX);
    expect(text).toContain(`${2_000 - 60 - BRIEF_MAX} are only counted here: the JSON and CSV exports list every one`);
    expect(text).toContain('2,000 reported findings are more than the 100 this report prints in full: 60 are printed in full');
    const last = groups.at(-1)!;
    expect(last.unlisted).toBeGreaterThan(0);
    expect(text).toContain(`${last.unlisted} more findings of this rule on this host not listed (the compact tables' cap)`);
  });

  it('lists the rules with a single finding on a host as rows of one table, not a heading and table each', () => {
    // 250 findings on 250 hosts: every rule and host pair has one finding; 100 are in full, 150 in brief.
    const { model, text } = docOf(250, 250);
    expect(model.brief.brief.every((g) => g.total === 1)).toBe(true);
    expect(text.split('with one finding each').length - 1).toBe(1);
    expect(text).toContain('150 rule and host pairs with one finding each');
    expect(text).not.toContain('1 finding of rule');
    // Each row names its host and its rule's source.
    for (const g of model.brief.brief) expect(text).toContain(g.dest);
  });

  it('names at most SUMMARY_NAMES_MAX hosts and counts the rest', () => {
    const { model, text } = docOf(1_000, 1_000);
    // The executive summary names hosts with a finding at its level or above (the low ones are not).
    const n = model.executive.hosts.length;
    expect(n).toBe(750);
    expect(text).toContain(`and ${n - SUMMARY_NAMES_MAX} more hosts (${fmtInt(n)} in all)`);
  });
});

describe('withPrintedPivotsOnly', () => {
  it('leaves out the pivots of findings not printed in full, and the document is the same', () => {
    const req = manyFindingsRequest(400, 7);
    const trimmed = withPrintedPivotsOnly(req);
    const at = '2026-11-25T12:00:00.000Z';
    const a = buildReportModel(req, at);
    const b = buildReportModel(trimmed, at);
    expect(JSON.stringify(buildDocDefinition(b).content)).toBe(JSON.stringify(buildDocDefinition(a).content));
    const full = new Set(a.findings.map((s) => s.finding.id));
    const emptied = trimmed.scan.findings.filter((f) => f.pivots.timeline.length === 0 && !full.has(f.id));
    expect(emptied.length).toBe(req.scan.findings.length - full.size);
    // The findings printed in full are passed on untouched.
    trimmed.scan.findings.forEach((f, i) => { if (full.has(f.id)) expect(f).toBe(req.scan.findings[i]); });
  });

  it('changes nothing when every finding is printed in full', () => {
    const req = manyFindingsRequest(20, 2);
    expect(withPrintedPivotsOnly(req)).toBe(req);
  });
});
