/**
 * A file that could not be read to the end has no hash: not the empty-input SHA-256, but the
 * contract's placeholder with `notHashed` saying why; the JSON document stays valid and the PDF
 * says "not hashed: <reason>" instead of a hash.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NOT_HASHED_SHA256 } from '../../src-main/shared/contract';
import { evidenceSection } from '../../src-main/report/pdf-overview';
import { Writer } from '../../src-main/report/pdf-layout';
import { BODY_FONT, MONO_FONT, familyCoverage } from '../../src-main/report/fonts';
import { buildReportModel } from '../../src-main/report/report-model';
import { demoRequest } from '../report/demo-case';
import { caseWithUnreadFiles } from '../helpers/unread-evidence-case';

const EMPTY_SHA256 = createHash('sha256').digest('hex');

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
