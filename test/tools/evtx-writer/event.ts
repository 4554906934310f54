// WrittenEvent: what a caller hands the writer, and how it becomes templates + substitution values
// the way Windows writes them: an outer System template (Computer literal, everything else an optional
// substitution) whose last slot is a BinXml value holding an EventData template instance, one EventData
// template per event shape (provider + event id + version + field names and types).
// A classic event-log source (`eventSourceName`: Service Control Manager, EventLog, …) gets the outer
// template Windows writes for those: Provider Name, Guid and EventSourceName and the Channel as literal
// text (one template per source, channel and computer), 20 slots, EventData in slot 19, and an optional
// `<Binary>` element after the Data fields (as in System.evtx of Windows Server 2012 R2).

import { el, sub, Template, text } from './binxml';
import type { SlotValue, TemplateNode } from './binxml';
import { bin, filetime, guid, hex64, NULL, sid, str, TYPE_CODE, u16, u32, u64, u8, ValueType } from './values';
import type { Value, ValueKind, ValueTypeCode } from './values';

const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

export interface DataField {
  name: string;
  /** The value; `{type:'null'}` only with `optional` (readers then omit the element). */
  value: Value;
  /** Declared type in the template when the value is null (defaults to string). */
  declared?: ValueKind;
  /** Optional substitution (0x0e) instead of normal (0x0d); part of the event shape. */
  optional?: boolean;
}

export interface WrittenEvent {
  provider: { name: string; guid?: string };
  eventId: number;
  qualifiers?: number;
  version: number;
  level: number;
  task: number;
  opcode: number;
  keywords: bigint;
  /** System/TimeCreated/@SystemTime (FILETIME). The record's written time is the same. */
  timeCreated: bigint;
  activityId?: string;
  relatedActivityId?: string;
  processId: number;
  threadId: number;
  channel: string;
  computer: string;
  /** System/Security/@UserID; absent → `<Security/>`. */
  userSid?: string;
  /** A classic event-log source: System/Provider/@EventSourceName; selects the classic outer template. */
  eventSourceName?: string;
  data: DataField[];
  /** EventData/Binary (a classic source's raw data): a normal binary substitution after the Data fields. */
  binary?: Uint8Array;
}

// Slot indexes of the System template, as Windows numbers them.
const S = {
  Level: 0,
  Opcode: 1,
  Task: 2,
  EventID: 3,
  Qualifiers: 4,
  Keywords: 5,
  TimeCreated: 6,
  ActivityID: 7,
  ProcessID: 8,
  ThreadID: 9,
  EventRecordID: 10,
  Version: 11,
  UserID: 12,
  RelatedActivityID: 13,
  ProviderName: 14,
  ProviderGuid: 15,
  Channel: 16,
  EventData: 17,
} as const;

// The classic outer template's slots that differ (13–17 are NULL and unused, as Windows writes them).
const CLASSIC = { RelatedActivityID: 18, EventData: 19, slots: 20 } as const;

/** System children shared by both outer templates, from EventID to Execution. */
function systemCore(relatedActivitySlot: number): TemplateNode[] {
  const leaf = (name: string, i: number, t: ValueTypeCode): TemplateNode => el(name, [], [sub(i, t)]);
  return [
    el('EventID', [{ name: 'Qualifiers', value: sub(S.Qualifiers, ValueType.UInt16) }], [sub(S.EventID, ValueType.UInt16)]),
    leaf('Version', S.Version, ValueType.UInt8),
    leaf('Level', S.Level, ValueType.UInt8),
    leaf('Task', S.Task, ValueType.UInt16),
    leaf('Opcode', S.Opcode, ValueType.UInt8),
    leaf('Keywords', S.Keywords, ValueType.HexInt64),
    el('TimeCreated', [{ name: 'SystemTime', value: sub(S.TimeCreated, ValueType.FileTime) }]),
    leaf('EventRecordID', S.EventRecordID, ValueType.UInt64),
    el('Correlation', [
      { name: 'ActivityID', value: sub(S.ActivityID, ValueType.Guid) },
      { name: 'RelatedActivityID', value: sub(relatedActivitySlot, ValueType.Guid) },
    ]),
    el('Execution', [
      { name: 'ProcessID', value: sub(S.ProcessID, ValueType.UInt32) },
      { name: 'ThreadID', value: sub(S.ThreadID, ValueType.UInt32) },
    ]),
  ];
}

function systemTemplate(computer: string): Template {
  const root = el('Event', [{ name: 'xmlns', value: text(EVENT_NS) }], [
    el('System', [], [
      el('Provider', [
        { name: 'Name', value: sub(S.ProviderName, ValueType.String) },
        { name: 'Guid', value: sub(S.ProviderGuid, ValueType.Guid) },
      ]),
      ...systemCore(S.RelatedActivityID),
      el('Channel', [], [sub(S.Channel, ValueType.String)]),
      el('Computer', [], [text(computer)]),
      el('Security', [{ name: 'UserID', value: sub(S.UserID, ValueType.Sid) }]),
    ]),
    sub(S.EventData, ValueType.BinXml),
  ]);
  return new Template(`System|${computer}`, root);
}

