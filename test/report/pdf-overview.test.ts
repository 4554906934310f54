/** The report's evidence table: one row per file (its fingerprint and time never part from it), each row not read for events marked in the totals' words. */
import { describe, expect, it } from 'vitest';
import type { Content } from 'pdfmake/interfaces';
import { evidenceSection } from '../../src-main/report/pdf-overview';
import { Writer } from '../../src-main/report/pdf-layout';
import { BODY_FONT, MONO_FONT, familyCoverage } from '../../src-main/report/fonts';
import { buildReportModel } from '../../src-main/report/report-model';
import { NOT_EVIDENCE_WORDS } from '../../src-main/shared/evidence-rows';
import { demoRequest } from './demo-case';

function evidenceTable(content: Content[]): { body: unknown[][]; dontBreakRows?: boolean } {
  const found: { body: unknown[][]; dontBreakRows?: boolean }[] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c)) { c.forEach(walk); return; }
    if (c === null || typeof c !== 'object') return;
    const o = c as Record<string, unknown>;
    if (o.table) found.push(o.table as { body: unknown[][] });
    walk(o.stack);
  };
  walk(content);
  return found.find((t) => JSON.stringify(t.body[0]).includes('Records parsed'))!;
}

/** The text of some content, its parts joined (a code span is many parts) and without the wrap points. */
function flat(x: unknown): string {
  if (typeof x === 'string') return x.replaceAll('\u200b', '');
  if (Array.isArray(x)) return x.map(flat).join('');
  if (x === null || typeof x !== 'object') return '';
  const o = x as Record<string, unknown>;
  return [flat(o.text), flat(o.stack), ...(o.rowSpan !== undefined ? ['rowSpan'] : [])].join('');
}

describe('the evidence table of the report', () => {
  it('gives each file one row, kept whole, with its SHA-256 and modification time; marks the file skipped as not evidence and the archive member', () => {
    const req = demoRequest();
    const first = req.scan.evidence[0]!;
    const evidence = [
      first,
      { ...first, path: 'README.md', format: 'unknown' as const, records: null },
      { ...first, path: 'logs.zip!/a.jsonl', format: 'jsonl' as const, archive: 'logs.zip' },
    ];
    const model = buildReportModel({ ...req, scan: { ...req.scan, evidence } }, '2026-11-25T12:00:00.000Z');
    const w = new Writer({ body: familyCoverage(BODY_FONT), mono: familyCoverage(MONO_FONT) });
    const t = evidenceTable(evidenceSection(w, model));
    expect(t.dontBreakRows).toBe(true);
    // The header, a row per entry, the total.
    expect(t.body).toHaveLength(1 + evidence.length + 1);
    expect(flat(t.body).includes('rowSpan')).toBe(false);
    const row = (path: string): string => flat(t.body.find((r) => flat(r[1]).includes(path)));
    expect(row(first.path)).toContain(first.sha256);
    expect(row(first.path)).toContain('modified ');
    expect(row(first.path)).not.toContain(NOT_EVIDENCE_WORDS);
    expect(row('README.md')).toContain(NOT_EVIDENCE_WORDS);
    expect(row('logs.zip!/a.jsonl')).toContain('archive member');
    expect(flat(t.body.at(-1))).toContain(`1 file ${NOT_EVIDENCE_WORDS}`);
  });

  it('gives the folder and its fingerprint a line each, so the hash is never wrapped after the folder path', () => {
    const req = demoRequest();
    const model = buildReportModel(req, '2026-11-25T12:00:00.000Z');
    const w = new Writer({ body: familyCoverage(BODY_FONT), mono: familyCoverage(MONO_FONT) });
    const texts = (c: unknown): string[] => {
      if (Array.isArray(c)) return c.flatMap(texts);
      if (c === null || typeof c !== 'object') return [];
      const o = c as Record<string, unknown>;
      return o.stack ? texts(o.stack) : o.text !== undefined ? [flat(o.text)] : [];
    };
    const lines = texts(evidenceSection(w, model));
    expect(lines).toContain(`Evidence folder: ${model.cover.evidenceRoot}`);
    expect(lines).toContain(`Evidence fingerprint: ${model.cover.fingerprint}`);
  });
});
