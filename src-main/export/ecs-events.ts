/**
 * A normalised event → one Elastic Common Schema document, shaped as Winlogbeat's Sysmon and
 * Security modules index Windows events (`@timestamp`, `event.*`, `host.name`, `log.level`,
 * `winlog.*` with every EventData field under `winlog.event_data`, then the ECS fields of the
 * event's CIM view: `process.*`, `registry.*`, `file.*`, `source.*`, `dns.*`, `user.*`). Field
 * names are ECS's or sit under `winlog.*` / `labels.*` (test/export checks each against
 * @elastic/ecs). Values that an ECS-typed field would refuse (a malformed address, a bad port)
 * are left out of the ECS field and stay in `winlog.event_data` as written.
 */
import type { NormalisedEvent } from '../model/event';
import { TOOL_NAME, TOOL_VERSION } from '../shared/tool-info';
import { ecsCategorisation } from './ecs-categories';
import { eventDataObject, ipOrNull, portOrNull, put, type JsonObject } from './ecs-document';
import { putViewFields } from './ecs-views';

/** The ECS version the documents declare (`ecs.version`), as Winlogbeat 8.x writes it. */
export const ECS_VERSION = '8.11.0';

/** Windows event levels (MS-EVEN6 `Level`) → `log.level`, as Winlogbeat names them. */
const LEVELS: Record<number, string> = { 0: 'information', 1: 'critical', 2: 'error', 3: 'warning', 4: 'information', 5: 'verbose' };

/** Which Winlogbeat module would read the event: the same test as `sourceOf` in model/normalise.ts. */
function eventSource(ev: NormalisedEvent): 'sysmon' | 'security' | 'other' {
  const provider = (ev.system.provider_name ?? '').toLowerCase();
  const channel = (ev.channel ?? '').toLowerCase();
  if (provider === 'microsoft-windows-sysmon' || channel === 'microsoft-windows-sysmon/operational') return 'sysmon';
  if (provider === 'microsoft-windows-security-auditing' || channel === 'security') return 'security';
  return 'other';
}

/** Security logon events: the account logged on and where from, as Winlogbeat's Security module maps them. */
function putSecurityLogon(doc: JsonObject, ev: NormalisedEvent): void {
  const d = ev.data;
  const text = (k: string): string | null => { const v = d[k]; return typeof v === 'string' && v !== '' && v !== '-' ? v : null; };
  if (!doc.user && text('TargetUserName')) {
    put(doc, 'user.name', text('TargetUserName'));
    put(doc, 'user.domain', text('TargetDomainName'));
    put(doc, 'user.id', text('TargetUserSid'));
  }
  put(doc, 'source.ip', ipOrNull(text('IpAddress')));
  const port = text('IpPort');
  put(doc, 'source.port', port !== null && /^\d{1,5}$/.test(port) ? portOrNull(Number(port)) : null);
  put(doc, 'source.domain', text('WorkstationName'));
}

export function ecsEvent(ev: NormalisedEvent): JsonObject {
  const source = eventSource(ev);
  const cat = ecsCategorisation(source, ev.event_id);
  const doc: JsonObject = {};
  put(doc, '@timestamp', ev.time);
  put(doc, 'ecs.version', ECS_VERSION);
  put(doc, 'agent.type', TOOL_NAME);
  put(doc, 'agent.version', TOOL_VERSION);
  put(doc, 'event.kind', 'event');
  put(doc, 'event.code', ev.event_id === null ? null : String(ev.event_id));
  put(doc, 'event.provider', ev.system.provider_name);
  put(doc, 'event.module', source === 'other' ? null : source);
  if (cat) {
    put(doc, 'event.category', cat.category);
    put(doc, 'event.type', cat.type);
    put(doc, 'event.action', cat.action);
    put(doc, 'event.outcome', cat.outcome);
  }
  put(doc, 'host.name', ev.dest);
  put(doc, 'log.level', ev.system.level === null ? null : LEVELS[ev.system.level] ?? String(ev.system.level));
  put(doc, 'log.file.path', ev.evidence);

  put(doc, 'winlog.api', 'wineventlog');
  put(doc, 'winlog.channel', ev.channel);
  put(doc, 'winlog.record_id', ev.record_id === null ? null : String(ev.record_id));
  put(doc, 'winlog.event_id', ev.event_id === null ? null : String(ev.event_id));
  put(doc, 'winlog.computer_name', ev.dest);
  put(doc, 'winlog.provider_name', ev.system.provider_name);
  put(doc, 'winlog.provider_guid', ev.system.provider_guid);
  put(doc, 'winlog.version', ev.system.version);
  put(doc, 'winlog.task', ev.system.task === null ? null : String(ev.system.task));
  put(doc, 'winlog.opcode', ev.system.opcode === null ? null : String(ev.system.opcode));
  put(doc, 'winlog.keywords', ev.system.keywords === null ? null : [ev.system.keywords]);
  put(doc, 'winlog.process.pid', ev.system.execution_process_id);
  put(doc, 'winlog.process.thread.id', ev.system.execution_thread_id);
  put(doc, 'winlog.user.identifier', ev.system.user_sid);
  put(doc, 'winlog.activity_id', ev.system.activity_id);
  put(doc, 'winlog.related_activity_id', ev.system.related_activity_id);
  put(doc, 'winlog.time_created', ev.time_created);
  const data = eventDataObject(ev.data);
  if (Object.keys(data).length > 0) put(doc, 'winlog.event_data', data);

  if (ev.view) putViewFields(doc, ev.view);
  if (source === 'security') putSecurityLogon(doc, ev);
  if (!doc.user && ev.system.user_sid) put(doc, 'user.id', ev.system.user_sid);
  if (ev.time_source !== 'none') put(doc, 'labels.time_source', ev.time_source);
  if (ev.recovered) put(doc, 'labels.recovered', ev.recovered);
  return doc;
}
