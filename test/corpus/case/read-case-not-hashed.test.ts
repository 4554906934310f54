/** An unread file's entry in the JSON document against the shared contract (the scan and the PDF: test/case/read-case-not-hashed.test.ts). */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type CaseScan } from '../../../src-main/shared/contract';
import { readCase } from '../../../src-main/case/read-case';
import { buildTriageDocument } from '../../../src-main/case/triage-document';
import type { TriageRun } from '../../../src-main/case/detection-run';
import { detect } from '../../detect/helpers';
import { requires } from '../../helpers/requires';
import { triageOutputValidator } from '../../helpers/schema';
import { tempEvidenceFolder } from '../../helpers/temp-evidence';


/** A zip whose one member's CRC-32 in both headers is wrong: the member inflates but is not read to a good end. */
function zipWithBadCrc(): Uint8Array {
  const z = zipSync({ 'bad.jsonl': new TextEncoder().encode('{"EventID":1,"Channel":"Security","Hostname":"h","RecordNumber":1}\n'.repeat(50)) });
  const view = new DataView(z.buffer, z.byteOffset, z.byteLength);
  for (let i = 0; i + 4 <= z.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 14, view.getUint32(i + 14, true) ^ 1, true);
    if (sig === 0x02014b50) view.setUint32(i + 16, view.getUint32(i + 16, true) ^ 1, true);
  }
  return z;
}

async function caseWithUnreadFiles(): Promise<CaseScan> {
  const root = tempEvidenceFolder({ 'good.jsonl': '{"EventID":1,"Channel":"Security","Hostname":"h","RecordNumber":1}\n', 'damaged.zip': zipWithBadCrc() });
  const outside = mkdtempSync(path.join(os.tmpdir(), 'outside-'));
  writeFileSync(path.join(outside, 'secret.txt'), 'not evidence');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
  return readCase(root, { jobId: 'unhashed', workers: 1 });
}

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
