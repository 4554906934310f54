/** Network connections (Sysmon 3) and DNS queries (Sysmon 22). */
import type { DnsView, NetworkView } from '../cim';
import type { Fields } from '../fields';
import { int, str } from '../fields';
import type { ViewContext } from './common';
import { sysmonActor } from './common';

export function networkView(f: Fields, ctx: ViewContext): NetworkView | DnsView | null {
  if (ctx.source !== 'sysmon') return null;
  if (ctx.eventId === 3) {
    const initiated = str(f, 'Initiated');
    return {
      kind: 'network', ...sysmonActor(f, ctx),
      direction: initiated === null ? null : initiated.toLowerCase() === 'true' ? 'outbound' : 'inbound',
      transport: str(f, 'Protocol'),
      src_ip: str(f, 'SourceIp'), src_port: int(f, 'SourcePort'), src_hostname: str(f, 'SourceHostname'),
      dest_ip: str(f, 'DestinationIp'), dest_port: int(f, 'DestinationPort'), dest_hostname: str(f, 'DestinationHostname'),
    };
  }
  if (ctx.eventId === 22) {
    return {
      kind: 'dns', ...sysmonActor(f, ctx),
      query: str(f, 'QueryName'), answer: str(f, 'QueryResults'), reply_code_id: str(f, 'QueryStatus'),
    };
  }
  return null;
}
