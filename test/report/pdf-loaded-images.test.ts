/**
 * The DLL pivot's Sysmon 7 image facts in the PDF (pdf-loaded-images.ts): one row per distinct
 * image, bounded however many different images a hostile log states, and a plain note when no
 * load event states hashes or a signature.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedImage, ProcessRef } from '../../src-main/shared/contract';
import { BODY_FONT, familyCoverage, MONO_FONT } from '../../src-main/report/fonts';
import { Writer } from '../../src-main/report/pdf-layout';
import { loadedImagesBlock, MAX_REPORT_IMAGES } from '../../src-main/report/pdf-loaded-images';
import { MAX_IMAGE_VARIANTS } from '../../src-main/shared/loaded-image';

const DLL = 'C:\\Users\\Public\\evil.dll';
const w = new Writer({ body: familyCoverage(BODY_FONT), mono: familyCoverage(MONO_FONT) });

const image = (over: Partial<LoadedImage> = {}): LoadedImage => ({ image_loaded: DLL, hashes: 'SHA256=AA', signed: 'true', signature: 'Contoso Ltd', signature_status: 'Valid', ...over });
const load = (name: string, i: LoadedImage | null): ProcessRef => ({ process_name: name, process_guid: `{${name}}`, time: '2026-11-17T09:41:35.447Z', image: i });

const TEXT_KEYS = new Set(['text', 'stack', 'table', 'body', 'ul']);

/** The text a pdfmake content tree prints (its break opportunities removed). */
function textOf(c: unknown): string {
  if (typeof c === 'string') return c.replaceAll('\u200b', '');
  if (Array.isArray(c)) return c.map(textOf).join('\n');
  if (c !== null && typeof c === 'object') return Object.entries(c).filter(([k]) => TEXT_KEYS.has(k)).map(([, v]) => (Array.isArray(v) && v.every((x) => typeof x !== 'object' || (x !== null && !('stack' in x))) ? v.map(textOf).join('') : textOf(v))).join('\n');
  return '';
}

/** The data rows of the block's table (its title and header rows left out). */
function dataRows(block: unknown[]): unknown[][] {
  const t = block.find((c) => typeof c === 'object' && c !== null && 'table' in c) as { table: { body: unknown[][]; headerRows: number } } | undefined;
  return t === undefined ? [] : t.table.body.slice(t.table.headerRows);
}

describe('the loaded image in the PDF', () => {
  it('prints nothing when no process loaded the DLL', () => {
    expect(loadedImagesBlock(w, DLL, [])).toEqual([]);
  });

  it('says so when the loads state no hashes or signature', () => {
    const text = textOf(loadedImagesBlock(w, DLL, [load('a.exe', null)]));
    expect(text).toContain('No load event of this DLL states its hashes or signature');
  });

  it('is one row for one image however many processes loaded it, with its signer, status and hashes', () => {
    const block = loadedImagesBlock(w, DLL, [load('a.exe', image()), load('b.exe', image()), load('a.exe', image())]);
    expect(dataRows(block)).toHaveLength(1);
    const text = textOf(block);
    expect(text).toContain('Signed: Contoso Ltd (Valid)');
    expect(text).toContain('a.exe, b.exe');
    expect(text).not.toContain('do not agree');
  });

  it('says the loads disagree, and bounds the rows a hostile log can make', () => {
    const loads = Array.from({ length: 50 }, (_, i) => load(`p${i}.exe`, image({ hashes: `SHA256=${i.toString(16).padStart(64, '0')}`, signed: 'false', signature: null, signature_status: 'Unavailable' })));
    const block = loadedImagesBlock(w, DLL, loads);
    expect(dataRows(block)).toHaveLength(MAX_REPORT_IMAGES);
    const text = textOf(block);
    expect(text).toContain(`The loads do not agree: ${MAX_IMAGE_VARIANTS} or more different images`);
    expect(text).toContain(`At least ${MAX_IMAGE_VARIANTS - MAX_REPORT_IMAGES} more images not listed`);
    expect(text).toContain('Not signed (Unavailable)');
  });

  it('names the image file when the load names another path than the registry value', () => {
    const text = textOf(loadedImagesBlock(w, DLL, [load('a.exe', image({ image_loaded: 'C:\\Windows\\Temp\\other.dll' }))]));
    expect(text).toContain('other.dll');
  });
});
