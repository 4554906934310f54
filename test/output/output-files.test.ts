/** The one rule for outputs (never inside evidence, folder writable) and the atomic write. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputPath, stringSlices, writeFileAtomic, writeFileAtomicFrom } from '../../src-main/output/output-files';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));

describe('checkOutputPath', () => {
  it('accepts a new file beside the evidence and returns its real path', async () => {
    const ev = tmp('ev-');
    const out = tmp('out-');
    await expect(checkOutputPath(path.join(out, 'r.pdf'), [ev])).resolves.toBe(path.join(out, 'r.pdf'));
  });

  it('refuses the evidence folder itself, anything below it, an evidence file and a link into it', async () => {
    const ev = tmp('ev-');
    mkdirSync(path.join(ev, 'deep', 'er'), { recursive: true });
    writeFileSync(path.join(ev, 'a.evtx'), 'x');
    const out = tmp('out-');
    symlinkSync(path.join(ev, 'deep'), path.join(out, 'link-dir'));
    symlinkSync(path.join(ev, 'a.evtx'), path.join(out, 'link-file.json'));
    for (const t of [path.join(ev, 'x.json'), path.join(ev, 'deep', 'er', 'x.csv'), path.join(ev, 'a.evtx'), path.join(out, 'link-dir', 'x.json')]) {
      await expect(checkOutputPath(t, [ev]), t).rejects.toMatchObject({ code: 'not_allowed' });
    }
    await expect(checkOutputPath(path.join(out, 'link-file.json'), [ev])).rejects.toMatchObject({ code: 'not_allowed' });
  });

  it('refuses a relative path, a missing folder, a folder as target and a link as target', async () => {
    const out = tmp('out-');
    mkdirSync(path.join(out, 'd'));
    symlinkSync('/tmp', path.join(out, 'l'));
    await expect(checkOutputPath('rel.json', [])).rejects.toMatchObject({ code: 'bad_argument' });
    await expect(checkOutputPath(path.join(out, 'no', 'x.json'), [])).rejects.toMatchObject({ code: 'not_found' });
    await expect(checkOutputPath(path.join(out, 'd'), [])).rejects.toMatchObject({ code: 'not_a_file' });
    await expect(checkOutputPath(path.join(out, 'l'), [])).rejects.toMatchObject({ code: 'not_allowed' });
  });
});

describe('writeFileAtomic', () => {
  it('replaces the whole content and leaves only the target', async () => {
    const out = tmp('atomic-');
    const t = path.join(out, 'x.json');
    writeFileSync(t, 'old content that is longer than the new one');
    await writeFileAtomic(t, 'new');
    expect(readFileSync(t, 'utf8')).toBe('new');
    await writeFileAtomic(t, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(t)]).toEqual([1, 2, 3]);
    expect(readdirSync(out)).toEqual(['x.json']);
  });

  it('a failed rename leaves the old target and no temporary file', async () => {
    const out = tmp('atomic-');
    mkdirSync(path.join(out, 'target-is-a-folder'));
    writeFileSync(path.join(out, 'target-is-a-folder', 'keep'), 'k');
    await expect(writeFileAtomic(path.join(out, 'target-is-a-folder'), 'x')).rejects.toThrow();
    expect(readdirSync(out)).toEqual(['target-is-a-folder']);
    expect(readdirSync(path.join(out, 'target-is-a-folder'))).toEqual(['keep']);
  });
});

describe('stringSlices', () => {
  it('cuts a text into slices of at most the given length, never inside a surrogate pair, that join and encode as the text', () => {
    const texts = ['', 'abc', '𝔘'.repeat(7), `a${'𝔘'.repeat(6)}`, 'é\ud800😀\udc00x'.repeat(5), '\ud800'.repeat(9), '\udc00\ud800'.repeat(4)];
    for (const s of texts) {
      for (const units of [2, 3, 4, 5]) {
        const slices = [...stringSlices(s, units)];
        expect(slices.join('')).toBe(s);
        for (const x of slices) expect(x.length).toBeGreaterThan(0);
        for (const x of slices) expect(x.length).toBeLessThanOrEqual(units);
        expect(Buffer.concat(slices.map((x) => Buffer.from(x, 'utf8'))).equals(Buffer.from(s, 'utf8'))).toBe(true);
      }
    }
  });
});

describe('writeFileAtomicFrom', () => {
  it('writes every piece in order (strings as UTF-8, bytes as they are), over many batches, and returns the size', async () => {
    const out = tmp('stream-');
    const t = path.join(out, 'x.json');
    writeFileSync(t, 'old');
    const pieces: (string | Uint8Array)[] = [];
    for (let i = 0; i < 5000; i++) pieces.push(i % 3 === 0 ? `${i}:é𝔘 ${'y'.repeat(i % 3000)}\n` : i % 3 === 1 ? new Uint8Array([i & 0xff, 10]) : `${i}\n`);
    const expected = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    expect(expected.length).toBeGreaterThan(2 << 20); // more than one batch
    await expect(writeFileAtomicFrom(t, pieces)).resolves.toBe(expected.length);
    expect(readFileSync(t).equals(expected)).toBe(true);
    expect(readdirSync(out)).toEqual(['x.json']);
  });

  it('writes pieces larger than its buffer (texts in slices, bytes alone), between the others, and lone surrogates as Buffer does', async () => {
    const out = tmp('stream-');
    const t = path.join(out, 'big.json');
    const bytes = new Uint8Array(1_500_000).map((_, i) => i & 0xff);
    const pieces: (string | Uint8Array)[] = ['head ', 'x'.repeat(400_000), 'é\ud800😀'.repeat(1000), bytes, '𝔘'.repeat(200_000), new Uint8Array([1, 2, 3]), 'z'.repeat(349_000), 'tail\n'];
    const expected = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    await expect(writeFileAtomicFrom(t, pieces)).resolves.toBe(expected.length);
    expect(readFileSync(t).equals(expected)).toBe(true);
  });

  it('takes async pieces and an empty source', async () => {
    const out = tmp('stream-');
    const t = path.join(out, 'a.csv');
    await writeFileAtomicFrom(t, (async function* () { yield 'a,'; yield 'b\r\n'; })());
    expect(readFileSync(t, 'utf8')).toBe('a,b\r\n');
    await writeFileAtomicFrom(t, []);
    expect(readFileSync(t, 'utf8')).toBe('');
  });

  it('when the pieces fail midway, the target keeps its old content and no temporary file is left', async () => {
    const out = tmp('stream-');
    const t = path.join(out, 'x.json');
    writeFileSync(t, 'old');
    function* failing() {
      for (let i = 0; i < 3000; i++) yield 'z'.repeat(1000); // past the first batch: some bytes were written
      throw new Error('the source broke');
    }
    await expect(writeFileAtomicFrom(t, failing())).rejects.toThrow('the source broke');
    expect(readFileSync(t, 'utf8')).toBe('old');
    expect(readdirSync(out)).toEqual(['x.json']);
  });
});
