/**
 * Seeded mutations of real EVTX samples for fuzzing the parser: byte flips (biased towards
 * headers and record starts), truncations, chunk-header field corruption (free-space offset,
 * last-record offset, string/template tables), record size / size-copy corruption, offset
 * rewrites inside BinXML, zero runs and splices. Deterministic for a given seed.
 */
import { putU32 } from './byte-mutate';

/** mulberry32: small, fast, seedable PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function recordStarts(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 4096; i + 4 <= b.length; i += 8) if (b[i] === 0x2a && b[i + 1] === 0x2a && b[i + 2] === 0 && b[i + 3] === 0) out.push(i);
  return out;
}

const NASTY = [0, 1, 0xff, 0xffff, 0x10000, 0xffffffff, 0x7fffffff, 28, 27, 24, 512, 65535, 65536];

export interface Mutation { kind: string; bytes: Uint8Array }

/** One byte-level mutated copy of `seed` for case number `n`. */
export function mutate(seed: Uint8Array, n: number): Mutation {
  const r = rng(0x9e3779b9 ^ (n * 2654435761));
  const b = new Uint8Array(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo));
  const nasty = () => (r() < 0.5 ? pick(NASTY) : Math.floor(r() * 0x100000000));
  const chunkStart = () => 4096 + 65536 * int(0, Math.max(1, Math.floor((b.length - 4096) / 65536)));
  const kinds = ['flip', 'truncate', 'chunk-field', 'record-size', 'offset', 'zero-run', 'splice', 'combo'];
  const kind = kinds[n % kinds.length]!;
  const apply = (k: string): Uint8Array => {
    switch (k) {
      case 'flip': {
        const count = int(1, 64);
        const starts = recordStarts(b);
        for (let i = 0; i < count; i++) {
          const base = r() < 0.5 && starts.length ? pick(starts) + int(0, 512) : int(0, b.length);
          if (base < b.length) b[base] = int(0, 256);
        }
        return b;
      }
      case 'truncate': return b.subarray(0, int(0, b.length));
      case 'chunk-field': {
        const c = chunkStart();
        const field = pick([8, 16, 24, 32, 40, 44, 48, 52, 120, 124, 128 + 4 * int(0, 64), 384 + 4 * int(0, 32)]);
        putU32(b, c + field, nasty());
        return b;
      }
      case 'record-size': {
        const starts = recordStarts(b);
        if (!starts.length) return b;
        const at = pick(starts);
        const size = (b[at + 4]! | (b[at + 5]! << 8) | (b[at + 6]! << 16) | (b[at + 7]! << 24)) >>> 0;
        const v = pick([nasty(), size + int(-64, 64), 0, 28]);
        if (r() < 0.7) putU32(b, at + 4, v);
        else putU32(b, at + size - 4, v);
        return b;
      }
      case 'offset': {
        // rewrite u32s inside BinXML with offsets pointing around the chunk (names, templates)
        const starts = recordStarts(b);
        if (!starts.length) return b;
        const at = pick(starts) + 24 + int(0, 200);
        const c = 4096 + Math.floor((at - 4096) / 65536) * 65536;
        putU32(b, at, pick([at - c, at - c + 4, int(0, 65536), nasty(), 512, 0]));
        return b;
      }
      case 'zero-run': {
        const at = int(4096, Math.max(4097, b.length));
        b.fill(0, at, Math.min(b.length, at + int(1, 4096)));
        return b;
      }
      case 'splice': {
        const len = int(1, 2048);
        const from = int(0, Math.max(1, b.length - len));
        const to = int(4096, Math.max(4097, b.length - len));
        b.copyWithin(to, from, from + len);
        return b;
      }
      default: {
        let out: Uint8Array = b;
        for (let i = 0; i < 3; i++) out = apply(pick(kinds.slice(0, 7)));
        return out;
      }
    }
  };
  return { kind, bytes: apply(kind) };
}
