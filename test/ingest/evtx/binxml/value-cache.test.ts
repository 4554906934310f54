/**
 * The decoded-value cache (src-main/ingest/evtx/binxml/value-cache.ts): a cached decode must be
 * indistinguishable from a fresh one, whatever was decoded before it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { newChunkContext } from '../../../../src-main/ingest/evtx/binxml/context';
import { formatGuid, formatSid, hexInt, hexUpper } from '../../../../src-main/ingest/evtx/binxml/format';
import { clearValueCache, KIND_GUID, KIND_UTF16, slotFor, VALUE_CACHE_MAX_BYTES } from '../../../../src-main/ingest/evtx/binxml/value-cache';
import { decodeValue } from '../../../../src-main/ingest/evtx/binxml/values';
import { decodeUtf16Bytes } from '../../../../src-main/ingest/evtx/text';

const T_STRING = 0x01, T_BINARY = 0x0e, T_GUID = 0x0f, T_SIZET = 0x10, T_SID = 0x13, T_HEX32 = 0x14, T_HEX64 = 0x15;

function decodeAt(buf: Uint8Array, pos: number, size: number, type: number) {
  return decodeValue(newChunkContext(buf, 0), pos, size, type, 0);
}
function bytesOf(...xs: number[]): Uint8Array {
  return Uint8Array.from(xs);
}
function utf16(s: string): Uint8Array {
  const b = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    b[2 * i] = s.charCodeAt(i) & 0xff;
    b[2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return b;
}
/** Deterministic pseudo-random bytes (xorshift32). */
function rng(seed: number) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x & 0xff;
  };
}

beforeEach(() => clearValueCache());

describe('value cache', () => {
  it('gives the same string object for the same bytes, equal to a fresh decode', () => {
    const a = utf16('DC01.c137.local');
    const b = Uint8Array.from(a); // another buffer, same bytes
    const first = decodeAt(a, 0, a.length, T_STRING);
    expect(first).toBe('DC01.c137.local');
    expect(decodeAt(b, 0, b.length, T_STRING)).toBe(first);
  });

  it('keeps the kinds apart: the same 16 bytes as a string, a GUID and binary', () => {
    const raw = utf16('ABCDEFGH'); // 16 bytes
    expect(decodeAt(raw, 0, 16, T_STRING)).toBe('ABCDEFGH');
    expect(decodeAt(raw, 0, 16, T_GUID)).toBe(formatGuid(raw, 0));
    expect(decodeAt(raw, 0, 16, T_BINARY)).toBe(hexUpper(raw, 0, 16));
    expect(decodeAt(raw, 0, 16, T_STRING)).toBe('ABCDEFGH');
  });

  it('keeps lengths apart: a value and its prefix, HexInt32 and HexInt64 of the same low bytes', () => {
    const s = utf16('Service Control Manager');
    expect(decodeAt(s, 0, s.length, T_STRING)).toBe('Service Control Manager');
    expect(decodeAt(s, 0, 14, T_STRING)).toBe('Service');
    const h = bytesOf(0x01, 0x02, 0, 0, 0, 0, 0, 0x80);
    expect(decodeAt(h, 0, 4, T_HEX32)).toBe('0x201');
    expect(decodeAt(h, 0, 8, T_HEX64)).toBe('0x8000000000000201');
    expect(decodeAt(h, 0, 4, T_SIZET)).toBe('0x201');
    expect(decodeAt(h, 0, 8, T_SIZET)).toBe(hexInt(h, 0, 8));
  });

  it('keeps kinds and lengths apart also when they land in the same slot', () => {
    const next = rng(0xc0ffee);
    const fill = (b: Uint8Array) => { for (let j = 0; j < b.length; j++) b[j] = j % 2 ? 0 : 0x41 + (next() % 26); };
    // The same 16 bytes as a string and as a GUID, in one slot.
    const g = new Uint8Array(16);
    let tries = 0;
    do { fill(g); tries++; } while (slotFor(g, 0, 16, KIND_UTF16) !== slotFor(g, 0, 16, KIND_GUID) && tries < 1_000_000);
    expect(slotFor(g, 0, 16, KIND_UTF16)).toBe(slotFor(g, 0, 16, KIND_GUID));
    expect(decodeAt(g, 0, 16, T_STRING)).toBe(decodeUtf16Bytes(g, 0, 16));
    expect(decodeAt(g, 0, 16, T_GUID)).toBe(formatGuid(g, 0));
    expect(decodeAt(g, 0, 16, T_STRING)).toBe(decodeUtf16Bytes(g, 0, 16));
    // A 32-byte string and its 16-byte prefix, in one slot.
    const s = new Uint8Array(32);
    tries = 0;
    do { fill(s); tries++; } while (slotFor(s, 0, 32, KIND_UTF16) !== slotFor(s, 0, 16, KIND_UTF16) && tries < 1_000_000);
    expect(slotFor(s, 0, 32, KIND_UTF16)).toBe(slotFor(s, 0, 16, KIND_UTF16));
    expect(decodeAt(s, 0, 32, T_STRING)).toBe(decodeUtf16Bytes(s, 0, 32));
    expect(decodeAt(s, 0, 16, T_STRING)).toBe(decodeUtf16Bytes(s, 0, 16));
  });

  it('stays exact when far more distinct values pass through than it has slots', () => {
    const next = rng(0x5eed);
    const buf = new Uint8Array(64);
    const seen: [Uint8Array, string, string][] = [];
    for (let i = 0; i < 20_000; i++) {
      for (let j = 0; j < 16; j++) buf[j] = next();
      const guid = decodeAt(buf, 0, 16, T_GUID) as string;
      expect(guid).toBe(formatGuid(buf, 0));
      // A short random UTF-16 string (no surrogates), often colliding with earlier slots.
      const n = 2 + (next() % 30);
      for (let j = 0; j < n; j++) { buf[16 + j] = 0x41 + (next() % 26); }
      const s = decodeAt(buf, 16, n & ~1, T_STRING) as string;
      expect(s).toBe(decodeUtf16Bytes(buf, 16, n & ~1));
      if (i % 1000 === 0) seen.push([Uint8Array.from(buf), guid, s]);
    }
    // Values decoded long ago (their slots overwritten since) still decode the same.
    for (const [b, guid] of seen) expect(decodeAt(b, 0, 16, T_GUID)).toBe(guid);
  });

  it('decodes SIDs through the cache, and values longer than the cached maximum uncached', () => {
    const sid = bytesOf(1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0xe9, 3, 0, 0);
    expect(decodeAt(sid, 0, sid.length, T_SID)).toBe(formatSid(sid, 0));
    expect(decodeAt(sid, 0, sid.length, T_SID)).toBe('S-1-5-21-67305985-134678021-202050057-1001');
    const long = utf16('C:\\Windows\\System32\\'.repeat(8));
    expect(long.length).toBeGreaterThan(VALUE_CACHE_MAX_BYTES);
    expect(decodeAt(long, 0, long.length, T_STRING)).toBe('C:\\Windows\\System32\\'.repeat(8));
  });

  it('caches a lone surrogate string with the same U+FFFD result as a fresh decode', () => {
    const b = bytesOf(0x41, 0, 0x00, 0xd8, 0x42, 0);
    expect(decodeAt(b, 0, 6, T_STRING)).toBe('A\ufffdB');
    expect(decodeAt(Uint8Array.from(b), 0, 6, T_STRING)).toBe('A\ufffdB');
  });
});
