/**
 * Files past 2 GiB and 4 GiB (file offsets beyond 31 and 32 bits): a sparse file built at test
 * time from the real chunks of a demo log, copied to slot 0 and to slots just past 2 GiB and just
 * past 4 GiB, the holes between left unwritten (a few hundred KB on disk). Chunk ranges there read
 * with the same records as at slot 0, with issue offsets past 2^32, and the work plan covers every
 * slot of the file.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVTX_SLOTS_PER_ITEM, planReads } from '../../src-main/evidence-reading/plan-reads';
import type { EvidenceEntry } from '../../src-main/shared/contract';
import { CHUNK_SIZE, FILE_HEADER_SIZE, type ChunkResult } from '../../src-main/ingest/evtx/index';
import { readEvtxFile } from '../../src-main/evidence-reading/evtx-source';
import { REPO_ROOT } from '../helpers/paths';

const DEMO_LOG = path.join(REPO_ROOT, 'assets/demo-evidence/DC01/Security.evtx');
/** First slot whose offset is past 2 GiB, and past 4 GiB. */
const PAST_2G = Math.ceil((2 ** 31 - FILE_HEADER_SIZE) / CHUNK_SIZE) + 1;
const PAST_4G = Math.ceil((2 ** 32 - FILE_HEADER_SIZE) / CHUNK_SIZE) + 1;
const slotOffset = (slot: number) => FILE_HEADER_SIZE + slot * CHUNK_SIZE;

describe('EVTX files past 2 GiB and 4 GiB', () => {
  let dir = '';
  let file = '';
  let chunkCount = 0;

  beforeAll(() => {
    const src = readFileSync(DEMO_LOG);
    chunkCount = Math.floor((src.length - FILE_HEADER_SIZE) / CHUNK_SIZE);
    dir = mkdtempSync(path.join(os.tmpdir(), 'evtx-large-'));
    file = path.join(dir, 'large.evtx');
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, src, 0, FILE_HEADER_SIZE + chunkCount * CHUNK_SIZE, 0);
      for (const slot of [PAST_2G, PAST_4G]) writeSync(fd, src, FILE_HEADER_SIZE, chunkCount * CHUNK_SIZE, slotOffset(slot));
      // The copy past 4 GiB with its header CRC broken: a warning whose offset needs 33 bits.
      writeSync(fd, Buffer.from([0xde, 0xad]), 0, 2, slotOffset(PAST_4G) + 0x7c);
    } finally {
      closeSync(fd);
    }
  });
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  const readRange = async (from: number) => {
    const chunks: ChunkResult[] = [];
    const { summary } = await readEvtxFile(file, { from, to: from + chunkCount, onChunk: (r) => { chunks.push(r); } });
    return { chunks, summary };
  };

  it('is larger than 4 GiB', () => {
    expect(chunkCount).toBeGreaterThan(0);
    expect(statSync(file).size).toBeGreaterThan(2 ** 32);
  });

  it('reads the chunks past 2 GiB and past 4 GiB with the records they hold at slot 0', async () => {
    const atStart = await readRange(0);
    const records = atStart.chunks.flatMap((c) => c.records);
    expect(records.length).toBeGreaterThan(0);
    for (const slot of [PAST_2G, PAST_4G]) {
      const far = await readRange(slot);
      expect(far.chunks.map((c) => c.chunkIndex)).toEqual(Array.from({ length: chunkCount }, (_, i) => slot + i));
      expect(far.chunks.flatMap((c) => c.records)).toEqual(records);
      expect(far.summary.recordsFailed).toBe(0);
    }
  });

  it('reports an issue past 4 GiB at its 33-bit file offset', async () => {
    const far = await readRange(PAST_4G);
    const offsets = far.chunks.flatMap((c) => [...c.issues, ...c.errors, ...c.chunkErrors]).map((i) => i.context.offset);
    expect(offsets.length).toBeGreaterThan(0);
    // In the damaged chunk (the header CRC field), all of them past 2^32.
    for (const o of offsets as number[]) {
      expect(o).toBeGreaterThanOrEqual(slotOffset(PAST_4G));
      expect(o).toBeLessThan(slotOffset(PAST_4G) + CHUNK_SIZE);
    }
    expect(Math.min(...(offsets as number[]))).toBeGreaterThan(2 ** 32);
  });

  it('plans the file as chunk ranges that cover every slot once, past 4 GiB included', () => {
    const bytes = statSync(file).size;
    const entry = { path: 'large.evtx', bytes, format: 'evtx' } as EvidenceEntry;
    const items = planReads(dir, [entry]);
    const slots = Math.ceil((bytes - FILE_HEADER_SIZE) / CHUNK_SIZE);
    const ranges = items.map((it) => [it.chunkFrom!, it.chunkTo!] as const).sort((a, b) => a[0] - b[0]);
    expect(ranges[0]![0]).toBe(0);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1]);
    expect(ranges[ranges.length - 1]![1]).toBe(slots);
    expect(Math.max(...ranges.map(([a, b]) => b - a))).toBeLessThanOrEqual(EVTX_SLOTS_PER_ITEM);
  });
});
