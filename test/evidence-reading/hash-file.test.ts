/** hashFile: SHA-256, size and first 64 KiB of a file, with read buffers reused across files. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFile } from '../../src-main/evidence-reading/hash-file';

const dir = mkdtempSync(join(tmpdir(), 'hash-file-'));
const files = [0, 1, 5000, 65536, 65537, 1024 * 1024, 2.5 * 1024 * 1024].map((size, i) => {
  const bytes = randomBytes(size);
  const path = join(dir, `f${i}.bin`);
  writeFileSync(path, bytes);
  return { path, bytes };
});
const expected = (b: Buffer) => ({ sha256: createHash('sha256').update(b).digest('hex'), bytes: b.length, head: new Uint8Array(b.subarray(0, 65536)) });

describe('hashFile', () => {
  it('gives each file its own hash, size and head, one after the other and concurrently', async () => {
    const one = [];
    for (const f of files) one.push(await hashFile(f.path));
    const together = await Promise.all(files.map((f) => hashFile(f.path)));
    for (const [i, f] of files.entries()) {
      // heads of earlier files are not overwritten by later reads into a reused buffer
      expect(one[i]).toEqual(expected(f.bytes));
      expect(together[i]).toEqual(expected(f.bytes));
    }
  });

  it('reports progress and stops when cancelled', async () => {
    const seen: number[] = [];
    await hashFile(files[6]!.path, (n) => seen.push(n));
    expect(seen[seen.length - 1]).toBe(files[6]!.bytes.length);
    await expect(hashFile(files[6]!.path, () => {}, () => true)).rejects.toMatchObject({ code: 'cancelled' });
    expect(await hashFile(files[6]!.path)).toEqual(expected(files[6]!.bytes));
  });
});
