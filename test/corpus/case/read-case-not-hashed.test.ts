/** An unread file's entry in the JSON document against the shared contract (the scan and the PDF: test/case/read-case-not-hashed.test.ts). */
import { describe, expect, it } from 'vitest';
import { buildTriageDocument } from '../../../src-main/case/triage-document';
import type { TriageRun } from '../../../src-main/case/detection-run';
import { detect } from '../../detect/helpers';
import { requires } from '../../helpers/requires';
import { triageOutputValidator } from '../../helpers/schema';
import { caseWithUnreadFiles } from '../../helpers/unread-evidence-case';

describe('an unread file has no hash', () => {
  it.skipIf(requires('corpus'))('the JSON document keeps a contract-valid sha256 and adds not_hashed', async () => {
    const scan = await caseWithUnreadFiles();
    const run: TriageRun = { scan: { ...scan, findings: [] }, detection: detect([]) };
    const doc = buildTriageDocument(run);
    const validate = triageOutputValidator();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const link = doc.evidence.find((e) => e.path === 'link.txt')!;
    expect(link).toMatchObject({ hash_complete: false, not_hashed: expect.stringMatching(/outside/) });
    expect(doc.evidence.find((e) => e.path === 'good.jsonl')!.not_hashed).toBeUndefined();
  });
});
