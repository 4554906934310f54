/**
 * The generic record walker's element handlers: `<System>`'s children into the RawEvent's fixed
 * fields (MS-EVEN6 event.xsd `SystemPropertiesType`), `<EventData>`'s `<Data Name=…>` into
 * `EventData`, `<UserData>` as an object, anything else kept under its own name. The per-template
 * plans (event-plan.ts) set the same fields through `setSystemField`, so both paths share one
 * definition of what each System element means.
 */
import type { EventValue, RawEvent } from '../../../model/raw-event';
import type { ElementNode, Value } from '../binxml/nodes';
import { addKey, attrOf, contentOf, eachElement, elemValue, isoTime, num, objectOf, str, textOf } from './event-content';

/** The `<System>` fields, by the element that carries them. */
const SF_PROVIDER = 1, SF_EVENT_ID = 2, SF_VERSION = 3, SF_LEVEL = 4, SF_TASK = 5, SF_OPCODE = 6,
  SF_KEYWORDS = 7, SF_TIME_CREATED = 8, SF_RECORD_ID = 9, SF_CORRELATION = 10, SF_EXECUTION = 11,
  SF_CHANNEL = 12, SF_COMPUTER = 13, SF_SECURITY = 14;

/** The element's content, as a source of a System field. */
export const CONTENT = '#content';

/** Per System element name: its field and the (up to three) sources it reads, content or attributes. */
export const SYSTEM_FIELDS: ReadonlyMap<string, { field: number; sources: readonly string[] }> = new Map([
  ['Provider', { field: SF_PROVIDER, sources: ['Name', 'Guid', 'EventSourceName'] }],
  ['EventID', { field: SF_EVENT_ID, sources: [CONTENT, 'Qualifiers'] }],
  ['Version', { field: SF_VERSION, sources: [CONTENT] }],
  ['Level', { field: SF_LEVEL, sources: [CONTENT] }],
  ['Task', { field: SF_TASK, sources: [CONTENT] }],
  ['Opcode', { field: SF_OPCODE, sources: [CONTENT] }],
  ['Keywords', { field: SF_KEYWORDS, sources: [CONTENT] }],
  ['TimeCreated', { field: SF_TIME_CREATED, sources: ['SystemTime'] }],
  ['EventRecordID', { field: SF_RECORD_ID, sources: [CONTENT] }],
  ['Correlation', { field: SF_CORRELATION, sources: ['ActivityID', 'RelatedActivityID'] }],
  ['Execution', { field: SF_EXECUTION, sources: ['ProcessID', 'ThreadID'] }],
  ['Channel', { field: SF_CHANNEL, sources: [CONTENT] }],
  ['Computer', { field: SF_COMPUTER, sources: [CONTENT] }],
  ['Security', { field: SF_SECURITY, sources: ['UserID'] }],
]);

/**
 * The System fields a record that is only counted is counted by (evidence-reading/event-batcher.ts
 * `addOrCount`: its computer, channel and time; whether it may have a view: its provider and
 * EventID) and its record id. A plan maps them before the others (event-plan.ts `runPlan`).
 */
const COUNT_FIELDS: ReadonlySet<number> = new Set([SF_PROVIDER, SF_EVENT_ID, SF_TIME_CREATED, SF_RECORD_ID, SF_CHANNEL, SF_COMPUTER]);

export function isCountField(field: number): boolean {
  return COUNT_FIELDS.has(field);
}

/** Sets System field `field` from the values of its sources (`SYSTEM_FIELDS` order; null when absent). */
export function setSystemField(ev: RawEvent, field: number, a: EventValue, b: EventValue, c: EventValue): void {
  switch (field) {
    case SF_PROVIDER:
      ev.Provider.Name = str(a);
      ev.Provider.Guid = str(b);
      ev.Provider.EventSourceName = str(c);
      break;
    case SF_EVENT_ID:
      ev.EventID = num(a);
      ev.Qualifiers = num(b);
      break;
    case SF_VERSION: ev.Version = num(a); break;
    case SF_LEVEL: ev.Level = num(a); break;
    case SF_TASK: ev.Task = num(a); break;
    case SF_OPCODE: ev.Opcode = num(a); break;
    case SF_KEYWORDS: ev.Keywords = typeof a === 'number' ? '0x' + a.toString(16) : str(a); break;
    case SF_TIME_CREATED: ev.TimeCreated = isoTime(str(a)); break;
    case SF_RECORD_ID: ev.EventRecordID = num(a); break;
    case SF_CORRELATION:
      ev.Correlation.ActivityID = str(a);
      ev.Correlation.RelatedActivityID = str(b);
      break;
    case SF_EXECUTION:
      ev.Execution.ProcessID = num(a);
      ev.Execution.ThreadID = num(b);
      break;
    case SF_CHANNEL: ev.Channel = str(a); break;
    case SF_COMPUTER: ev.Computer = str(a); break;
    case SF_SECURITY: ev.Security.UserID = str(a); break;
    default: break;
  }
}

function sourceValue(c: ElementNode, source: string | undefined, values: Value[]): EventValue {
  if (source === undefined) return null;
  return source === CONTENT ? contentOf(c, values) : attrOf(c, source, values);
}

/** One child element of `<System>` (unknown names are ignored). */
export function systemElem(c: ElementNode, values: Value[], ev: RawEvent): void {
  const f = SYSTEM_FIELDS.get(c.name);
  if (f === undefined) return;
  const s = f.sources;
  setSystemField(ev, f.field, sourceValue(c, s[0], values), sourceValue(c, s[1], values), sourceValue(c, s[2], values));
}

export interface EventDataState { out: Record<string, EventValue>; unnamed: EventValue[] | null }

/** One child element of `<EventData>`: `Data Name="X"` → `X`, unnamed Data in order under `Data`. */
export function eventDataElem(c: ElementNode, values: Value[], st: EventDataState): void {
  if (c.name === 'Data') {
    const n = attrOf(c, 'Name', values);
    const v = contentOf(c, values);
    if (n === null || n === '') {
      // An array substitution repeats its element once per item (MS-EVEN6): one entry each.
      const list = (st.unnamed ??= []);
      if (Array.isArray(v) && v.length > 0) for (const x of v) list.push(x);
      else list.push(Array.isArray(v) ? null : v); // an empty array still renders one <Data/>
    }
    else addKey(st.out, typeof n === 'string' ? n : textOf(n), v);
  } else addKey(st.out, c.name, elemValue(c, values));
}

/** One child element of `<Event>`. */
export function eventChild(c: ElementNode, values: Value[], ev: RawEvent): void {
  switch (c.name) {
    case 'System': eachElement(c.children, values, systemElem, ev); break;
    case 'EventData': {
      const st: EventDataState = { out: {}, unnamed: null };
      eachElement(c.children, values, eventDataElem, st);
      if (st.unnamed !== null) addKey(st.out, 'Data', st.unnamed);
      ev.EventData = st.out;
      break;
    }
    case 'UserData': ev.UserData = objectOf(c, c.children, values); break;
    case 'RenderingInfo': break;
    default:
      // ProcessingErrorData, DebugData, BinaryEventData…: kept under their own name.
      ev.EventData ??= {};
      addKey(ev.EventData, c.name, elemValue(c, values));
      break;
  }
}
