/** The file source (slots to EOF, ranges, errors) and the evtx-dump CLI (output, exit codes, EPIPE). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvtxSource, readEvtxFile } from '../../src-main/evidence-reading/evtx-source';
import { IngestError } from '../../src-main/shared/ingest-issues';
import { chunk, eventTemplate, file, fileHeader, record, V } from '../ingest/evtx/build';
import { REPO_ROOT } from '../helpers/paths';

const dir = mkdtempSync(join(tmpdir(), 'evtx-src-'));
const ev = (id: number) => (at: number) => record(at, id, (w) => w.fragmentHeader().templateInline(eventTemplate, [
  V.str('P'), V.u16(1), V.filetime(0n), V.str('x'), V.u32(1), V.null(), V.u64(id), V.null(),
]).eof());
// header claims 1 chunk; 3 real chunks, one empty slot, and a short tail
const bytes = file(fileHeader({ chunks: 1, flags: 1 }), [
  chunk({ records: [ev(1), ev(2)], firstId: 1, lastId: 2 }),
  new Uint8Array(65536),
  chunk({ records: [ev(3)], firstId: 3, lastId: 3 }),
  chunk({ records: [ev(4)], firstId: 4, lastId: 4 }).subarray(0, 2000),
]);
const path = join(dir, 'crafted.evtx');
writeFileSync(path, bytes);

describe('EvtxSource', () => {
  it('visits every slot to EOF, including a short tail, from shared block buffers', async () => {
    const src = await EvtxSource.open(path);
    expect(src.slotCount).toBe(4);
    expect(src.header.chunkCount).toBe(1);
    const seen: [number, number][] = [];
    const buffers = new Set<ArrayBufferLike>();
    for await (const s of src.chunks()) {
      seen.push([s.index, s.bytes.length]);
      buffers.add(s.bytes.buffer);
    }
    expect(seen).toEqual([[0, 65536], [1, 65536], [2, 65536], [3, 2000]]);
    // the first slot alone into one of the pair (parsing starts at once), the rest into the other
    expect(buffers.size).toBe(2);
    const ranged: number[] = [];
    for await (const s of src.chunks(1, 3, true)) ranged.push(s.index, s.bytes.buffer.byteLength);
    expect(ranged).toEqual([1, 65536, 2, 65536]);
    await src.close();
  });
  it('streams a file larger than one read block in order with bounded buffers', async () => {
    const many = file(fileHeader(), Array.from({ length: 40 }, (_, i) => chunk({ records: [ev(i + 1)], firstId: i + 1, lastId: i + 1 })));
    const p = join(dir, 'many.evtx');
    writeFileSync(p, many);
    const ids: number[] = [];
    const buffers = new Set<ArrayBufferLike>();
    const src = await EvtxSource.open(p);
    for await (const s of src.chunks(3)) buffers.add(s.bytes.buffer);
    await src.close();
    expect(buffers.size).toBe(2);
    await readEvtxFile(p, { from: 3, to: 37, onChunk: (r) => { ids.push(...r.recordIds); } });
    expect(ids).toEqual(Array.from({ length: 34 }, (_, i) => i + 4));
  });
  it('reuses its read buffers from one read to the next, also after a read stopped early', async () => {
    const many = file(fileHeader(), Array.from({ length: 40 }, (_, i) => chunk({ records: [ev(i + 1)], firstId: i + 1, lastId: i + 1 })));
    const p = join(dir, 'reuse.evtx');
    writeFileSync(p, many);
    const first = new Set<ArrayBufferLike>();
    let src = await EvtxSource.open(p);
    for await (const s of src.chunks()) { first.add(s.bytes.buffer); break; } // the next block's read is in flight
    await src.close();
    src = await EvtxSource.open(p);
    const second = new Set<ArrayBufferLike>();
    for await (const s of src.chunks()) second.add(s.bytes.buffer);
    await src.close();
    expect([...first].every((b) => second.has(b))).toBe(true);
    // Interleaved ranges of one file, as a worker reads them: every record once, in order.
    const ids: number[] = [];
    for (let from = 0; from < 40; from += 7) await readEvtxFile(p, { from, to: from + 7, onChunk: (r) => { ids.push(...r.recordIds); } });
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
  it('reads chunk ranges whose sums equal the whole file', async () => {
    const whole = await readEvtxFile(path);
    expect(whole.summary).toMatchObject({ recordsOk: 4, chunksEmpty: 1, chunksRead: 3 });
    const ids: number[] = [];
    const a = await readEvtxFile(path, { from: 0, to: 2, onChunk: (r) => { ids.push(...r.recordIds); } });
    const b = await readEvtxFile(path, { from: 2, onChunk: (r) => { ids.push(...r.recordIds); } });
    expect(ids).toEqual([1, 2, 3, 4]);
    expect(a.summary.recordsOk + b.summary.recordsOk).toBe(4);
    // file-header warnings only once (range starting at slot 0)
    expect(a.summary.warnings.filter((w) => w.code === 'evtx.file.dirty')).toHaveLength(1);
    expect(b.summary.warnings.filter((w) => w.code === 'evtx.file.dirty')).toHaveLength(0);
  });
  it('stops early when onChunk returns false', async () => {
    let calls = 0;
    await readEvtxFile(path, { onChunk: () => { calls++; return false; } });
    expect(calls).toBe(1);
  });
  it('fails with named errors for a missing file, a directory and a non-EVTX file', async () => {
    const notEvtx = join(dir, 'not.evtx');
    writeFileSync(notEvtx, 'hello world, this is not an event log'.repeat(10));
    for (const [p, code] of [[join(dir, 'missing.evtx'), 'evtx.file.open'], [dir, 'evtx.file.open'], [notEvtx, 'evtx.file.bad_magic']] as const) {
      const err = await EvtxSource.open(p).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).code).toBe(code);
    }
  });
});

describe('evtx-dump CLI', () => {
  const cli = join(REPO_ROOT, 'src-main/cli/evtx-dump.ts');
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  it('prints one JSON object per record with the RawEvent keys at top level; summary on stderr', () => {
    const r = run([path]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['EventRecordID'])).toEqual([1, 2, 3, 4]);
    expect(Object.keys(lines[0]!)).toEqual(expect.arrayContaining(['EventRecordID', 'TimeCreated', 'EventID', 'Provider', 'Channel', 'Computer', 'EventData']));
    expect(r.stderr).toMatch(/4 records ok, 0 failed, 3 chunks read, 0 skipped, 1 empty/);
  });
  it('adds recovered records, marked, with --recover', () => {
    const slack = chunk({ records: [ev(7), ev(6)], firstId: 7, lastId: 7 });
    const dv = new DataView(slack.buffer);
    dv.setUint32(48, dv.getUint32(4 + 512, true) + 512, true); // free space right after record 7
    const p = join(dir, 'slack.evtx');
    writeFileSync(p, file(fileHeader(), [slack]));
    const plain = run([p]);
    expect(plain.stdout.trim().split('\n')).toHaveLength(1);
    const r = run([p, '--recover']);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l['EventRecordID'], l['Recovered'] ?? false])).toEqual([[7, false], [6, true]]);
    expect(r.stderr).toMatch(/1 records ok, 0 failed, 1 recovered/);
  });
  it('prints Event XML with --xml', () => {
    const r = run([path, '--xml']);
    expect(r.status).toBe(0);
    expect(r.stdout.match(/<Event xmlns=/g)).toHaveLength(4);
  });
  it('exit 1 with a one-line reason when the file is not EVTX or cannot be opened; 2 on usage errors', () => {
    const bad = run([join(dir, 'missing.evtx')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    writeFileSync(join(dir, 'x.txt'), 'x'.repeat(5000));
    expect(run([join(dir, 'x.txt')]).status).toBe(1);
    expect(run([]).status).toBe(2);
    expect(run(['--nope', path]).status).toBe(2);
    expect(run([path, path]).status).toBe(2);
  });
});
