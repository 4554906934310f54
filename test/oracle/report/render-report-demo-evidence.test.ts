/** The demo evidence's report rendered by pdftoppm: no near-empty page (the report itself: test/report/render-report-demo-evidence.test.ts). */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EVIDENCE as DEMO, demoEvidenceReport } from '../../helpers/demo-evidence-report';
import { inkPerPage } from '../../report/pdf-inspect';
import { requires } from '../../helpers/requires';

let pdf: Uint8Array;

describe.skipIf(!existsSync(DEMO))('report from the demo evidence', () => {
  beforeAll(async () => {
    ({ pdf } = await demoEvidenceReport());
  }, 120_000);

  it.skipIf(requires('pdftoppm'))('renders no near-empty page', () => {
    // 2.5% of the page body inked: a page with a heading and one table row is below it.
    for (const [i, share] of inkPerPage(pdf).entries()) expect(share, `page ${i + 1}`).toBeGreaterThan(0.025);
  });
});
