/**
 * Builds zip archives byte by byte for the tests, with control over what honest writers never do:
 * lying sizes, entries that share data, odd names. Compression by fflate.
 */
import { deflateSync } from 'fflate';
import { crc32Update } from '../../../src-main/ingest/zip/crc32';

export interface BuildEntry {
  name: string;
  data: Uint8Array;
  /** 0 stored, 8 deflate (default). */
  method?: number;
  /** Size written in the headers instead of the real one. */
  declaredSize?: number;
  /** Re-use the local header of an earlier entry (index): the overlapping-entry bomb. */
  sameDataAs?: number;
  flags?: number;
}

export function buildZip(entries: BuildEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const offsets: number[] = [];
  const infos: Array<{ csize: number; crc: number }> = [];
  let off = 0;
  const enc = new TextEncoder();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const name = enc.encode(e.name);
    const method = e.method ?? 8;
    const body = method === 8 ? deflateSync(e.data, { level: 9 }) : e.data;
    const crc = crc32Update(0, e.data);
    const usize = e.declaredSize ?? e.data.length;
    let localOffset: number;
    let csize = body.length;
    if (e.sameDataAs !== undefined) {
      localOffset = offsets[e.sameDataAs]!;
      csize = infos[e.sameDataAs]!.csize;
    } else {
      const h = new Uint8Array(30 + name.length);
      const v = new DataView(h.buffer);
      v.setUint32(0, 0x04034b50, true); v.setUint16(4, 20, true); v.setUint16(6, (e.flags ?? 0) | 0x800, true); v.setUint16(8, method, true);
      v.setUint32(14, crc, true); v.setUint32(18, body.length, true); v.setUint32(22, usize, true);
      v.setUint16(26, name.length, true); v.setUint16(28, 0, true);
      h.set(name, 30);
      localOffset = off;
      parts.push(h, body);
      off += h.length + body.length;
    }
    offsets.push(localOffset);
    infos.push({ csize, crc });
    const c = new Uint8Array(46 + name.length);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true); cv.setUint16(4, 20, true); cv.setUint16(6, 20, true); cv.setUint16(8, (e.flags ?? 0) | 0x800, true);
    cv.setUint16(10, method, true); cv.setUint32(16, crc, true); cv.setUint32(20, csize, true); cv.setUint32(24, usize, true);
    cv.setUint16(28, name.length, true); cv.setUint32(42, localOffset, true);
    c.set(name, 46);
    central.push(c);
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true); ev.setUint16(8, entries.length, true); ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true); ev.setUint32(16, off, true);
  const all = [...parts, ...central, eocd];
  const out = new Uint8Array(all.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of all) { out.set(p, o); o += p.length; }
  return out;
}
