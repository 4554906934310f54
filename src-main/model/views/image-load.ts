/** Image loads: Sysmon 7. */
import type { ImageLoadView } from '../cim';
import type { Fields } from '../fields';
import { baseName, parseHashes, str } from '../fields';
import type { ViewContext } from './common';
import { sysmonActor } from './common';

export function imageLoadView(f: Fields, ctx: ViewContext): ImageLoadView | null {
  if (ctx.source !== 'sysmon' || ctx.eventId !== 7) return null;
  const path = str(f, 'ImageLoaded');
  const hashText = str(f, 'Hashes');
  const signed = str(f, 'Signed');
  return {
    kind: 'image_load', ...sysmonActor(f, ctx),
    file_path: path, file_name: baseName(path), file_hash: hashText, ...parseHashes(hashText),
    original_file_name: str(f, 'OriginalFileName'),
    signed: signed === null ? null : signed.toLowerCase() === 'true',
    signature: str(f, 'Signature'),
    signature_status: str(f, 'SignatureStatus'),
  };
}
