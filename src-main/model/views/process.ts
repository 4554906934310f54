/** Processes view: Sysmon 1 (create), 5 (terminate); Security 4688 (create), 4689 (exit). */
import type { ActorFields, ProcessView } from '../cim';
import type { Fields } from '../fields';
import { baseName, domainUser, int, parseHashes, str } from '../fields';
import { normaliseGuid } from '../guid';
import type { ViewContext } from './common';
import { securityActor, sysmonActor } from './common';

/** Windows mandatory label SIDs → the names Sysmon writes in IntegrityLevel. */
const INTEGRITY_BY_SID: Record<string, string> = {
  'S-1-16-0': 'Untrusted', 'S-1-16-4096': 'Low', 'S-1-16-8192': 'Medium', 'S-1-16-8448': 'MediumPlus',
  'S-1-16-12288': 'High', 'S-1-16-16384': 'System', 'S-1-16-20480': 'Protected', 'S-1-16-28672': 'Secure',
};

/**
 * The view in its final shape (key order included) with the acting process and everything else
 * null: built at once and then filled, never spread and grown (V8 makes that a slow object).
 */
function processOf(action: ProcessView['action'], a: ActorFields): ProcessView {
  return {
    kind: 'process', action,
    dest: a.dest, user: a.user, process_guid: a.process_guid, process_id: a.process_id, process_name: a.process_name, process_path: a.process_path,
    process: null, parent_process_guid: null, parent_process_id: null, parent_process_name: null,
    parent_process_path: null, parent_process: null, integrity_level: null, process_current_directory: null,
    original_file_name: null, logon_id: null, process_hash: null, md5: null, sha1: null, sha256: null,
    imphash: null, start_time: null, end_time: null,
  };
}

export function processView(f: Fields, ctx: ViewContext): ProcessView | null {
  if (ctx.source === 'sysmon' && (ctx.eventId === 1 || ctx.eventId === 5)) {
    const start = ctx.eventId === 1;
    const v = processOf(start ? 'start' : 'stop', sysmonActor(f, ctx));
    if (start) {
      const parentPath = str(f, 'ParentImage');
      const hashes = str(f, 'Hashes');
      v.process = str(f, 'CommandLine');
      v.parent_process_guid = normaliseGuid(str(f, 'ParentProcessGuid'));
      v.parent_process_id = int(f, 'ParentProcessId');
      v.parent_process_path = parentPath;
      v.parent_process_name = baseName(parentPath);
      v.parent_process = str(f, 'ParentCommandLine');
      v.integrity_level = str(f, 'IntegrityLevel');
      v.process_current_directory = str(f, 'CurrentDirectory');
      v.original_file_name = str(f, 'OriginalFileName');
      v.logon_id = str(f, 'LogonId');
      v.process_hash = hashes;
      const h = parseHashes(hashes);
      v.md5 = h.md5;
      v.sha1 = h.sha1;
      v.sha256 = h.sha256;
      v.imphash = h.imphash;
      v.start_time = ctx.time;
    } else {
      v.end_time = ctx.time;
    }
    return v;
  }
  if (ctx.source === 'security' && ctx.eventId === 4688) {
    const actor = securityActor(f, ctx, 'NewProcessId', 'NewProcessName');
    // 4688 v2 names the new process's account in Target*; v0/v1 only the Subject (creator).
    const target = domainUser(f, 'TargetDomainName', 'TargetUserName');
    if (target) actor.user = target;
    const parentPath = str(f, 'ParentProcessName');
    const label = str(f, 'MandatoryLabel');
    const v = processOf('start', actor);
    v.process = str(f, 'CommandLine');
    v.parent_process_id = int(f, 'ProcessId');
    v.parent_process_path = parentPath;
    v.parent_process_name = baseName(parentPath);
    v.integrity_level = label ? (INTEGRITY_BY_SID[label.toUpperCase()] ?? label) : null;
    v.logon_id = str(f, 'TargetLogonId') ?? str(f, 'SubjectLogonId');
    v.start_time = ctx.time;
    return v;
  }
  if (ctx.source === 'security' && ctx.eventId === 4689) {
    const v = processOf('stop', securityActor(f, ctx));
    v.logon_id = str(f, 'SubjectLogonId');
    v.end_time = ctx.time;
    return v;
  }
  return null;
}
