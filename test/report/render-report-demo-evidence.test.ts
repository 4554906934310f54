/**
 * The report made from the committed demo evidence, read through the same handlers the app and the
 * CLI use. The evidence table must carry the real SHA-256 of every file. When the scan carries
 * findings (the detection engine wired into the case read), the seed finding's CLSID, DLL and
 * processes must be in the report too; until then that part is skipped, and says so.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseScan } from '../../src-main/shared/contract';
import { DEMO_EVIDENCE as DEMO, DEMO_NOTE as NOTE, demoEvidenceReport } from '../helpers/demo-evidence-report';
import { CLSID, DLL } from './demo-case';
import { extractPages, readOutline, squash } from './pdf-inspect';

let scan: CaseScan;
let pdf: Uint8Array;
let text: string;
let pages: number;

describe.skipIf(!existsSync(DEMO))('report from the demo evidence', () => {
  beforeAll(async () => {
    ({ scan, pdf } = await demoEvidenceReport());
    const read = await extractPages(pdf);
    pages = read.length;
    text = squash(read.map((p) => p.text).join(''));
  }, 120_000);

  it('lists every evidence file with the SHA-256 of its bytes', () => {
    expect(scan.evidence.length).toBeGreaterThanOrEqual(7);
    for (const e of scan.evidence) {
      const sha = createHash('sha256').update(readFileSync(path.join(DEMO, e.path))).digest('hex');
      expect(e.sha256).toBe(sha);
      expect(text, e.path).toContain(sha);
      expect(text, e.path).toContain(squash(e.path));
    }
  });

  it('names the seed finding: CLSID, DLL, processes and the analyst note', (ctx) => {
    if (scan.findings.length === 0) ctx.skip('the case read does not carry findings yet');
    for (const s of [CLSID, DLL, 'regsvr32.exe', 'wscript.exe', NOTE]) expect(text, s).toContain(squash(s));
  });

  it('fits the demo case in 24 pages or fewer, one section per incident, each with a bookmark', async () => {
    expect(pages).toBeLessThanOrEqual(24);
    const outline = await readOutline(pdf);
    expect(outline.map((o) => o.title)).toContain('1. Executive summary');
    const incidents = outline.find((o) => o.title === '3. Incidents')!.items;
    // The demo's regsvr32 registers DynamicWrapperX: several rules on one process are one incident.
    const regsvr = incidents.find((o) => /^I\d+\. regsvr32\.exe on WS-FIN-07/.test(o.title));
    expect(regsvr, incidents.map((o) => o.title).join(' | ')).toBeDefined();
    expect(text.split(squash('Process timeline of regsvr32.exe')).length - 1).toBe(1);
  });

});
