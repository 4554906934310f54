/**
 * The DLL pivot's image facts as Sysmon 7 (ImageLoad) states them: one row per distinct image
 * loaded from the DLL's path (signature status and signer, hashes, the processes that loaded it),
 * the same grouping as the app's DLL pivot (shared/loaded-image.ts). Printed once per DLL of an
 * incident (pdf-incident.ts), never per rule.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { ProcessRef } from '../shared/contract';
import { imageVariants, MAX_IMAGE_VARIANTS, signatureText } from '../shared/loaded-image';
import { plural } from './format';
import { note, table } from './pdf-layout';
import type { Writer } from './pdf-layout';

/** Distinct images printed per DLL (a hostile log can state a different hash on every load). */
export const MAX_REPORT_IMAGES = 6;

export function loadedImagesBlock(w: Writer, dll: string, loads: readonly ProcessRef[]): Content[] {
  if (loads.length === 0) return [];
  const variants = imageVariants(loads);
  // At the grouping's cap there may be more images than it kept.
  const atLeast = variants.length >= MAX_IMAGE_VARIANTS ? ' or more' : '';
  const count = variants.length === 0 ? '' : `, ${variants.length}${atLeast} distinct image${variants.length === 1 ? '' : 's'}`;
  const title: Content = { text: `Image as loaded (Sysmon 7${count})`, bold: true, margin: [0, 2, 0, 1] } as Content;
  if (variants.length === 0) {
    return [{ stack: [title, note('No load event of this DLL states its hashes or signature (Sysmon event 7 with hashing on gives them).')], unbreakable: true } as Content];
  }
  const shown = variants.slice(0, MAX_REPORT_IMAGES);
  const out: Content[] = [];
  if (variants.length > 1) {
    out.push({ text: `The loads do not agree: ${variants.length}${atLeast} different images were loaded from this path (the file was replaced, or the loads name different files).`, bold: true, color: '#b71c1c', fontSize: 7.5, margin: [0, 2, 0, 1] } as Content);
  }
  out.push(table(
    [120, '*', 96],
    [w.th('Signature (signer, status)'), w.th('Hashes'), w.th('Loaded by')],
    shown.map((v): TableCell[] => {
      const unsigned = v.image.signed?.toLowerCase() === 'false';
      const other = v.image.image_loaded !== null && v.image.image_loaded.toLowerCase() !== dll.toLowerCase();
      return [
        { text: w.txt(signatureText(v.image)), bold: unsigned, color: unsigned ? '#b71c1c' : '#263238' } as TableCell,
        {
          stack: [
            ...(v.hashes.length === 0 ? [{ text: 'No hashes in the load event.', italics: true, color: '#546e7a' }]
              : [w.code(v.hashes.map((h) => `${h.algorithm}=${h.value}`).join(' '), { fontSize: 6.5 })]),
            ...(other ? [w.code(v.image.image_loaded, { fontSize: 6.5, color: '#546e7a' })] : []),
          ],
        } as TableCell,
        w.txt(v.loaders.join(', ')),
      ];
    }),
    { dontBreakRows: true, title },
  ));
  const more = variants.length - shown.length;
  if (more > 0) out.push(note(`${atLeast === '' ? plural(more, 'more image') : `At least ${more} more images`} not listed (the JSON export has every load).`));
  return out;
}
