/**
 * saveReport end to end through the handler table: the request's bounds, the checks the handler
 * makes (and states in the report) and the refusal to save inside the evidence folder.
 */
import { mkdtempSync, readFileSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseScan, ReportRequest } from '../../src-main/shared/contract';
import { createHandlers, dispatchCall } from '../../src-main/api/handlers';
import { GrantedRoots } from '../../src-main/api/granted-roots';
import { MAX_REPORT_FINDINGS, MAX_REPORT_STRING, checkReportRequestSize } from '../../src-main/shared/report-request-bounds';
import { validateReportRequest } from '../../src-main/api/validate-args';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { demoRequest } from '../report/demo-case';
import { extractPages, squash } from '../report/pdf-inspect';

async function setup(savePath: (root: string) => string) {
  const root = tempEvidenceFolder({ 'a.jsonl': '{"EventID":1}\n', 'sub/b.txt': 'notes' });
  const roots = new GrantedRoots();
  let granted = '';
  const handlers = createHandlers({
    roots, chooseFolder: async () => root, chooseSavePath: async () => savePath(granted), emit: () => {}, workers: 1,
  });
  granted = ((await dispatchCall(handlers, 'chooseEvidenceFolder', null)) as { value: string }).value;
  const scan = ((await dispatchCall(handlers, 'scanEvidenceFolder', { root: granted, jobId: 'j' })) as { ok: true; value: CaseScan }).value;
  return { handlers, granted, scan, request: { ...demoRequest(), scan: { ...demoRequest().scan, root: scan.root, evidence: scan.evidence } } as ReportRequest };
}

const reportText = async (file: string): Promise<string> => squash((await extractPages(new Uint8Array(readFileSync(file)))).map((p) => p.text).join(''));

describe('saveReport', () => {
  it('states the checks it made: saved outside the evidence (checked), sizes and times unchanged', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'report-out-')), 'r.pdf');
    const { handlers, request } = await setup(() => out);
    // A page claiming checks it cannot make is ignored.
    const res = await dispatchCall(handlers, 'saveReport', { ...request, checks: { outputOutsideEvidence: true, unchanged: { checked: 999, changed: [], missing: [] } } });
    expect(res).toMatchObject({ ok: true, value: { path: out } });
    const text = await reportText(out);
    expect(text).toContain(squash('report saved outside the evidence folder (checked)'));
    expect(text).toContain(squash('sizes and modification times unchanged (2 checked)'));
    expect(text).toContain(squash('SHA-256 was computed over the whole content of all 2 evidence files'));
  }, 240_000);

  it('says which files changed after reading', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'report-out-')), 'r.pdf');
    const { handlers, granted, request } = await setup(() => out);
    utimesSync(path.join(granted, 'sub/b.txt'), new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
    expect(await dispatchCall(handlers, 'saveReport', request)).toMatchObject({ ok: true });
    const text = await reportText(out);
    expect(text).toContain(squash('1 file changed size or modification time (sub/b.txt)'));
  }, 240_000);

  it('refuses to save inside the evidence folder before rendering anything', async () => {
    const { handlers, request } = await setup((root) => path.join(root, 'report.pdf'));
    expect(await dispatchCall(handlers, 'saveReport', request)).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
  }, 120_000);

  it('refuses requests beyond its bounds with a bad_argument error naming the bound', async () => {
    const req = demoRequest();
    const f = req.scan.findings[0]!;
    const tooMany = { ...req, scan: { ...req.scan, findings: new Array(MAX_REPORT_FINDINGS + 1).fill(f) } };
    expect(() => validateReportRequest(tooMany)).toThrow(/scan\.findings holds 200001 items/);
    const longString = { ...req, scan: { ...req.scan, findings: [{ ...f, process: 'x'.repeat(MAX_REPORT_STRING + 1) }] } };
    expect(() => validateReportRequest(longString)).toThrow(/scan\.findings\[0\]\.process is a string of/);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(checkReportRequestSize({ ...req, annotations: { x: deep } } as unknown as Record<string, unknown>)?.what).toMatch(/nested more than/);
    const handlers = createHandlers({ roots: new GrantedRoots(), chooseFolder: async () => null, chooseSavePath: async () => '/tmp/never.pdf', emit: () => {} });
    expect(await dispatchCall(handlers, 'saveReport', tooMany)).toMatchObject({ ok: false, error: { code: 'bad_argument', message: expect.stringMatching(/cannot take it/) } });
    expect(checkReportRequestSize(req as unknown as Record<string, unknown>)).toBeNull();
  });
});
