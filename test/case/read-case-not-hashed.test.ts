/**
 * A file that could not be read to the end has no hash: not the empty-input SHA-256, but the
 * contract's placeholder with `notHashed` saying why; the JSON document stays valid and the PDF
 * says "not hashed: <reason>" instead of a hash.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { NOT_HASHED_SHA256, type CaseScan } from '../../src-main/shared/contract';
import { readCase } from '../../src-main/case/read-case';
import { evidenceSection } from '../../src-main/report/pdf-overview';
import { Writer } from '../../src-main/report/pdf-layout';
import { BODY_FONT, MONO_FONT, familyCoverage } from '../../src-main/report/fonts';
import { buildReportModel } from '../../src-main/report/report-model';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { demoRequest } from '../report/demo-case';

const EMPTY_SHA256 = createHash('sha256').digest('hex');

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
  it('skipped files and members not read to the end carry the placeholder and the reason, never the empty-input hash', async () => {
    const scan = await caseWithUnreadFiles();
    const by = new Map(scan.evidence.map((e) => [e.path, e]));
    expect(by.get('good.jsonl')).toMatchObject({ hashComplete: true });
    expect(by.get('good.jsonl')?.notHashed).toBeUndefined();
    expect(by.get('link.txt')).toMatchObject({ hashComplete: false, sha256: NOT_HASHED_SHA256, notHashed: expect.stringMatching(/outside the evidence folder/) });
    expect(by.get('damaged.zip!/bad.jsonl')).toMatchObject({ hashComplete: false, sha256: NOT_HASHED_SHA256, notHashed: expect.stringMatching(/CRC/) });
    expect(scan.evidence.map((e) => e.sha256)).not.toContain(EMPTY_SHA256);
  });

  it('the PDF evidence table says "not hashed: <reason>" and prints no hash for it', () => {
    const req = demoRequest();
    const first = req.scan.evidence[0]!;
    const unread = { ...first, path: 'unread.evtx', sha256: NOT_HASHED_SHA256, hashComplete: false, notHashed: 'EIO: input-output error' };
    const model = buildReportModel({ ...req, scan: { ...req.scan, evidence: [first, unread] } }, '2026-11-25T12:00:00.000Z');
    const w = new Writer({ body: familyCoverage(BODY_FONT), mono: familyCoverage(MONO_FONT) });
    const text = JSON.stringify(evidenceSection(w, model)).replaceAll('\u200b', ''); // without the wrap points
    expect(text).toContain('not hashed: ');
    expect(text).toContain('EIO: input-output error');
    expect(text).not.toContain('0000000000000000');
  });
});
