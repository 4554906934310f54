/** The demo evidence's report rendered by pdftoppm: no near-empty page (the report itself: test/report/render-report-demo-evidence.test.ts). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseScan } from '../../../src-main/shared/contract';
import { createHandlers, dispatchCall } from '../../../src-main/api/handlers';
import { GrantedRoots } from '../../../src-main/api/granted-roots';
import { renderReportPdf } from '../../../src-main/report/render-report';
import { REPO_ROOT } from '../../helpers/paths';
import { CLSID } from '../../report/demo-case';
import { inkPerPage } from '../../report/pdf-inspect';
import { requires } from '../../helpers/requires';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');
const NOTE = 'Demo case: regsvr32 registered DynamicWrapperX from AppData; escalate.';

let scan: CaseScan;
let pdf: Uint8Array;

describe.skipIf(!existsSync(DEMO))('report from the demo evidence', () => {
  beforeAll(async () => {
    const roots = new GrantedRoots();
    const handlers = createHandlers({ roots, chooseFolder: async () => DEMO, chooseSavePath: async () => null, emit: () => {}, workers: 2 });
    const granted = await dispatchCall(handlers, 'chooseEvidenceFolder', null);
    if (!granted.ok) throw new Error(granted.error.message);
    const res = await dispatchCall(handlers, 'scanEvidenceFolder', { root: granted.value as string, jobId: 'report-demo' });
    if (!res.ok) throw new Error(res.error.message);
    scan = res.value as CaseScan;
    const seed = scan.findings.find((f) => f.clsid?.toUpperCase() === CLSID.toUpperCase() && !f.suppressed);
    pdf = await renderReportPdf({
      caseName: 'Demo evidence (synthetic)',
      analyst: 'Test Analyst',
      scan,
      findingIds: null,
      annotations: seed ? { [seed.id]: { status: 'confirmed', note: NOTE, by: 'Test Analyst', at: '2026-11-25T10:00:00.000Z' } } : {},
      generatedAt: '2026-11-25T12:00:00.000Z',
    });
  }, 120_000);

  it.skipIf(requires('pdftoppm'))('renders no near-empty page', () => {
    // 2.5% of the page body inked: a page with a heading and one table row is below it.
    for (const [i, share] of inkPerPage(pdf).entries()) expect(share, `page ${i + 1}`).toBeGreaterThan(0.025);
  });
});
