/** Unit tests for the on-disk structures: cursor, CRC, file header, chunk header, record loop. */
import { describe, expect, it } from 'vitest';
import { EvtxWriter } from '../../tools/evtx-writer/index';
import { sampleEvents } from '../../tools/evtx-writer/sample-events';
import { ByteCursor } from '../../../src-main/ingest/evtx/byte-cursor';
import { crc32, crc32Table } from '../../../src-main/ingest/evtx/crc32';
import { EvtxFormatError } from '../../../src-main/ingest/evtx/errors';
import { parseChunk, parseEvtxBytes, parseFileHeader } from '../../../src-main/ingest/evtx/index';
import { chunk, eventTemplate, file, fileHeader, record, V, W } from './build';

describe('byte-cursor', () => {
  it('reads little-endian integers and advances', () => {
    const c = new ByteCursor(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 0, 0, 0, 0]));
    expect(c.u8('a')).toBe(1);
    expect(c.u16('b')).toBe(0x0302);
    expect(c.u32('c')).toBe(0x07060504);
    expect(c.pos).toBe(7);
    c.seek(8, 's');
    expect(c.u64('d')).toBe(9);
  });
  it('throws a named error with the label and offset on overrun', () => {
    const c = new ByteCursor(new Uint8Array(6), 4);
    let err: unknown;
    try { c.u32('chunk.free_space_offset'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(EvtxFormatError);
    expect((err as EvtxFormatError).message).toContain('chunk.free_space_offset');
    expect((err as EvtxFormatError).context.offset).toBe(4);
    expect(() => c.skip(-1, 'neg')).toThrow(/neg/);
    expect(() => c.seek(7, 'far')).toThrow(/far/);
    expect(() => c.bytes(3, 'b')).toThrow(EvtxFormatError);
  });
  it('respects an end limit smaller than the buffer', () => {
    const c = new ByteCursor(new Uint8Array(16), 0, 2);
    expect(() => c.u32('x')).toThrow(EvtxFormatError);
  });
});

