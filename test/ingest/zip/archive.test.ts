import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { ZipArchive, bytesSource } from '../../../src-main/ingest/zip/index';
import type { RandomAccessSource } from '../../../src-main/ingest/zip/index';
import { IngestError } from '../../../src-main/shared/ingest-issues';
import { buildZip } from './build-zip';

const enc = (s: string) => new TextEncoder().encode(s);

async function rejects(p: Promise<unknown>): Promise<IngestError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError);
    return e as IngestError;
  }
  throw new Error('expected a rejection');
}

async function drain(z: ZipArchive, i = 0): Promise<number> {
  let n = 0;
  for await (const c of z.stream(z.files[i]!)) n += c.length;
  return n;
}

/** A source that counts what is read, to show the archive is read in place. */
function countingSource(bytes: Uint8Array): RandomAccessSource & { bytesRead: number } {
  const s = { size: bytes.length, bytesRead: 0, read: async (o: number, l: number) => { s.bytesRead += l; return bytes.subarray(o, o + l); } };
  return s;
}

describe('zip: members, names and nesting', () => {
  it('stored and deflated members, directories skipped, contents intact', async () => {
    const z = await ZipArchive.open(bytesSource(buildZip([
      { name: 'dir/', data: new Uint8Array(0), method: 0 },
      { name: 'dir/a.xml', data: enc('<Event/>'), method: 0 },
      { name: 'dir/b.json', data: enc('{"a":1}\n'.repeat(1000)) },
    ])), { label: 'e.zip' });
    expect(z.files.map((f) => f.label)).toEqual(['e.zip!/dir/a.xml', 'e.zip!/dir/b.json']);
    expect(new TextDecoder().decode(await z.readAll(z.files[0]!))).toBe('<Event/>');
    expect(new TextDecoder().decode(await z.readAll(z.files[1]!))).toBe('{"a":1}\n'.repeat(1000));
  });

  it('../ and absolute names are labels only, each reported', async () => {
    const bytes = zipSync({ '../../evil.json': enc('{}'), '/abs/x.json': enc('{}'), 'C:/win.json': enc('{}'), 'ok/fine..json': enc('{}') });
    const z = await ZipArchive.open(bytesSource(bytes), { label: 'names.zip' });
    expect(z.files.map((f) => f.label)).toEqual(['names.zip!/../../evil.json', 'names.zip!//abs/x.json', 'names.zip!/C:/win.json', 'names.zip!/ok/fine..json']);
    expect(z.issues.map((i) => [i.code, i.context.member])).toEqual([
      ['zip.unsafe_name', 'names.zip!/../../evil.json'], ['zip.unsafe_name', 'names.zip!//abs/x.json'], ['zip.unsafe_name', 'names.zip!/C:/win.json'],
    ]);
    expect(z.issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(new TextDecoder().decode(await z.readAll(z.files[0]!))).toBe('{}');
  });

  it('opens a nested archive one level deep, refuses the next level', async () => {
    const inner2 = zipSync({ 'deep.json': enc('{}') });
    const inner = zipSync({ 'events.json': enc('{"EventID":1}'), 'level2.zip': inner2 });
    const outer = zipSync({ 'level1.zip': inner });
    const z = await ZipArchive.open(bytesSource(outer), { label: 'outer.zip' });
    const n = await z.openNested(z.files[0]!);
    expect(n.files.map((f) => f.label)).toEqual(['outer.zip!/level1.zip!/events.json', 'outer.zip!/level1.zip!/level2.zip']);
    expect(new TextDecoder().decode(await n.readAll(n.files[0]!))).toBe('{"EventID":1}');
    const e = await rejects(n.openNested(n.files[1]!));
    expect(e.code).toBe('zip.nesting');
    expect(e.context.member).toBe('outer.zip!/level1.zip!/level2.zip');
  });
});

describe('zip: bombs are refused with zip.bomb', () => {
  const zeros = new Uint8Array(8 * 1024 * 1024);

  it('by ratio, from the directory, before inflating anything', async () => {
    const bytes = buildZip([{ name: 'zeros.bin', data: zeros }]);
    const src = countingSource(bytes);
    const e = await rejects(ZipArchive.open(src, { label: 'ratio.zip', limits: { maxRatio: 100 } }));
    expect(e.code).toBe('zip.bomb');
    expect(e.message).toMatch(/zeros\.bin.*expands \d+:1/);
    expect(e.context.path).toBe('ratio.zip');
  });

  it('by declared total size and by member count', async () => {
    const big = buildZip([{ name: 'a', data: enc('x'), declaredSize: 0xfffffff0 }]);
    expect((await rejects(ZipArchive.open(bytesSource(big), { label: 'big.zip', limits: { maxMemberUncompressed: 1e9 } }))).code).toBe('zip.bomb');
    const many = buildZip(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, data: enc('x') })));
    const e = await rejects(ZipArchive.open(bytesSource(many), { label: 'many.zip', limits: { maxMembers: 10 } }));
    expect([e.code, e.message]).toEqual(['zip.bomb', 'zip bomb refused: 20 members (limit 10)']);
    const sum = buildZip(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, data: enc('x'), declaredSize: 1000 })));
    expect((await rejects(ZipArchive.open(bytesSource(sum), { label: 'sum.zip', limits: { maxTotalUncompressed: 4000 } }))).message).toMatch(/5000 bytes in total/);
  });

  it('overlapping entries (many names, one compressed block)', async () => {
    const data = new Uint8Array(200_000); // under ratioMinSize: only the overlap can refuse it
    const bytes = buildZip([{ name: 'a', data }, { name: 'b', data, sameDataAs: 0 }, { name: 'c', data, sameDataAs: 0 }]);
    const e = await rejects(ZipArchive.open(bytesSource(bytes), { label: 'overlap.zip' }));
    expect(e.code).toBe('zip.bomb');
    expect(e.message).toMatch(/overlap/);
  });

  it('a member that lies about its size is stopped while inflating, soon after its declared size', async () => {
    const bytes = buildZip([{ name: 'liar.bin', data: zeros, declaredSize: 1000 }]);
    const z = await ZipArchive.open(bytesSource(bytes), { label: 'liar.zip' });
    let seen = 0;
    const e = await rejects((async () => { for await (const c of z.stream(z.files[0]!)) seen += c.length; })());
    expect(e.code).toBe('zip.bomb');
    expect(e.context.member).toBe('liar.zip!/liar.bin');
    expect(seen).toBeLessThan(1000); // nothing past the declared size was handed out
  });

  it('nested archives share one budget', async () => {
    const inner = zipSync({ 'a.bin': new Uint8Array(3000), 'b.bin': new Uint8Array(3000) });
    const outer = zipSync({ 'i1.zip': inner, 'i2.zip': inner });
    const z = await ZipArchive.open(bytesSource(outer), { label: 'o.zip', limits: { maxTotalUncompressed: 2 * inner.length + 7000 } });
    const n1 = await z.openNested(z.files[0]!);
    await drain(n1, 0);
    await drain(n1, 1);
    const n2 = await rejects(z.openNested(z.files[1]!).then((n) => Promise.all([drain(n, 0), drain(n, 1)])));
    expect(n2.code).toBe('zip.bomb');
  });
});

