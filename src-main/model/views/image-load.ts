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
  const a = sysmonActor(f, ctx);
  const h = parseHashes(hashText);
  // the final shape at once (no spread object grown by more keys)
  return {
    kind: 'image_load',
    dest: a.dest, user: a.user, process_guid: a.process_guid, process_id: a.process_id, process_name: a.process_name, process_path: a.process_path,
    file_path: path, file_name: baseName(path), file_hash: hashText, md5: h.md5, sha1: h.sha1, sha256: h.sha256, imphash: h.imphash,
    original_file_name: str(f, 'OriginalFileName'),
    signed: signed === null ? null : signed.toLowerCase() === 'true',
    signature: str(f, 'Signature'),
    signature_status: str(f, 'SignatureStatus'),
  };
}
