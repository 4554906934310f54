/**
 * Structure-aware zip mutations: the end-of-central-directory record (counts, directory size and
 * offset, comment length), central directory entries (method, flags, CRC, sizes, name/extra/
 * comment lengths, local header offset, names), local headers (sizes, name and extra lengths)
 * and the member data (deflate bits), plus hostile archives built from scratch (lying sizes,
 * overlapping entries, escaping names, odd methods, nesting). Layout: PKWARE APPNOTE.TXT 4.3.
 */
import { zipSync } from 'fflate';
import { buildZip } from '../ingest/zip/build-zip';
import { getU16, getU32, nastyU32, putU16, putU32, type Prng } from './byte-mutate';

interface ZipLayout {
  eocd: number;
  /** Central directory entry offsets. */
  central: number[];
  /** Local header offsets that hold a local header signature. */
  local: number[];
}

/** Finds the EOCD (last `PK\5\6`), walks the central directory and the local headers it names. */
function scanZip(b: Uint8Array): ZipLayout | null {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (getU32(b, i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) return null;
  const central: number[] = [];
  const local: number[] = [];
  let at = getU32(b, eocd + 16);
  for (let k = 0; k < getU16(b, eocd + 10) && getU32(b, at) === 0x02014b50; k++) {
    central.push(at);
    const lh = getU32(b, at + 42);
    if (getU32(b, lh) === 0x04034b50) local.push(lh);
    at += 46 + getU16(b, at + 28) + getU16(b, at + 30) + getU16(b, at + 32);
  }
  return { eocd, central, local };
}

export const ZIP_MUTATIONS = ['eocd', 'central', 'local', 'data', 'name', 'hostile'] as const;
export type ZipMutation = (typeof ZIP_MUTATIONS)[number];

const enc = new TextEncoder();

function hostileZip(r: Prng, member: Uint8Array): { bytes: Uint8Array; what: string } {
  const what = r.pick(['lying-size', 'overlap', 'names', 'methods', 'deep-nest', 'many-members', 'zeros']);
  switch (what) {
    case 'lying-size':
      return { what, bytes: buildZip([{ name: 'a.jsonl', data: member, declaredSize: r.pick([0, 1, member.length - 1, member.length + 1, 0x7fffffff]) }]) };
    case 'overlap':
      return { what, bytes: buildZip([{ name: 'a.xml', data: member }, { name: 'b.xml', data: member, sameDataAs: 0 }, { name: 'c.xml', data: member, sameDataAs: 0 }]) };
    case 'names':
      return { what, bytes: buildZip([{ name: '../../evil.jsonl', data: member }, { name: 'C:/x\u0000\u202e.xml', data: member }, { name: '', data: member }, { name: 'dir/', data: new Uint8Array(0), method: 0 }]) };
    case 'methods':
      return { what, bytes: buildZip([{ name: 'a', data: member, method: r.pick([1, 9, 12, 14, 99, 0xffff]) }, { name: 'b', data: member, flags: r.pick([1, 8, 0x41]) }]) };
    case 'deep-nest': {
      let z = zipSync({ 'e.jsonl': member });
      for (let i = 0; i < r.int(2, 4); i++) z = zipSync({ [`level${i}.zip`]: z });
      return { what, bytes: z };
    }
    case 'many-members': {
      const files: Record<string, Uint8Array> = {};
      for (let i = 0; i < r.pick([100, 2000]); i++) files[`m${i}.txt`] = enc.encode(`{"i":${i}}\n`);
      return { what, bytes: zipSync(files, { level: 1 }) };
    }
    default:
      // legitimately compressible: 2 MiB of zeros, just over the ratio check's minimum size
      return { what, bytes: zipSync({ 'zeros.bin': new Uint8Array(r.pick([1 << 20, (2 << 20) + 1])) }, { level: 9 }) };
  }
}

/** One structure-aware zip mutation of a copy of `input`; `member` feeds the archives built from scratch. */
export function mutateZip(input: Uint8Array, kind: ZipMutation, r: Prng, member: Uint8Array): { bytes: Uint8Array; mutation: string } {
  if (kind === 'hostile') {
    const h = hostileZip(r, member);
    return { bytes: h.bytes, mutation: `hostile ${h.what}` };
  }
  const b = new Uint8Array(input);
  const z = scanZip(b);
  if (!z) return { bytes: b, mutation: `${kind}: (no directory)` };
  const u16 = (at: number, vals: number[]) => putU16(b, at, r.pick(vals) & 0xffff);
  switch (kind) {
    case 'eocd': {
      const field = r.pick([8, 10, 12, 16, 20]);
      if (field === 8 || field === 10) u16(z.eocd + field, [0, 1, getU16(b, z.eocd + field) + 1, 0xffff]);
      else if (field === 20) u16(z.eocd + 20, [1, 22, 0xffff]);
      else putU32(b, z.eocd + field, r.pick([0, getU32(b, z.eocd + field) + 1, getU32(b, z.eocd + field) - 1, nastyU32(r)]));
      return { bytes: b, mutation: `eocd field ${field}` };
    }
    case 'central': {
      if (!z.central.length) return { bytes: b, mutation: 'central: (none)' };
      const c = r.pick(z.central);
      const field = r.pick([8, 10, 16, 20, 24, 28, 30, 32, 42]);
      if (field <= 10 || (field >= 28 && field <= 32)) u16(c + field, [0, 1, 8, 9, 99, getU16(b, c + field) + 1, 0xffff]);
      else putU32(b, c + field, r.pick([0, 1, getU32(b, c + field) + 1, getU32(b, c + field) - 1, getU32(b, r.pick(z.central) + 42), nastyU32(r)]));
      return { bytes: b, mutation: `central entry at ${c} field ${field}` };
    }
    case 'local': {
      if (!z.local.length) return { bytes: b, mutation: 'local: (none)' };
      const l = r.pick(z.local);
      const field = r.pick([6, 8, 14, 18, 22, 26, 28]);
      if (field >= 26 || field <= 8) u16(l + field, [0, 1, 8, getU16(b, l + field) + 1, 0xffff]);
      else putU32(b, l + field, nastyU32(r));
      return { bytes: b, mutation: `local header at ${l} field ${field}` };
    }
    case 'data': {
      if (!z.local.length) return { bytes: b, mutation: 'data: (none)' };
      const l = r.pick(z.local);
      const start = l + 30 + getU16(b, l + 26) + getU16(b, l + 28);
      const len = getU32(b, l + 18);
      for (let i = 0, n = r.int(1, 8); i < n && len > 0; i++) {
        const at = start + r.int(0, len - 1);
        if (at < b.length) b[at] = b[at]! ^ (1 << r.int(0, 7));
      }
      return { bytes: b, mutation: `data of member at ${l}` };
    }
    case 'name': {
      if (!z.central.length) return { bytes: b, mutation: 'name: (none)' };
      const c = r.pick(z.central);
      const len = getU16(b, c + 28);
      const evil = enc.encode(r.pick(['../', '/', 'C:', '\u0000', '\u202e', '\\..\\', '\uFFFD']));
      b.set(evil.subarray(0, len), c + 46);
      return { bytes: b, mutation: `name of central entry at ${c}` };
    }
  }
}
