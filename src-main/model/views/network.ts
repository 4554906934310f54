/**
 * Network connections (Sysmon 3) and DNS queries (Sysmon 22). Views are built in their final
 * shape at once (the actor's fields written out, not spread).
 */
import type { DnsView, NetworkView } from '../cim';
import type { Fields } from '../fields';
import { int, str } from '../fields';
import type { ViewContext } from './common';
import { sysmonActor } from './common';

export function networkView(f: Fields, ctx: ViewContext): NetworkView | DnsView | null {
  if (ctx.source !== 'sysmon') return null;
  if (ctx.eventId === 3) {
    const initiated = str(f, 'Initiated');
    const a = sysmonActor(f, ctx);
    return {
      kind: 'network',
      dest: a.dest, user: a.user, process_guid: a.process_guid, process_id: a.process_id, process_name: a.process_name, process_path: a.process_path,
      direction: initiated === null ? null : initiated.toLowerCase() === 'true' ? 'outbound' : 'inbound',
      transport: str(f, 'Protocol'),
      src_ip: str(f, 'SourceIp'), src_port: int(f, 'SourcePort'), src_hostname: str(f, 'SourceHostname'),
      dest_ip: str(f, 'DestinationIp'), dest_port: int(f, 'DestinationPort'), dest_hostname: str(f, 'DestinationHostname'),
    };
  }
  if (ctx.eventId === 22) {
    const a = sysmonActor(f, ctx);
    return {
      kind: 'dns',
      dest: a.dest, user: a.user, process_guid: a.process_guid, process_id: a.process_id, process_name: a.process_name, process_path: a.process_path,
      query: str(f, 'QueryName'), answer: str(f, 'QueryResults'), reply_code_id: str(f, 'QueryStatus'),
    };
  }
  return null;
}
