/**
 * The PDF report of the committed demo evidence (`assets/demo-evidence/`), read through the same
 * handlers the app and the CLI use (chooseEvidenceFolder, scanEvidenceFolder), with the analyst's
 * note on the seed finding, for the report tests of both tiers
 * (test/report/render-report-demo-evidence.test.ts, test/oracle/report/render-report-demo-evidence.test.ts).
 */
import path from 'node:path';
import type { CaseScan } from '../../src-main/shared/contract';
import { createHandlers, dispatchCall } from '../../src-main/api/handlers';
import { GrantedRoots } from '../../src-main/api/granted-roots';
import { renderReportPdf } from '../../src-main/report/render-report';
import { REPO_ROOT } from './paths';
import { CLSID } from '../report/demo-case';

export const DEMO_EVIDENCE = path.join(REPO_ROOT, 'assets/demo-evidence');
/** The analyst's note put on the seed finding (the COM hijack of CLSID). */
export const DEMO_NOTE = 'Demo case: regsvr32 registered DynamicWrapperX from AppData; escalate.';

/** Reads the demo evidence as the app does and renders its report: the case's scan and the PDF. */
export async function demoEvidenceReport(): Promise<{ scan: CaseScan; pdf: Uint8Array }> {
  const roots = new GrantedRoots();
  const handlers = createHandlers({ roots, chooseFolder: async () => DEMO_EVIDENCE, chooseSavePath: async () => null, emit: () => {}, workers: 2 });
  const granted = await dispatchCall(handlers, 'chooseEvidenceFolder', null);
  if (!granted.ok) throw new Error(granted.error.message);
  const res = await dispatchCall(handlers, 'scanEvidenceFolder', { root: granted.value as string, jobId: 'report-demo' });
  if (!res.ok) throw new Error(res.error.message);
  const scan = res.value as CaseScan;
  const seed = scan.findings.find((f) => f.clsid?.toUpperCase() === CLSID.toUpperCase() && !f.suppressed);
  const pdf = await renderReportPdf({
    caseName: 'Demo evidence (synthetic)',
    analyst: 'Test Analyst',
    scan,
    findingIds: null,
    annotations: seed ? { [seed.id]: { status: 'confirmed', note: DEMO_NOTE, by: 'Test Analyst', at: '2026-11-25T10:00:00.000Z' } } : {},
    generatedAt: '2026-11-25T12:00:00.000Z',
  });
  return { scan, pdf };
}
