/**
 * ZIP central directory parsing (APPNOTE 6.3.x): end of central directory (with ZIP64), entries,
 * UTF-8 / CP437 names. Pure reads through a RandomAccessSource; no inflation here.
 */
import { IngestError } from '../../shared/ingest-issues';
import type { RandomAccessSource } from './source';

export interface RawZipEntry {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface CentralDirectory {
  entries: RawZipEntry[];
  /** Number of entries the end record declares (may exceed `entries.length` when refused early). */
  declaredCount: number;
}

const EOCD_SIG = 0x06054b50;
const Z64_LOCATOR_SIG = 0x07064b50;
const Z64_EOCD_SIG = 0x06064b50;
const CDH_SIG = 0x02014b50;

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
function u64(b: Uint8Array, o: number): number {
  const v = u32(b, o) + u32(b, o + 4) * 0x1_0000_0000;
  if (!Number.isSafeInteger(v)) throw new IngestError('zip.corrupt', 'a ZIP64 size or offset is beyond 2^53');
  return v;
}

// CP437 upper half, for names without the UTF-8 flag.
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(bytes);
  let s = '';
  for (const c of bytes) s += c < 128 ? String.fromCharCode(c) : CP437_HIGH[c - 128];
  return s;
}

async function readExact(src: RandomAccessSource, offset: number, length: number, what: string): Promise<Uint8Array> {
  if (offset < 0 || offset + length > src.size) throw new IngestError('zip.corrupt', `${what} lies outside the file (offset ${offset}, ${length} bytes, file ${src.size} bytes)`, { offset });
  const b = await src.read(offset, length);
  if (b.length < length) throw new IngestError('zip.corrupt', `short read of ${what} at offset ${offset}`, { offset });
  return b;
}

export async function readCentralDirectory(src: RandomAccessSource, maxEntries: number): Promise<CentralDirectory> {
  const tailLen = Math.min(src.size, 22 + 0xffff);
  if (src.size < 22) throw new IngestError('zip.corrupt', `file of ${src.size} bytes is too small to be a zip`);
  const tailStart = src.size - tailLen;
  const tail = await readExact(src, tailStart, tailLen, 'end of central directory');
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === EOCD_SIG && i + 22 + u16(tail, i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new IngestError('zip.corrupt', 'no end-of-central-directory record (truncated or not a zip)');
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  if (u16(tail, eocd + 4) !== 0 || u16(tail, eocd + 6) !== 0) throw new IngestError('zip.unsupported', 'multi-disk (split) archives are not supported');
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locAt = tailStart + eocd - 20;
    const loc = await readExact(src, locAt, 20, 'ZIP64 locator');
    if (u32(loc, 0) !== Z64_LOCATOR_SIG) throw new IngestError('zip.corrupt', 'ZIP64 values without a ZIP64 locator');
    const z64At = u64(loc, 8);
    const z = await readExact(src, z64At, 56, 'ZIP64 end record');
    if (u32(z, 0) !== Z64_EOCD_SIG) throw new IngestError('zip.corrupt', 'bad ZIP64 end record signature', { offset: z64At });
    count = u64(z, 32);
    cdSize = u64(z, 40);
    cdOffset = u64(z, 48);
  }
  if (count > maxEntries) return { entries: [], declaredCount: count };
  if (cdOffset + cdSize > src.size) throw new IngestError('zip.corrupt', `central directory (offset ${cdOffset}, ${cdSize} bytes) lies outside the file; the archive is truncated`, { offset: cdOffset });
  const cd = await readExact(src, cdOffset, cdSize, 'central directory');
  const entries: RawZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || u32(cd, p) !== CDH_SIG) throw new IngestError('zip.corrupt', `central directory entry ${n} is damaged`, { offset: cdOffset + p });
    const flags = u16(cd, p + 8);
    const method = u16(cd, p + 10);
    const crc = u32(cd, p + 16);
    let csize = u32(cd, p + 20);
    let usize = u32(cd, p + 24);
    const nameLen = u16(cd, p + 28);
    const extraLen = u16(cd, p + 30);
    const commentLen = u16(cd, p + 32);
    let offset = u32(cd, p + 42);
    if (p + 46 + nameLen + extraLen + commentLen > cd.length) throw new IngestError('zip.corrupt', `central directory entry ${n} runs past the directory`, { offset: cdOffset + p });
    const name = decodeName(cd.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
    // ZIP64 extended information extra field (0x0001): only the fields that are 0xFFFFFFFF, in order.
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = u16(cd, e);
      const size = u16(cd, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (usize === 0xffffffff && q + 8 <= e + 4 + size) { usize = u64(cd, q); q += 8; }
        if (csize === 0xffffffff && q + 8 <= e + 4 + size) { csize = u64(cd, q); q += 8; }
        if (offset === 0xffffffff && q + 8 <= e + 4 + size) { offset = u64(cd, q); q += 8; }
      }
      e += 4 + size;
    }
    entries.push({ name, flags, method, crc32: crc, compressedSize: csize, uncompressedSize: usize, localHeaderOffset: offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, declaredCount: count };
}

/** Offset of a member's data: after its local header, whose name/extra lengths may differ from the central directory's. */
export async function dataOffset(src: RandomAccessSource, entry: { name: string; localHeaderOffset: number }): Promise<number> {
  const h = await readExact(src, entry.localHeaderOffset, 30, 'local file header');
  if (u32(h, 0) !== 0x04034b50) throw new IngestError('zip.corrupt', `bad local header signature for ${entry.name}`, { offset: entry.localHeaderOffset });
  return entry.localHeaderOffset + 30 + u16(h, 26) + u16(h, 28);
}