const classicKey = (e: WrittenEvent): string =>
  `ClassicSystem|${e.provider.name}|${e.provider.guid ?? ''}|${e.eventSourceName}|${e.channel}|${e.computer}`;

/** The outer template of a classic source: provider, source name and channel are literal text. */
function classicSystemTemplate(e: WrittenEvent, eventSourceName: string): Template {
  const provider = [{ name: 'Name', value: text(e.provider.name) }];
  if (e.provider.guid) provider.push({ name: 'Guid', value: text(e.provider.guid) });
  provider.push({ name: 'EventSourceName', value: text(eventSourceName) });
  const root = el('Event', [{ name: 'xmlns', value: text(EVENT_NS) }], [
    el('System', [], [
      el('Provider', provider),
      ...systemCore(CLASSIC.RelatedActivityID),
      el('Channel', [], [text(e.channel)]),
      el('Computer', [], [text(e.computer)]),
      el('Security', [{ name: 'UserID', value: sub(S.UserID, ValueType.Sid) }]),
    ]),
    sub(CLASSIC.EventData, ValueType.BinXml),
  ]);
  return new Template(classicKey(e), root);
}

function declaredKind(f: DataField): ValueKind {
  return f.value.type === 'null' ? (f.declared ?? 'string') : f.value.type;
}

function eventDataKey(e: WrittenEvent): string {
  const shape = e.data.map((f) => `${f.name}:${declaredKind(f)}${f.optional ? '?' : ''}`).join(',');
  return `EventData|${e.provider.name}|${e.eventId}|${e.version}|${shape}${e.binary ? '|Binary' : ''}`;
}

function eventDataTemplate(e: WrittenEvent): Template {
  const key = eventDataKey(e);
  const root = el(
    'EventData',
    [],
    [
      ...e.data.map((f, i) =>
        el('Data', [{ name: 'Name', value: text(f.name) }], [sub(i, TYPE_CODE[declaredKind(f)], f.optional === true)]),
      ),
      ...(e.binary ? [el('Binary', [], [sub(e.data.length, ValueType.Binary, false)])] : []),
    ],
  );
  return new Template(key, root);
}

/** Templates are immutable and keyed; share them across chunks and writers. */
const cache = new Map<string, Template>();
function cached(key: string, make: () => Template): Template {
  let t = cache.get(key);
  if (!t) {
    t = make();
    cache.set(key, t);
  }
  return t;
}

/** The outer template and its slot values for one event with its record identifier. */
export function eventToInstance(e: WrittenEvent, recordId: bigint): { template: Template; values: SlotValue[] } {
  const source = e.eventSourceName;
  const system =
    source === undefined
      ? cached(`System|${e.computer}`, () => systemTemplate(e.computer))
      : cached(classicKey(e), () => classicSystemTemplate(e, source));
  for (const f of e.data) {
    // libevtx (20181227) cannot render a NULL value in a normal substitution; Windows uses optional ones.
    if (f.value.type === 'null' && !f.optional) throw new Error(`Data ${f.name}: a NULL value needs optional: true`);
  }
  const data = cached(eventDataKey(e), () => eventDataTemplate(e));
  const values: SlotValue[] = new Array<SlotValue>(source === undefined ? 18 : CLASSIC.slots).fill(NULL);
  values[S.Level] = u8(e.level);
  values[S.Opcode] = u8(e.opcode);
  values[S.Task] = u16(e.task);
  values[S.EventID] = u16(e.eventId);
  values[S.Qualifiers] = e.qualifiers === undefined ? NULL : u16(e.qualifiers);
  values[S.Keywords] = hex64(e.keywords);
  values[S.TimeCreated] = filetime(e.timeCreated);
  values[S.ActivityID] = e.activityId ? guid(e.activityId) : NULL;
  values[S.ProcessID] = u32(e.processId);
  values[S.ThreadID] = u32(e.threadId);
  values[S.EventRecordID] = u64(recordId);
  values[S.Version] = u8(e.version);
  values[S.UserID] = e.userSid ? sid(e.userSid) : NULL;
  const related = e.relatedActivityId ? guid(e.relatedActivityId) : NULL;
  const eventData: SlotValue = {
    type: 'binxml',
    template: data,
    values: [...e.data.map((f) => f.value), ...(e.binary ? [bin(e.binary)] : [])],
  };
  if (source === undefined) {
    values[S.RelatedActivityID] = related;
    values[S.ProviderName] = str(e.provider.name);
    values[S.ProviderGuid] = e.provider.guid ? guid(e.provider.guid) : NULL;
    values[S.Channel] = str(e.channel);
    values[S.EventData] = eventData;
  } else {
    values[CLASSIC.RelatedActivityID] = related;
    values[CLASSIC.EventData] = eventData;
  }
  return { template: system, values };
}
