/**
 * Decoded-value cache: short value byte ranges → the string decoded from them. Event logs repeat
 * the same values in almost every record (Computer, Channel, provider GUID, user SID, Keywords,
 * service and image names), and building each string anew (a GUID is 37 concatenations) was the
 * largest source of garbage per record. Same bytes + same kind → the same string object, so
 * repeated values are also stored once in memory downstream.
 *
 * Direct-mapped and fixed-size (evidence is attacker-controlled: the cache never grows): a slot
 * keeps the key's kind, length and bytes; a lookup hashes the bytes, and a hit is confirmed byte
 * for byte, so a hash collision only costs a miss. State is per thread (module level); results
 * never depend on it.
 */

/** Longest byte range that is cached (UTF-16 strings of up to 64 characters). */
export const VALUE_CACHE_MAX_BYTES = 128;
const SLOT_BITS = 12;
const SLOTS = 1 << SLOT_BITS;

const keyBytes = new Uint8Array(SLOTS * VALUE_CACHE_MAX_BYTES);
/** Length + 1 of the cached key (0: empty slot). */
const keyLen = new Int32Array(SLOTS);
const keyKind = new Uint8Array(SLOTS);
const strings: string[] = new Array<string>(SLOTS).fill('');

/** Kinds of decoding: the same bytes mean different strings for different value types. */
export const KIND_UTF16 = 1, KIND_GUID = 2, KIND_SID = 3, KIND_HEX = 4, KIND_BINARY = 5;

/**
 * The slot for `[p, p + n)` of kind `kind` (n ≤ VALUE_CACHE_MAX_BYTES). Pass it to `cachedAt` and,
 * on a miss, to `remember`.
 */
export function slotFor(b: Uint8Array, p: number, n: number, kind: number): number {
  let h = (0x811c9dc5 ^ (kind * 0x9e3779b1) ^ n) | 0;
  let i = p;
  const end = p + n;
  for (; i + 4 <= end; i += 4) {
    h = Math.imul(h ^ (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)), 0x01000193);
    h ^= h >>> 15;
  }
  for (; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  return (h ^ (h >>> 15)) & (SLOTS - 1);
}

/** The cached string in `slot` if it was decoded from exactly these bytes as `kind`, else null. */
export function cachedAt(slot: number, b: Uint8Array, p: number, n: number, kind: number): string | null {
  if (keyLen[slot] !== n + 1 || keyKind[slot] !== kind) return null;
  const k = keyBytes;
  const base = slot * VALUE_CACHE_MAX_BYTES;
  for (let i = 0; i < n; i++) if (k[base + i] !== b[p + i]) return null;
  return strings[slot]!;
}

/** Stores `s` as the decoding of `[p, p + n)` as `kind` in `slot` (evicting what was there). */
export function remember(slot: number, b: Uint8Array, p: number, n: number, kind: number, s: string): string {
  const k = keyBytes;
  const base = slot * VALUE_CACHE_MAX_BYTES;
  for (let i = 0; i < n; i++) k[base + i] = b[p + i]!;
  keyLen[slot] = n + 1;
  keyKind[slot] = kind;
  strings[slot] = s;
  return s;
}

/** Empties the cache (tests). */
export function clearValueCache(): void {
  keyLen.fill(0);
  strings.fill('');
}