describe('zip: damaged archives', () => {
  const good = buildZip([{ name: 'a.json', data: enc('{"EventID":1}\n'.repeat(100)) }, { name: 's.txt', data: enc('stored data'), method: 0 }]);

  it('not a zip, truncated tail, truncated data', async () => {
    expect((await rejects(ZipArchive.open(bytesSource(enc('PK\x03\x04 but nothing else at all, no directory')), { label: 'x.zip' }))).code).toBe('zip.corrupt');
    expect((await rejects(ZipArchive.open(bytesSource(good.subarray(0, good.length - 30)), { label: 'cut.zip' }))).code).toBe('zip.corrupt');
    // directory intact, data cut short: the member's data runs past the end
    const shifted = buildZip([{ name: 'a.json', data: enc('x'.repeat(5000)), method: 0 }]);
    const view = new DataView(shifted.buffer);
    const cdOffset = view.getUint32(shifted.length - 6, true);
    view.setUint32(cdOffset + 20, 1_000_000, true); // compressed size now beyond the file
    const z = await ZipArchive.open(bytesSource(shifted), { label: 'short.zip' });
    expect((await rejects(drain(z))).code).toBe('zip.corrupt');
  });

  it('CRC mismatch and damaged deflate data are member errors with the member label', async () => {
    const bad = good.slice();
    const idx = Buffer.from(bad).indexOf('stored data');
    expect(idx).toBeGreaterThan(0);
    bad[idx] ^= 0x20; // 's' → 'S' in the stored member's data
    const z = await ZipArchive.open(bytesSource(bad), { label: 'crc.zip' });
    const e = await rejects(z.readAll(z.files[1]!));
    expect([e.code, e.context.member]).toEqual(['zip.crc_mismatch', 'crc.zip!/s.txt']);
    const bad2 = good.slice();
    for (let i = 40; i < 60; i++) bad2[i] = 0xff;
    const z2 = await ZipArchive.open(bytesSource(bad2), { label: 'inflate.zip' });
    expect(['zip.corrupt', 'zip.crc_mismatch']).toContain((await rejects(z2.readAll(z2.files[0]!))).code);
  });

  it('an error reading the archive passes through as it is, for a deflated member as for a stored one', async () => {
    let seed = 7;
    const noise = Array.from({ length: 20_000 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 36).toString(36)).join('');
    const big = buildZip([
      { name: 'd.json', data: enc(`{"EventID":1,"n":"${noise}"}\n`) }, // does not deflate to a few bytes
      { name: 's.json', data: enc('{"EventID":2}\n'.repeat(2000)), method: 0 },
    ]);
    const ioError = new Error('EIO: i/o error, read');
    for (const i of [0, 1]) {
      const src = bytesSource(big);
      let failing = false;
      // once the directory is read, reads of the member's data fail (its small local header still reads)
      const z = await ZipArchive.open({ size: src.size, read: (o, l) => (failing && l > 200 ? Promise.reject(ioError) : src.read(o, l)) }, { label: 'io.zip' });
      failing = true;
      let caught: unknown = null;
      try {
        await drain(z, i);
      } catch (e) {
        caught = e;
      }
      expect(caught, z.files[i]!.label).toBe(ioError); // not "deflate data is damaged"
    }
  });

  it('encrypted and unsupported methods are refused per member', async () => {
    const z = await ZipArchive.open(bytesSource(buildZip([
      { name: 'enc.bin', data: enc('x'), flags: 1, method: 0 },
      { name: 'bz2.bin', data: enc('x'), method: 12 },
    ])), { label: 'm.zip' });
    expect((await rejects(z.readAll(z.files[0]!))).code).toBe('zip.encrypted');
    expect((await rejects(z.readAll(z.files[1]!))).code).toBe('zip.unsupported_method');
  });
});
