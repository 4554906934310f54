/** Sysmon 7's image facts grouped for the DLL pivot (the app's and the PDF's): signature wording, hashes, variants. */
import { describe, expect, it } from 'vitest';
import type { LoadedImage, ProcessRef } from '../../src-main/shared/contract';
import { imageVariants, MAX_IMAGE_VARIANTS, signatureText } from '../../src-main/shared/loaded-image';

const image = (over: Partial<LoadedImage> = {}): LoadedImage => ({ image_loaded: 'C:\\x.dll', hashes: 'SHA1=AB,md5=CD', signed: 'true', signature: 'Microsoft Windows', signature_status: 'Valid', ...over });
const load = (name: string, i: LoadedImage | null): ProcessRef => ({ process_name: name, process_guid: `{${name}}`, time: '', image: i });

describe('signatureText', () => {
  it('says signed with the signer and status, not signed, or not stated', () => {
    expect(signatureText(image())).toBe('Signed: Microsoft Windows (Valid)');
    expect(signatureText(image({ signed: 'false', signature: null, signature_status: 'Unavailable' }))).toBe('Not signed (Unavailable)');
    expect(signatureText(image({ signed: null, signature: null, signature_status: null }))).toBe('Signature not stated');
    expect(signatureText(image({ signed: null, signature: null, signature_status: 'Expired' }))).toBe('Signature not named (Expired)');
  });
});

describe('imageVariants', () => {
  it('groups the same image loaded by several processes, each loader once, with its hashes by algorithm', () => {
    const v = imageVariants([load('a.exe', image()), load('b.exe', image({ hashes: 'sha1=AB,MD5=CD'.toUpperCase() })), load('a.exe', image()), load('c.exe', null)]);
    expect(v).toHaveLength(1);
    expect(v[0]!.loaders).toEqual(['a.exe', 'b.exe']);
    expect(v[0]!.hashes).toEqual([{ algorithm: 'SHA1', value: 'AB' }, { algorithm: 'MD5', value: 'CD' }]);
  });

  it('keeps different images apart, and at most MAX_IMAGE_VARIANTS of them', () => {
    const loads = Array.from({ length: MAX_IMAGE_VARIANTS + 5 }, (_, i) => load(`p${i}.exe`, image({ hashes: `SHA256=${i}` })));
    expect(imageVariants(loads)).toHaveLength(MAX_IMAGE_VARIANTS);
    expect(imageVariants(loads.slice(0, 2)).map((v) => v.hashes[0]!.value)).toEqual(['0', '1']);
  });

  it('names at most eight loaders, then how many more', () => {
    const loads = Array.from({ length: 11 }, (_, i) => load(`p${i}.exe`, image()));
    expect(imageVariants(loads)[0]!.loaders.slice(-2)).toEqual(['p7.exe', '3 more']);
  });
});
