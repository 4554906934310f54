/** The headless triage's PDF: rendered in the report worker, stating the checks the CLI made. */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYST_NOT_GIVEN } from '../../src-main/cli/args';
import { runTriage } from '../../src-main/cli/run-triage';
import { REPO_ROOT } from '../helpers/paths';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { extractPages, squash } from '../report/pdf-inspect';

describe('triage --pdf', () => {
  it('writes the report with the output path and the evidence times checked', async () => {
    const root = tempEvidenceFolder({ 'a.jsonl': '{"EventID":1}\n', 'b.txt': 'notes' });
    const pdfPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'triage-pdf-')), 'r.pdf');
    const code = await runTriage([root, '--pdf', pdfPath, '--quiet'], { out: () => {}, err: () => {}, cwd: REPO_ROOT });
    expect(code).toBe(0);
    const text = squash((await extractPages(new Uint8Array(readFileSync(pdfPath)))).map((p) => p.text).join(''));
    // No --analyst: the cover says so plainly, never the OS account the command ran under.
    expect(text).toContain(squash(`Analyst${ANALYST_NOT_GIVEN}`));
    expect(text).not.toContain(squash(`Analyst${os.userInfo().username}`));
    expect(text).toContain(squash('Evidence opened read-only · SHA-256 of all 2 files · report saved outside the evidence folder (checked) · sizes and modification times unchanged (2 checked)'));
  }, 240_000);
});
