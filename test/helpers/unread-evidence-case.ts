/**
 * A case with files that could not be read to the end, for the not-hashed tests of both tiers
 * (test/case/read-case-not-hashed.test.ts, test/corpus/case/read-case-not-hashed.test.ts): a good
 * JSON lines file, a zip whose member fails its CRC-32 check, and a link leading out of the
 * evidence folder, read with readCase.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import type { CaseScan } from '../../src-main/shared/contract';
import { readCase } from '../../src-main/case/read-case';
import { tempEvidenceFolder } from './temp-evidence';

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

/** `good.jsonl` read whole, `damaged.zip!/bad.jsonl` not read to a good end (CRC), `link.txt` skipped (outside the folder). */
export async function caseWithUnreadFiles(): Promise<CaseScan> {
  const root = tempEvidenceFolder({ 'good.jsonl': '{"EventID":1,"Channel":"Security","Hostname":"h","RecordNumber":1}\n', 'damaged.zip': zipWithBadCrc() });
  const outside = mkdtempSync(path.join(os.tmpdir(), 'outside-'));
  writeFileSync(path.join(outside, 'secret.txt'), 'not evidence');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
  return readCase(root, { jobId: 'unhashed', workers: 1 });
}
