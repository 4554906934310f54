/**
 * Damaged and hostile EVTX in a whole case read (worker pool, file summaries, evidence entries):
 * an expansion bomb beside normal files, a damaged file header, a 0-byte .evtx, records of an
 * older chunk generation and in slack. Nothing is lost silently: every event is read, recovered
 * (flagged, counted) or counted as an error; the files around a bad one are read in full.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readCase } from '../../src-main/case/read-case';
import type { NormalisedEvent } from '../../src-main/model/event';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { nestedBomb } from '../tools/evtx-writer/hostile';
import { sampleEvents } from '../tools/evtx-writer/sample-events';

const CHUNK0 = 4096;

/** One chunk of `n` records whose header claims only the first `claimed` ids (the rest: an older generation). */
function olderGeneration(n: number, claimed: number): Uint8Array {
  const b = new EvtxWriter().addAll(sampleEvents(11, n)).toBytes();
  new DataView(b.buffer).setBigUint64(CHUNK0 + 16, BigInt(claimed), true); // last record number
  new DataView(b.buffer).setBigUint64(CHUNK0 + 32, BigInt(claimed), true); // last record id
  return b;
}

describe('readCase on damaged and hostile EVTX', () => {
  it('reads, recovers or counts every event; the bomb is a record error and the files around it are read', async () => {
    const [a, b] = sampleEvents(3, 2);
    const bomb = nestedBomb(8, 9);
    const damagedHeader = new EvtxWriter().addAll(sampleEvents(5, 1200)).toBytes();
    damagedHeader.fill(0x41, 0, 64);
    const root = tempEvidenceFolder({
      'normal.evtx': new EvtxWriter().addAll(sampleEvents(4, 300)).toBytes(),
      'bomb.evtx': new EvtxWriter().add(a!).addInstance(bomb.template, bomb.values, 0x01d4f0e38a2b3c4dn).add(b!).toBytes(),
      'damaged-header.evtx': damagedHeader,
      'empty.evtx': new Uint8Array(0),
      'vss.evtx': olderGeneration(40, 30),
      'archive.zip': zipSync({ 'member.evtx': damagedHeader, 'old.evtx': olderGeneration(40, 30) }),
    });
    const events: NormalisedEvent[] = [];
    const scan = await readCase(root, { jobId: 'evtx-damage', workers: 2, onEvents: (batch) => { events.push(...batch); } });
    const by = new Map(scan.evidence.map((e) => [e.path, e]));
    const of = (p: string) => events.filter((e) => e.evidence === p);

    expect(by.get('normal.evtx')).toMatchObject({ format: 'evtx', records: 300, errors: 0, recovered: 0 });

    const b1 = by.get('bomb.evtx')!;
    expect(b1).toMatchObject({ format: 'evtx', records: 2, errors: 1 });
    expect(b1.error).toBeUndefined();
    expect(b1.errorSamples[0]).toMatchObject({ code: 'evtx.record.expansion', context: { path: 'bomb.evtx', chunk: 0, recordId: 2, offset: expect.any(Number) } });

    for (const p of ['damaged-header.evtx', 'archive.zip!/member.evtx']) {
      const d = by.get(p)!;
      expect(d, p).toMatchObject({ format: 'evtx', records: 1200, errors: 1 });
      expect(d.errorSamples.map((e) => e.code), p).toEqual(['evtx.file.bad_header']);
      expect(of(p), p).toHaveLength(1200);
    }

    const empty = by.get('empty.evtx')!;
    expect(empty).toMatchObject({ bytes: 0, format: 'unknown', warnings: 1, errors: 0 });
    expect(empty.warningSamples[0]).toMatchObject({ code: 'file.empty', context: { path: 'empty.evtx' } });
    expect(empty.warningSamples[0]!.message).toMatch(/0 bytes.*\.evtx/);

    for (const p of ['vss.evtx', 'archive.zip!/old.evtx']) {
      expect(by.get(p), p).toMatchObject({ records: 40, errors: 0, ...(p.includes('!/') ? {} : { recovered: 10 }) });
      const rec = of(p).filter((e) => e.recovered !== undefined);
      expect(rec.map((e) => [e.record_id, e.recovered]), p).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39, 40].map((id) => [id, 'outside-chunk-range']));
      expect(of(p).filter((e) => e.recovered === undefined), p).toHaveLength(30);
    }
    expect(scan.stats.recovered).toBe(10 + 10);
    // every event handed out is counted on its file (archive members on their own entries)
    const files = scan.evidence.filter((e) => e.format !== 'zip');
    expect(files.reduce((n, e) => n + (e.records ?? 0), 0)).toBe(events.length);
  });
});