describe('crc32', () => {
  it('matches the RFC 1952 check value and continues across calls', () => {
    const b = new TextEncoder().encode('123456789');
    expect(crc32(b)).toBe(0xcbf43926);
    expect(crc32(b, 4, 9, crc32(b, 0, 4))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
  it('native and table implementations agree', () => {
    const b = new Uint8Array(100_003).map((_, i) => (i * 131 + 7) & 0xff);
    expect(crc32(b, 5, 99_990)).toBe(crc32Table(b, 5, 99_990));
    expect(crc32(b, 0, 1000, crc32(b, 0, 10))).toBe(crc32Table(b, 0, 1000, crc32Table(b, 0, 10)));
  });
});

describe('file header', () => {
  it('parses fields and a valid CRC without warnings', () => {
    const h = parseFileHeader(fileHeader({ chunks: 3, minor: 2 }));
    expect(h).toMatchObject({ chunkCount: 3, majorVersion: 3, minorVersion: 2, headerBlockSize: 4096, crcOk: true, dirty: false });
    expect(h.warnings).toEqual([]);
  });
  it('warns on CRC mismatch, dirty flag, unknown version; does not throw', () => {
    const h = parseFileHeader(fileHeader({ badCrc: true, flags: 0x1, minor: 7 }));
    expect(h.warnings.map((w) => w.code).sort()).toEqual(['evtx.file.dirty', 'evtx.file.header_crc', 'evtx.file.version']);
    expect(h.dirty).toBe(true);
  });
  it('does not warn on CRC when the no-CRC32 flag (0x4) is set', () => {
    expect(parseFileHeader(fileHeader({ badCrc: true, flags: 0x4 })).warnings).toEqual([]);
  });
  it('rejects non-EVTX and short input with named errors', () => {
    expect(() => parseFileHeader(new Uint8Array(4096))).toThrow(/ElfFile/);
    expect(() => parseFileHeader(new Uint8Array(10))).toThrow(EvtxFormatError);
  });
});

const oneEvent = (id: number) => (at: number) =>
  record(at, id, (w) => w.fragmentHeader().templateInline(eventTemplate, [
    V.str('Prov'), V.u16(4624), V.filetime(0x01d4f0e38a2b3c4dn), V.str(`rec${id}`), V.u32(7), V.null(), V.u64(id), V.null(),
  ]).eof());

describe('chunk', () => {
  it('reads every record of a valid chunk without issues', () => {
    const r = parseChunk(chunk({ records: [oneEvent(1), oneEvent(2)] }), 0);
    expect(r.skipped).toBe(false);
    expect(r.issues).toEqual([]);
    expect(r.records.map((e) => e.EventRecordID)).toEqual([1, 2]);
    expect(r.records[1]!.EventData).toEqual({ A: 'rec2', B: 7 });
  });
  it('a slot with a bad magic is a chunk error and its records are tried one by one; an all-zero slot is silent', () => {
    const bad = chunk({ records: [oneEvent(1), oneEvent(2)], lastId: 2 });
    bad[0] = 0x58;
    const r = parseChunk(bad, 3);
    expect(r).toMatchObject({ skipped: true, empty: false, records: [] });
    expect(r.chunkErrors).toHaveLength(1);
    expect(r.chunkErrors[0]).toMatchObject({ severity: 'error', code: 'evtx.chunk.bad_magic', context: { chunk: 3, offset: 4096 + 3 * 65536 } });
    expect(r.chunkErrors[0]!.message).toMatch(/2 of 2 plausible record/);
    expect(r.recovered.map((e) => [e.EventRecordID, e.recovered])).toEqual([[1, 'damaged-chunk'], [2, 'damaged-chunk']]);
    expect(parseChunk(bad, 3, { recover: false }).recovered).toEqual([]);
    expect(parseChunk(new Uint8Array(65536), 0)).toMatchObject({ skipped: true, empty: true, issues: [], chunkErrors: [], errors: [] });
    expect(parseChunk(new Uint8Array(100).fill(1), 0).chunkErrors[0]!.code).toBe('evtx.chunk.truncated');
  });
  it('warns on CRC mismatches but still reads the records', () => {
    const r = parseChunk(chunk({ records: [oneEvent(1)], badHeaderCrc: true, badDataCrc: true }), 0);
    expect(r.issues.map((i) => i.code).sort()).toEqual(['evtx.chunk.data_crc', 'evtx.chunk.header_crc']);
    expect(r.records).toHaveLength(1);
    expect(parseChunk(chunk({ records: [oneEvent(1)], badDataCrc: true }), 0, { checkCrc: false }).issues).toEqual([]);
  });
  it('gives chunk-header warnings the file offsets of the stored CRCs (default or given chunk offset)', () => {
    const bad = chunk({ records: [oneEvent(1)], badHeaderCrc: true, badDataCrc: true });
    const at = (r: ReturnType<typeof parseChunk>) => r.issues.map((i) => [i.code, i.context.offset]).sort();
    expect(at(parseChunk(bad, 2))).toEqual([['evtx.chunk.data_crc', 4096 + 2 * 65536 + 52], ['evtx.chunk.header_crc', 4096 + 2 * 65536 + 124]]);
    expect(at(parseChunk(bad, 2, { fileOffset: 1000 }))).toEqual([['evtx.chunk.data_crc', 1052], ['evtx.chunk.header_crc', 1124]]);
  });
  it('reads a chunk the same with no options as with every option at its default', () => {
    const zero = (at: number) => new W(at).bytes([0x2a, 0x2a, 0, 0]).u32(0).u64(2).u64(0).b;
    const c = chunk({ records: [oneEvent(1), zero, oneEvent(3)], lastId: 3, badDataCrc: true });
    const defaults = parseChunk(c, 1, { xml: false, objects: true, checkCrc: true, recover: true });
    expect(parseChunk(c, 1)).toEqual(defaults);
    expect(defaults.recordIds).toEqual([1, 3]);
    expect(defaults.errors.map((e) => e.code)).toEqual(['evtx.record.bad_size']);
  });
  it('reports a zero-size record and resynchronises on the next one', () => {
    const zero = (at: number) => new W(at).bytes([0x2a, 0x2a, 0, 0]).u32(0).u64(2).u64(0).b;
    const r = parseChunk(chunk({ records: [oneEvent(1), zero, oneEvent(3)], lastId: 3 }), 0);
    expect(r.records.map((e) => e.EventRecordID)).toEqual([1, 3]);
    expect(r.recordsFailed).toBe(1);
    expect(r.errors[0]).toMatchObject({ code: 'evtx.record.bad_size', context: { chunk: 0, recordId: 2 } });
  });
  it('reports a record whose size overruns the chunk', () => {
    const huge = (at: number) => new W(at).bytes([0x2a, 0x2a, 0, 0]).u32(0x10000).u64(1).u64(0).b;
    const r = parseChunk(chunk({ records: [huge], freeSpace: 1024 }), 0);
    expect(r.recordsFailed).toBe(1);
    expect(r.records).toEqual([]);
  });
  it('skips zero runs silently and garbage between records as a record error (a damaged record)', () => {
    const gap = (fill: number) => (at: number) => new W(at).bytes(new Array(64).fill(fill)).b;
    const r0 = parseChunk(chunk({ records: [oneEvent(1), gap(0), oneEvent(2)] }), 0);
    expect(r0.records).toHaveLength(2);
    expect(r0.issues).toEqual([]);
    expect(r0.errors).toEqual([]);
    const r1 = parseChunk(chunk({ records: [oneEvent(1), gap(0x41), oneEvent(2)] }), 0);
    expect(r1.records).toHaveLength(2);
    expect(r1.recordsFailed).toBe(1);
    expect(r1.errors.map((i) => [i.code, i.severity])).toEqual([['evtx.record.resync', 'error']]);
    expect(r1.errors[0]!.message).toMatch(/64 bytes/);
  });
  it('warns on a size-copy mismatch and still renders the record', () => {
    const bent = (at: number) => {
      const b = oneEvent(1)(at);
      b[b.length - 4] = 0;
      b[b.length - 3] = 0;
      return b;
    };
    const r = parseChunk(chunk({ records: [bent] }), 0);
    expect(r.issues.map((i) => i.code)).toContain('evtx.record.size_copy');
  });
  it('returns records whose id is outside the chunk header range as recovered, or counts them as lost', () => {
    const c = chunk({ records: [oneEvent(5), oneEvent(99)], firstId: 5, lastId: 6 });
    const r = parseChunk(c, 0);
    expect(r.records.map((e) => e.EventRecordID)).toEqual([5]);
    expect(r.recovered.map((e) => [e.EventRecordID, e.recovered])).toEqual([[99, 'outside-chunk-range']]);
    expect(r.recordsFailed).toBe(0);
    const off = parseChunk(c, 0, { recover: false });
    expect(off.recovered).toEqual([]);
    expect(off.errors.map((e) => [e.code, e.context.recordId])).toEqual([['evtx.record.outside_chunk_range', 99]]);
  });
  it('reports a record with broken BinXML and continues with the next record', () => {
    const broken = (at: number) => record(at, 2, (w) => w.fragmentHeader().u8(0x1f).eof());
    const r = parseChunk(chunk({ records: [oneEvent(1), broken, oneEvent(3)], lastId: 3 }), 0);
    expect(r.records.map((e) => e.EventRecordID)).toEqual([1, 3]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'evtx.binxml.token', context: { recordId: 2, chunk: 0 } });
    expect(r.errors[0]!.message).toMatch(/unknown BinXML token 0x1f/);
  });
  it('reads to the chunk end when the free-space offset is out of range', () => {
    const r = parseChunk(chunk({ records: [oneEvent(1)], freeSpace: 0xffffffff }), 0);
    expect(r.records).toHaveLength(1);
  });
});

describe('recovery (the default)', () => {
  it('recovers a plausible record in the slack after the free-space offset, flagged apart', () => {
    let slackAt = 0;
    const c = chunk({ records: [oneEvent(5), (at) => { slackAt = at; return oneEvent(2)(at); }], firstId: 5, lastId: 5 });
    // move the free-space offset back so record 2 sits in the slack
    const dv = new DataView(c.buffer);
    dv.setUint32(48, slackAt, true);
    const plain = parseChunk(c, 0, { checkCrc: false, recover: false });
    expect(plain.records.map((e) => e.EventRecordID)).toEqual([5]);
    expect(plain.recovered).toEqual([]);
    const r = parseChunk(c, 0, { checkCrc: false, xml: true });
    expect(r.records.map((e) => e.EventRecordID)).toEqual([5]);
    expect(r.recovered.map((e) => [e.EventRecordID, e.recovered])).toEqual([[2, 'slack']]);
    expect(r.recoveredXml[0]).toContain('<EventRecordID>2</EventRecordID>');
    expect(r.issues.map((i) => i.code)).toContain('evtx.record.recovered');
  });
  it('recovers records outside the header id range only when their template ids match', () => {
    let defOffset = 0;
    const first = (at: number) => record(at, 5, (w) => {
      w.fragmentHeader();
      defOffset = w.pos + 10;
      w.templateInline(eventTemplate, [V.str('P'), V.u16(1), V.filetime(0n), V.str('x'), V.u32(1), V.null(), V.u64(5), V.null()], 0x11, false).eof();
    });
    // instance id 0x1234 vs definition GUID starting 11 11 11 11: mismatch → not recovered, lost
    const foreign = (at: number) => record(at, 99, (w) => w.fragmentHeader().templateRef(defOffset, [V.str('Q'), V.u16(2), V.filetime(0n), V.str('y'), V.u32(2), V.null(), V.u64(99), V.null()]).eof());
    const r = parseChunk(chunk({ records: [first, foreign], firstId: 5, lastId: 5 }), 0, { recover: true });
    expect(r.records.map((e) => e.EventRecordID)).toEqual([5]);
    expect(r.recovered).toEqual([]);
    expect(r.errors.map((e) => [e.code, e.context.recordId])).toEqual([['evtx.binxml.template_mismatch', 99]]);
    // same layout with a matching id (GUID bytes 34 12 00 00…)
    const first2 = (at: number) => record(at, 5, (w) => {
      w.fragmentHeader();
      defOffset = w.pos + 10;
      w.u8(0x0c).u8(1).u32(0x1234).u32(w.pos + 4).u32(0).bytes([0x34, 0x12, 0, 0, ...new Array(12).fill(0)]);
      const inner = new W(w.pos + 4);
      eventTemplate(inner);
      w.u32(inner.b.length).bytes(inner.b).instanceData([V.str('P'), V.u16(1), V.filetime(0n), V.str('x'), V.u32(1), V.null(), V.u64(5), V.null()]).eof();
    });
    const r2 = parseChunk(chunk({ records: [first2, foreign], firstId: 5, lastId: 5 }), 0, { recover: true });
    expect(r2.recovered.map((e) => [e.EventRecordID, e.Provider.Name])).toEqual([[99, 'Q']]);
  });
});

describe('file', () => {
  it('scans every slot to EOF regardless of the header chunk count', () => {
    const bytes = file(fileHeader({ chunks: 1, flags: 1 }), [
      chunk({ records: [oneEvent(1)] }), new Uint8Array(65536), chunk({ records: [oneEvent(2)], firstId: 2, lastId: 2 }),
    ]);
    const r = parseEvtxBytes(bytes);
    expect(r.records.map((e) => e.EventRecordID)).toEqual([1, 2]);
    expect(r.summary).toMatchObject({ recordsOk: 2, recordsFailed: 0, chunksSkipped: 0, chunksEmpty: 1, chunksRead: 2 });
    expect(r.summary.warnings.map((w) => w.code)).toEqual(['evtx.file.dirty']);
  });
  it('reads a truncated last slot as far as it goes', () => {
    const c = chunk({ records: [oneEvent(1)] });
    const r = parseEvtxBytes(file(fileHeader(), [c.subarray(0, 4000)]));
    expect(r.records).toHaveLength(1);
    expect(r.summary.chunkErrors.map((w) => w.code)).toEqual(['evtx.chunk.truncated']);
  });
  it('reads the chunks of a file whose header is overwritten, with an error on the header', () => {
    const w = new EvtxWriter().addAll(sampleEvents(3, 1500));
    expect(w.chunkCount).toBeGreaterThan(1);
    const good = w.toBytes();
    const want = parseEvtxBytes(good).records.map((e) => e.EventRecordID);
    for (const damage of [8, 128, 4096]) {
      const bytes = good.slice();
      bytes.fill(0x41, 0, damage);
      const r = parseEvtxBytes(bytes);
      expect(r.records.map((e) => e.EventRecordID)).toEqual(want);
      expect(r.header.damaged).toBe(true);
      expect(r.summary.chunkErrors.map((e) => [e.code, e.severity, e.context.offset])).toEqual([['evtx.file.bad_header', 'error', 0]]);
    }
    // no file signature and no chunk signature where the first chunk starts: not EVTX
    const neither = good.slice();
    neither.fill(0x41, 0, 4104);
    expect(() => parseEvtxBytes(neither)).toThrow(expect.objectContaining({ code: 'evtx.file.bad_magic' }));
  });
});
