/** Filesystem view: Sysmon 11, 15, 23, 26, 29; Security 4663 on files. */
import type { ActorFields, FileAction, FilesystemView } from '../cim';
import type { Fields } from '../fields';
import { baseName, int, parseHashes, str } from '../fields';
import { parseUtcTime } from '../time';
import type { ViewContext } from './common';
import { securityActor, sysmonActor } from './common';

const SYSMON_FILE_ACTIONS: Record<number, FileAction> = {
  11: 'created', // FileCreate
  15: 'stream_created', // FileCreateStreamHash
  23: 'deleted', // FileDelete (archived)
  26: 'deleted', // FileDeleteDetected
  29: 'executable_detected', // FileExecutableDetected
};

// Access mask bits of 4663 on files (winnt.h): DELETE, WriteData/AddFile, AppendData/AddSubdirectory,
// WriteEA, WriteAttributes, WRITE_DAC, WRITE_OWNER.
const DELETE = 0x10000;
const WRITE_BITS = 0x2 | 0x4 | 0x10 | 0x100 | 0x40000 | 0x80000;

export function action4663(mask: number | null): FileAction {
  if (mask === null) return 'read';
  if (mask & DELETE) return 'deleted';
  if (mask & WRITE_BITS) return 'modified';
  return 'read';
}

/** The view in its final shape (key order included), built at once: no spread object grown by more keys. */
function fileOf(action: FileAction, a: ActorFields, path: string | null, hashText: string | null, createTime: string | null): FilesystemView {
  const h = parseHashes(hashText);
  return {
    kind: 'filesystem', action,
    dest: a.dest, user: a.user, process_guid: a.process_guid, process_id: a.process_id, process_name: a.process_name, process_path: a.process_path,
    file_path: path, file_name: baseName(path), file_hash: hashText, md5: h.md5, sha1: h.sha1, sha256: h.sha256, imphash: h.imphash,
    file_create_time: createTime,
  };
}

export function filesystemView(f: Fields, ctx: ViewContext): FilesystemView | null {
  if (ctx.source === 'sysmon' && ctx.eventId !== null && ctx.eventId in SYSMON_FILE_ACTIONS) {
    const path = str(f, 'TargetFilename');
    const hashText = str(f, 'Hashes') ?? str(f, 'Hash');
    return fileOf(SYSMON_FILE_ACTIONS[ctx.eventId]!, sysmonActor(f, ctx), path, hashText, parseUtcTime(str(f, 'CreationUtcTime'))?.iso ?? null);
  }
  if (ctx.source === 'security' && ctx.eventId === 4663) {
    const type = str(f, 'ObjectType');
    if (type !== null && type.toLowerCase() !== 'file') return null;
    return fileOf(action4663(int(f, 'AccessMask')), securityActor(f, ctx), str(f, 'ObjectName'), null, null);
  }
  return null;
}
