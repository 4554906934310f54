/**
 * Format-blind byte mutations shared by every fuzz target: flips, truncation, splices, zero
 * runs, repeated spans (bounded), inserted dictionary tokens. Deterministic for a given Prng.
 * Every mutation keeps the result under `MAX_MUTATED_BYTES`, so a case's input never grows
 * without bound.
 */
import { Prng } from '../tools/evtx-writer/prng';

export { Prng };

/** Largest input a mutation may produce (a repeat of a span stops here). */
const MAX_MUTATED_BYTES = 4 * 1024 * 1024;

/** Integers that break length and offset fields: zero, one, off-by-one, sign bits, all ones. */
const NASTY_U32 = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

export function nastyU32(r: Prng): number {
  return r.chance(0.6) ? r.pick(NASTY_U32) : r.int(0, 0xffffffff);
}

export function putU16(b: Uint8Array, at: number, v: number): void {
  if (at < 0 || at + 2 > b.length) return;
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
}

export function putU32(b: Uint8Array, at: number, v: number): void {
  if (at < 0 || at + 4 > b.length) return;
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = (v >>> 24) & 0xff;
}

export function getU16(b: Uint8Array, at: number): number {
  return at >= 0 && at + 2 <= b.length ? b[at]! | (b[at + 1]! << 8) : 0;
}

export function getU32(b: Uint8Array, at: number): number {
  return at >= 0 && at + 4 <= b.length ? (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0 : 0;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const BYTE_MUTATIONS = ['flip', 'truncate', 'splice', 'zero-run', 'delete', 'repeat', 'insert'] as const;
type ByteMutation = (typeof BYTE_MUTATIONS)[number];

/**
 * Applies one byte mutation to a copy of `input`. `dictionary` holds tokens of the format
 * (`<!DOCTYPE`, `"EventID":`, magic numbers…) that `insert` splices in.
 */
function mutateBytes(input: Uint8Array, kind: ByteMutation, r: Prng, dictionary: readonly Uint8Array[] = []): Uint8Array {
  const b = new Uint8Array(input);
  const at = () => r.int(0, Math.max(0, b.length - 1));
  switch (kind) {
    case 'flip': {
      const n = r.int(1, 32);
      for (let i = 0; i < n && b.length > 0; i++) b[at()] = r.chance(0.5) ? r.int(0, 255) : b[at()]! ^ (1 << r.int(0, 7));
      return b;
    }
    case 'truncate':
      return b.subarray(0, r.int(0, b.length));
    case 'splice': {
      const len = r.int(1, 2048);
      const from = at();
      b.copyWithin(at(), from, from + len);
      return b;
    }
    case 'zero-run': {
      const from = at();
      b.fill(r.chance(0.7) ? 0 : 0xff, from, Math.min(b.length, from + r.int(1, 4096)));
      return b;
    }
    case 'delete': {
      const from = at();
      return concatBytes([b.subarray(0, from), b.subarray(Math.min(b.length, from + r.int(1, 512)))]);
    }
    case 'repeat': {
      const from = at();
      const span = b.subarray(from, Math.min(b.length, from + r.int(1, 256)));
      const times = Math.min((r.chance(0.1) ? 100_000 : r.pick([2, 10, 1000])), Math.floor((MAX_MUTATED_BYTES - b.length) / Math.max(1, span.length)));
      const parts = [b.subarray(0, from)];
      for (let i = 0; i < times; i++) parts.push(span);
      parts.push(b.subarray(from));
      return concatBytes(parts);
    }
    case 'insert': {
      const token = dictionary.length && r.chance(0.8) ? r.pick(dictionary) : Uint8Array.from({ length: r.int(1, 16) }, () => r.int(0, 255));
      const where = r.int(0, b.length);
      return concatBytes([b.subarray(0, where), token, b.subarray(where)]);
    }
  }
}

/** One to three byte mutations chained; returns the bytes and their names. */
export function mutateBytesChain(input: Uint8Array, r: Prng, dictionary: readonly Uint8Array[] = []): { bytes: Uint8Array; mutation: string } {
  let bytes = input;
  const names: string[] = [];
  const n = r.chance(0.7) ? 1 : r.int(2, 3);
  for (let i = 0; i < n; i++) {
    const kind = r.pick(BYTE_MUTATIONS);
    names.push(kind);
    bytes = mutateBytes(bytes, kind, r, dictionary);
  }
  return { bytes, mutation: names.join('+') };
}
