/**
 * Crafted-byte fixture builder for unit tests: writes BinXML token streams, template
 * definitions and instances, records, chunks and file headers (with valid CRCs unless told
 * otherwise), at known chunk offsets so inline names/templates land where the parser expects.
 */
import { crc32 } from '../../../src-main/ingest/evtx/crc32';

export class W {
  readonly b: number[] = [];
  /** `base` is the chunk offset of the first byte written. */
  constructor(readonly base = 0) {}
  get pos(): number {
    return this.base + this.b.length;
  }
  u8(v: number): this { this.b.push(v & 0xff); return this; }
  u16(v: number): this { return this.u8(v).u8(v >>> 8); }
  u32(v: number): this { return this.u16(v & 0xffff).u16(v >>> 16); }
  u64(v: bigint | number): this {
    const x = BigInt(v);
    return this.u32(Number(x & 0xffffffffn)).u32(Number(x >> 32n));
  }
  bytes(a: ArrayLike<number>): this { for (let i = 0; i < a.length; i++) this.b.push(a[i]! & 0xff); return this; }
  utf16(s: string): this { for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i)); return this; }
  /** Name structure body (next, hash, count, chars, NUL). */
  nameBody(s: string): this { return this.u32(0).u16(0).u16(s.length).utf16(s).u16(0); }
  /** Inline name: offset field equal to the current position + 4, then the name. */
  name(s: string): this { this.u32(this.pos + 4); return this.nameBody(s); }
  fragmentHeader(): this { return this.u8(0x0f).u8(1).u8(1).u8(0); }
  open(name: string, attrs = false, dep = true): this {
    this.u8(attrs ? 0x41 : 0x01);
    if (dep) this.u16(0xffff);
    this.u32(0).name(name);
    if (attrs) this.u32(0);
    return this;
  }
  openRef(nameOffset: number, attrs = false, dep = true): this {
    this.u8(attrs ? 0x41 : 0x01);
    if (dep) this.u16(0xffff);
    this.u32(0).u32(nameOffset);
    if (attrs) this.u32(0);
    return this;
  }
  attr(name: string): this { return this.u8(0x06).name(name); }
  closeStart(): this { return this.u8(0x02); }
  closeEmpty(): this { return this.u8(0x03); }
  end(): this { return this.u8(0x04); }
  text(s: string): this { return this.u8(0x05).u8(0x01).u16(s.length).utf16(s); }
  cdata(s: string): this { return this.u8(0x07).u16(s.length).utf16(s); }
  charRef(c: number): this { return this.u8(0x08).u16(c); }
  entityRef(name: string): this { return this.u8(0x09).name(name); }
  pi(target: string, data: string): this { return this.u8(0x0a).name(target).u8(0x0b).u16(data.length).utf16(data); }
  subst(index: number, type: number, optional = false): this { return this.u8(optional ? 0x0e : 0x0d).u16(index).u8(type); }
  eof(): this { return this.u8(0x00); }
  /** Template instance with the definition inline; `body` writes the definition's fragment. */
  templateInline(body: (w: W) => void, values: Val[], guidByte = 0x11, idMatchesGuid = true): this {
    this.u8(0x0c).u8(1).u32(0x1234);
    const defOff = this.pos + 4;
    this.u32(defOff);
    // real definitions' GUIDs start with the instance's template id
    this.u32(0).bytes(idMatchesGuid ? [0x34, 0x12, 0, 0, ...new Array(12).fill(guidByte)] : new Array(16).fill(guidByte));
    const inner = new W(this.pos + 4);
    body(inner);
    this.u32(inner.b.length).bytes(inner.b);
    return this.instanceData(values);
  }
  /** Template instance referring to a definition at `defOffset`. */
  templateRef(defOffset: number, values: Val[]): this {
    this.u8(0x0c).u8(1).u32(0x1234).u32(defOffset);
    return this.instanceData(values);
  }
  instanceData(values: Val[]): this {
    this.u32(values.length);
    for (const v of values) this.u16(v.bytes.length).u8(v.type).u8(0);
    for (const v of values) this.bytes(v.bytes);
    return this;
  }
}

export interface Val { type: number; bytes: number[] }
const le = (n: number, size: number) => Array.from({ length: size }, (_, i) => Number((BigInt(n) >> BigInt(8 * i)) & 0xffn));
export const V = {
  str: (s: string): Val => ({ type: 0x01, bytes: new W().utf16(s).b }),
  ansi: (bytes: number[]): Val => ({ type: 0x02, bytes }),
  raw: (type: number, bytes: number[]): Val => ({ type, bytes }),
  u8: (n: number): Val => ({ type: 0x04, bytes: le(n, 1) }),
  u16: (n: number): Val => ({ type: 0x06, bytes: le(n, 2) }),
  u32: (n: number): Val => ({ type: 0x08, bytes: le(n, 4) }),
  u64: (n: bigint | number): Val => ({ type: 0x0a, bytes: new W().u64(n).b }),
  hex64: (n: bigint | number): Val => ({ type: 0x15, bytes: new W().u64(n).b }),
  filetime: (n: bigint): Val => ({ type: 0x11, bytes: new W().u64(n).b }),
  guid: (bytes: number[]): Val => ({ type: 0x0f, bytes }),
  sid: (bytes: number[]): Val => ({ type: 0x13, bytes }),
  null: (size = 0): Val => ({ type: 0x00, bytes: new Array(size).fill(0) }),
};

