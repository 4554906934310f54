import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StreamingFile } from '../../src-main/export/streaming-file';

describe('StreamingFile', () => {
  it('writes through a temporary file that is renamed onto the target only at commit', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stream-'));
    const target = path.join(dir, 'out.ndjson');
    writeFileSync(target, 'old\n');
    const f = await StreamingFile.open(target, 16);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) writes.push(f.write(`line ${i}\n`));
    await Promise.all(writes);
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    const tmp = readdirSync(dir).filter((n) => n.endsWith('.tmp'));
    expect(tmp).toHaveLength(1);
    // bounded: all but at most one buffer (16 characters here) is already on disk before the commit
    expect(statSync(path.join(dir, tmp[0]!)).size).toBeGreaterThanOrEqual(f.written - 16);
    await f.commit();
    expect(readFileSync(target, 'utf8')).toBe(Array.from({ length: 100 }, (_, i) => `line ${i}\n`).join(''));
    expect(readdirSync(dir)).toEqual(['out.ndjson']);
    await expect(f.write('late')).rejects.toThrow(/committed/);
  });

  it('leaves nothing behind and the old target untouched on abort', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stream-'));
    const target = path.join(dir, 'out.csv');
    const f = await StreamingFile.open(target, 4);
    await f.write('a,b\r\n1,2\r\n');
    await f.abort();
    await f.abort();
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes non-ASCII text as UTF-8', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stream-'));
    const target = path.join(dir, 'u.txt');
    const f = await StreamingFile.open(target, 1);
    await f.write('Ünïcødé ⟨U+202E⟩ 𝄞\n');
    await f.commit();
    expect(readFileSync(target, 'utf8')).toBe('Ünïcødé ⟨U+202E⟩ 𝄞\n');
  });
});
