// Event Viewer "Save Selected Events… → XML" style export: UTF-8, <Events> root, one <Event> per record
// as Windows renders it (single-quoted attributes, lowercase GUIDs, 7-digit SystemTime, RenderingInfo).

import type { WrittenEvent } from '../evtx-writer/index';
import type { Value } from '../evtx-writer/values';
import { isoFromFiletime } from '../evtx-writer/values';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');

function renderValue(v: Value): string {
  switch (v.type) {
    case 'null':
      return '';
    case 'string':
    case 'sid':
      return v.value;
    case 'guid':
      return v.value.toLowerCase();
    case 'bool':
      return String(v.value);
    case 'hex32':
    case 'hex64':
      return `0x${BigInt(v.value).toString(16)}`;
    case 'filetime':
      return isoFromFiletime(v.value);
    case 'binary':
      return Buffer.from(v.value).toString('hex').toUpperCase();
    default:
      return String(v.value);
  }
}

const SYSMON_TITLES: Record<number, [string, string]> = {
  1: ['Process Create', 'Process Create (rule: ProcessCreate)'],
  3: ['Network connection detected', 'Network connection detected (rule: NetworkConnect)'],
  5: ['Process terminated', 'Process terminated (rule: ProcessTerminate)'],
  7: ['Image loaded', 'Image loaded (rule: ImageLoad)'],
  11: ['File created', 'File created (rule: FileCreate)'],
  12: ['Registry object added or deleted', 'Registry object added or deleted (rule: RegistryEvent)'],
  13: ['Registry value set', 'Registry value set (rule: RegistryEvent)'],
  22: ['Dns query', 'Dns query (rule: DnsQuery)'],
};

function renderEvent(e: WrittenEvent, recordId: number): string {
  const sys = [
    `<Provider Name='${esc(e.provider.name)}' Guid='${(e.provider.guid ?? '').toLowerCase()}'/>`,
    e.qualifiers === undefined ? `<EventID>${e.eventId}</EventID>` : `<EventID Qualifiers='${e.qualifiers}'>${e.eventId}</EventID>`,
    `<Version>${e.version}</Version>`,
    `<Level>${e.level}</Level>`,
    `<Task>${e.task}</Task>`,
    `<Opcode>${e.opcode}</Opcode>`,
    `<Keywords>0x${e.keywords.toString(16)}</Keywords>`,
    `<TimeCreated SystemTime='${isoFromFiletime(e.timeCreated)}'/>`,
    `<EventRecordID>${recordId}</EventRecordID>`,
    e.activityId ? `<Correlation ActivityID='${e.activityId.toLowerCase()}'/>` : '<Correlation/>',
    `<Execution ProcessID='${e.processId}' ThreadID='${e.threadId}'/>`,
    `<Channel>${esc(e.channel)}</Channel>`,
    `<Computer>${esc(e.computer)}</Computer>`,
    e.userSid ? `<Security UserID='${e.userSid}'/>` : '<Security/>',
  ].join('');
  const data = e.data
    .filter((f) => f.value.type !== 'null')
    .map((f) => `<Data Name='${esc(f.name)}'>${esc(renderValue(f.value))}</Data>`)
    .join('');
  const titles = SYSMON_TITLES[e.eventId];
  const message = titles ? [`${titles[0]}:`, ...e.data.map((f) => `${f.name}: ${renderValue(f.value)}`)].join('\r\n') : '';
  const rendering =
    `<RenderingInfo Culture='en-US'><Message>${esc(message)}</Message><Level>Information</Level>` +
    `<Task>${esc(titles?.[1] ?? '')}</Task><Opcode>Info</Opcode><Channel></Channel><Provider></Provider><Keywords></Keywords></RenderingInfo>`;
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>${sys}</System><EventData>${data}</EventData>${rendering}</Event>`;
}

export function renderExport(events: { event: WrittenEvent; recordId: number }[]): string {
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n<Events>${events.map((x) => renderEvent(x.event, x.recordId)).join('')}</Events>`;
}