/** One record at chunk offset `at`: header + BinXML from `write(w)` + size copy. */
export function record(at: number, id: number, write: (w: W) => void, filetime = 0x01d4f0e3_8a2b3c4dn): number[] {
  const w = new W(at + 24);
  write(w);
  const size = 24 + w.b.length + 4;
  const r = new W(at).bytes([0x2a, 0x2a, 0, 0]).u32(size).u64(id).u64(filetime).bytes(w.b).u32(size);
  return r.b;
}

export interface ChunkSpec {
  /** Each writer receives its record's chunk offset and returns the record bytes. */
  records: ((at: number) => number[])[];
  firstId?: number;
  lastId?: number;
  badHeaderCrc?: boolean;
  badDataCrc?: boolean;
  /** Override the free-space offset. */
  freeSpace?: number;
}

/** A 64 KiB chunk with valid header and data CRCs (unless told otherwise). */
export function chunk(spec: ChunkSpec): Uint8Array {
  const c = new Uint8Array(65536);
  let at = 512;
  for (const r of spec.records) {
    const bytes = r(at);
    c.set(bytes, at);
    at += bytes.length;
  }
  const w = new W().bytes([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00])
    .u64(spec.firstId ?? 1).u64(spec.lastId ?? spec.records.length)
    .u64(spec.firstId ?? 1).u64(spec.lastId ?? spec.records.length)
    .u32(128).u32(512).u32(spec.freeSpace ?? at);
  c.set(w.b, 0);
  const free = spec.freeSpace ?? at;
  const dv = new DataView(c.buffer);
  dv.setUint32(52, (crc32(c, 512, Math.min(free, 65536)) ^ (spec.badDataCrc ? 1 : 0)) >>> 0, true);
  dv.setUint32(124, (crc32(c, 128, 512, crc32(c, 0, 120)) ^ (spec.badHeaderCrc ? 1 : 0)) >>> 0, true);
  return c;
}

/** A file header (4096 bytes) with a valid CRC unless `badCrc`. */
export function fileHeader(opts: { chunks?: number; flags?: number; minor?: number; badCrc?: boolean } = {}): Uint8Array {
  const h = new Uint8Array(4096);
  const w = new W().bytes([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]).u64(0).u64((opts.chunks ?? 1) - 1).u64(1)
    .u32(128).u16(opts.minor ?? 1).u16(3).u16(4096).u16(opts.chunks ?? 1);
  h.set(w.b, 0);
  const dv = new DataView(h.buffer);
  dv.setUint32(120, opts.flags ?? 0, true);
  dv.setUint32(124, (crc32(h, 0, 120) ^ (opts.badCrc ? 1 : 0)) >>> 0, true);
  return h;
}

export function file(header: Uint8Array, chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(header.length + chunks.reduce((n, c) => n + c.length, 0));
  out.set(header, 0);
  let at = header.length;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

/** A typical event template body: Event/System(Provider@Name, EventID, TimeCreated@SystemTime,
 * EventRecordID, Channel, Computer, Security@UserID?)/EventData(Data@Name=A %3, Data@Name=B %4). */
export function eventTemplate(w: W): void {
  w.fragmentHeader();
  w.open('Event', true).attr('xmlns').text('http://schemas.microsoft.com/win/2004/08/events/event').closeStart();
  w.open('System').closeStart();
  w.open('Provider', true).attr('Name').subst(0, 0x01).closeEmpty();
  w.open('EventID', true).attr('Qualifiers').subst(5, 0x06, true).closeStart().subst(1, 0x06).end();
  w.open('TimeCreated', true).attr('SystemTime').subst(2, 0x11).closeEmpty();
  w.open('EventRecordID').closeStart().subst(6, 0x0a).end();
  w.open('Channel').closeStart().text('Security').end();
  w.open('Computer').closeStart().text('HOST').end();
  w.open('Security', true).attr('UserID').subst(7, 0x13, true).closeEmpty();
  w.end(); // System
  w.open('EventData').closeStart();
  w.open('Data', true).attr('Name').text('A').closeStart().subst(3, 0x01).end();
  w.open('Data', true).attr('Name').text('B').closeStart().subst(4, 0x08).end();
  w.end(); // EventData
  w.end(); // Event
  w.eof();
}
