/**
 * A DLL as Sysmon 7 saw it loaded: its hashes (`SHA1=…,MD5=…,SHA256=…,IMPHASH=…`, the algorithms
 * Sysmon's `HashAlgorithms` chose) and its signature (`Signed`, `Signature`, `SignatureStatus`),
 * grouped so the same image loaded by many processes is one entry, and a path that loaded two
 * different images (replaced between loads) shows both.
 */
import type { LoadedImage, ProcessRef } from './contract';

export interface ImageVariant {
  image: LoadedImage;
  hashes: { algorithm: string; value: string }[];
  /** The processes that loaded this image (names, each once; at most `MAX_LOADERS`, then "N more"). */
  loaders: string[];
}

const MAX_LOADERS = 8;
/** Variants listed at most (a hostile log could state a different hash per load). */
export const MAX_IMAGE_VARIANTS = 20;

/** `SHA1=AB,MD5=CD` → [{SHA1, AB}, {MD5, CD}]; a part without `=` is kept whole as its value. */
function parseHashes(text: string | null): { algorithm: string; value: string }[] {
  if (!text) return [];
  return text.split(',').map((part) => part.trim()).filter((part) => part !== '').slice(0, 16).map((part) => {
    const eq = part.indexOf('=');
    return eq > 0 ? { algorithm: part.slice(0, eq).trim().toUpperCase(), value: part.slice(eq + 1).trim() } : { algorithm: 'HASH', value: part };
  });
}

/** `Signed: Microsoft Windows (Valid)`, `Not signed (Unavailable)`, `Signature not stated`. */
export function signatureText(i: LoadedImage): string {
  const status = i.signature_status ? ` (${i.signature_status})` : '';
  const signed = i.signed?.toLowerCase();
  if (signed === 'true') return `Signed${i.signature ? `: ${i.signature}` : ''}${status}`;
  if (signed === 'false') return `Not signed${status}`;
  return i.signature || i.signature_status ? `Signature ${i.signature ?? 'not named'}${status}` : 'Signature not stated';
}

export function imageVariants(loads: readonly ProcessRef[]): ImageVariant[] {
  // The pivot lists at most 200 loads (detect/pivots.ts), so the name sets stay small.
  const byKey = new Map<string, { image: LoadedImage; names: Set<string> }>();
  for (const r of loads) {
    const i = r.image;
    if (!i) continue;
    const key = [i.image_loaded?.toLowerCase(), i.hashes?.toUpperCase(), i.signed?.toLowerCase(), i.signature, i.signature_status].join('\u0000');
    let v = byKey.get(key);
    if (!v) {
      if (byKey.size >= MAX_IMAGE_VARIANTS) continue;
      v = { image: i, names: new Set() };
      byKey.set(key, v);
    }
    v.names.add(r.process_name || r.process_guid);
  }
  return [...byKey.values()].map((v) => {
    const names = [...v.names];
    const more = names.length - MAX_LOADERS;
    return { image: v.image, hashes: parseHashes(v.image.hashes), loaders: [...names.slice(0, MAX_LOADERS), ...(more > 0 ? [`${more} more`] : [])] };
  });
}
