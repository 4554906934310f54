/** Helpers shared by the view builders. */
import type { ActorFields as Actor } from '../cim';
import type { Fields } from '../fields';
import { baseName, domainUser, int, str } from '../fields';
import { normaliseGuid } from '../guid';

export interface ViewContext {
  dest: string | null;
  /** `sysmon`, `security` or `other`, from provider name / channel. */
  source: 'sysmon' | 'security' | 'other';
  eventId: number | null;
  /** The event's ordering instant (ISO UTC), for start/end times. */
  time: string | null;
}


/** The acting process of a Sysmon event (`ProcessGuid`, `ProcessId`, `Image`, `User`). */
export function sysmonActor(f: Fields, ctx: ViewContext): Actor {
  const path = str(f, 'Image');
  return {
    dest: ctx.dest,
    user: str(f, 'User'),
    process_guid: normaliseGuid(str(f, 'ProcessGuid')),
    process_id: int(f, 'ProcessId'),
    process_name: baseName(path),
    process_path: path,
  };
}

/** The acting process of a Security audit event (`ProcessId` hex, `ProcessName`, Subject user). */
export function securityActor(f: Fields, ctx: ViewContext, pidField = 'ProcessId', nameField = 'ProcessName'): Actor {
  const path = str(f, nameField);
  return {
    dest: ctx.dest,
    user: domainUser(f, 'SubjectDomainName', 'SubjectUserName'),
    process_guid: null,
    process_id: int(f, pidField),
    process_name: baseName(path),
    process_path: path,
  };
}
