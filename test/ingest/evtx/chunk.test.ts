// Nothing lost silently: files written by the EVTX writer are damaged at seeded random places
// (overwritten ranges, zeroed ranges, flipped bits, grown record sizes, chunk signatures); every written
// record whose header and trailing size copy survived must come back read, recovered or as a
// record error naming its id, and the counts must add up.
import { describe, expect, it } from 'vitest';
import { parseEvtxBytes } from '../../../src-main/ingest/evtx/index';
import { EvtxWriter } from '../../tools/evtx-writer/index';
import { Prng } from '../../tools/evtx-writer/prng';
import { sampleEvents } from '../../tools/evtx-writer/sample-events';

interface Placed { offset: number; size: number; id: number }

/** Every record of a clean file: file offset, size, id (walking each chunk by record sizes). */
function placeRecords(b: Uint8Array): Placed[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Placed[] = [];
  for (let c = 4096; c + 512 <= b.length; c += 65536) {
    const free = dv.getUint32(c + 48, true);
    for (let p = c + 512; p < c + free;) {
      const size = dv.getUint32(p + 4, true);
      out.push({ offset: p, size, id: Number(dv.getBigUint64(p + 8, true)) });
      p += size;
    }
  }
  return out;
}

function damage(b: Uint8Array, r: Prng, placed: Placed[]): void {
  const chunks = (b.length - 4096) / 65536;
  for (let k = r.int(1, 4); k > 0; k--) {
    const c = 4096 + r.int(0, chunks - 1) * 65536;
    switch (r.int(0, 4)) {
      case 4: { // a record's size field grown: a reader trusting it would jump over intact records
        const p = r.pick(placed);
        const grown = Math.min(p.size + r.int(1, 4000), 65536 - ((p.offset - 4096) % 65536));
        new DataView(b.buffer, b.byteOffset).setUint32(p.offset + 4, grown, true);
        break;
      }
      case 0: { // overwrite a range with noise
        const at = c + r.int(512, 65000);
        const n = r.int(1, 1500);
        for (let i = at; i < Math.min(b.length, at + n); i++) b[i] = r.int(0, 255);
        break;
      }
      case 1: { // zero a range (VSS copies, cut writes)
        const at = c + r.int(512, 65000);
        b.fill(0, at, Math.min(b.length, at + r.int(1, 3000)));
        break;
      }
      case 2: // a record size field (anywhere: most land in record data)
        b[c + r.int(512, 65000)] ^= 1 << r.int(0, 7);
        break;
      default: // the chunk signature
        b[c + r.int(0, 7)] ^= 0xff;
    }
  }
}

const same = (a: Uint8Array, b: Uint8Array, from: number, n: number) => {
  for (let i = from; i < from + n; i++) if (a[i] !== b[i]) return false;
  return true;
};

describe('every record read, recovered or counted', () => {
  const clean = new EvtxWriter().addAll(sampleEvents(21, 2500)).toBytes();
  const placed = placeRecords(clean);

  it('places the writer\'s records (the check below has something to check)', () => {
    expect(placed).toHaveLength(2500);
    expect(parseEvtxBytes(clean).summary).toMatchObject({ recordsOk: 2500, recordsFailed: 0, recordsRecovered: 0 });
  });

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('damage seed %i', (seed) => {
    const b = clean.slice();
    damage(b, new Prng(seed), placed);
    for (const xml of [false, true]) {
      const r = parseEvtxBytes(b, { xml });
      const s = r.summary;
      const seen = new Set<number>([...r.records.map((e) => e.EventRecordID!), ...r.recovered.map((e) => e.EventRecordID!)]);
      for (const e of s.errors) if (e.context.recordId !== undefined) seen.add(e.context.recordId);
      const intact = placed.filter((p) => same(b, clean, p.offset, 24) && same(b, clean, p.offset + p.size - 4, 4));
      const missing = intact.filter((p) => !seen.has(p.id)).map((p) => p.id);
      expect(missing, `seed ${seed}: intact records neither read, recovered nor reported`).toEqual([]);
      expect(s.errors).toHaveLength(s.recordsFailed);
      expect(r.records).toHaveLength(s.recordsOk);
      expect(r.recovered).toHaveLength(s.recordsRecovered);
      if (xml) expect(r.xml.length + r.recoveredXml.length).toBe(s.recordsOk + s.recordsRecovered);
      // at most one outcome per plausible record: never more events than were written
      expect(s.recordsOk + s.recordsRecovered, `seed ${seed}`).toBeLessThanOrEqual(2500);
    }
  });
});
