/** Hangul in the whole-case report, drawn with Debian's CJK fallback font (the report: test/report/render-report-case.test.ts). */
import { describe, expect, it } from 'vitest';
import type { CaseFinding } from '../../../src-main/shared/contract';
import { renderReportPdf } from '../../../src-main/report/render-report';
import { cjkFontFile } from '../../../src-main/report/fonts';
import { demoRequest, SEED_RULE_ID } from '../../report/demo-case';
import { extractPages, squash } from '../../report/pdf-inspect';
import { requires } from '../../helpers/requires';

describe.skipIf(requires('cjk-font'))('CJK text in the report', () => {
  it('draws Hangul with the fallback font, as glyphs, not code points', async () => {
    const req = demoRequest();
    const findings: CaseFinding[] = req.scan.findings.map((f) => (f.rule_id === SEED_RULE_ID
      ? { ...f, registry_value_name: '(기본값)', registry_path: f.registry_path.replace('(Default)', '(기본값)'), user: '山田' }
      : f));
    const out = await renderReportPdf({ ...req, scan: { ...req.scan, findings } });
    const text = squash((await extractPages(out)).map((p) => p.text).join(''));
    expect(cjkFontFile()).not.toBeNull();
    expect(text).toContain('(기본값)');
    expect(text).toContain('山田');
    expect(text).not.toContain('⟨U+AE30⟩');
    // Hangul from the Korean font, the ideographs from Droid Sans Fallback.
    expect(Buffer.from(out).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NanumGothic/);
    expect(Buffer.from(out).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DroidSansFallback/);
  }, 120_000);
});
