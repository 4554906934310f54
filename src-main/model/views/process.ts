/** Processes view: Sysmon 1 (create), 5 (terminate); Security 4688 (create), 4689 (exit). */
import type { ProcessView } from '../cim';
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

function empty(): Omit<ProcessView, 'kind' | 'action' | 'dest' | 'user' | 'process_guid' | 'process_id' | 'process_name' | 'process_path'> {
  return {
    process: null, parent_process_guid: null, parent_process_id: null, parent_process_name: null,
    parent_process_path: null, parent_process: null, integrity_level: null, process_current_directory: null,
    original_file_name: null, logon_id: null, process_hash: null, md5: null, sha1: null, sha256: null,
    imphash: null, start_time: null, end_time: null,
  };
}

export function processView(f: Fields, ctx: ViewContext): ProcessView | null {
  if (ctx.source === 'sysmon' && (ctx.eventId === 1 || ctx.eventId === 5)) {
    const start = ctx.eventId === 1;
    const v: ProcessView = { kind: 'process', action: start ? 'start' : 'stop', ...sysmonActor(f, ctx), ...empty() };
    if (start) {
      const parentPath = str(f, 'ParentImage');
      const hashes = str(f, 'Hashes');
      Object.assign(v, {
        process: str(f, 'CommandLine'),
        parent_process_guid: normaliseGuid(str(f, 'ParentProcessGuid')),
        parent_process_id: int(f, 'ParentProcessId'),
        parent_process_path: parentPath,
        parent_process_name: baseName(parentPath),
        parent_process: str(f, 'ParentCommandLine'),
        integrity_level: str(f, 'IntegrityLevel'),
        process_current_directory: str(f, 'CurrentDirectory'),
        original_file_name: str(f, 'OriginalFileName'),
        logon_id: str(f, 'LogonId'),
        process_hash: hashes,
        ...parseHashes(hashes),
        start_time: ctx.time,
      });
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
    return {
      kind: 'process', action: 'start', ...actor, ...empty(),
      process: str(f, 'CommandLine'),
      parent_process_id: int(f, 'ProcessId'),
      parent_process_path: parentPath,
      parent_process_name: baseName(parentPath),
      integrity_level: label ? (INTEGRITY_BY_SID[label.toUpperCase()] ?? label) : null,
      logon_id: str(f, 'TargetLogonId') ?? str(f, 'SubjectLogonId'),
      start_time: ctx.time,
    };
  }
  if (ctx.source === 'security' && ctx.eventId === 4689) {
    return { kind: 'process', action: 'stop', ...securityActor(f, ctx), ...empty(), logon_id: str(f, 'SubjectLogonId'), end_time: ctx.time };
  }
  return null;
}
