/**
 * A normalised event → its Event XML as Windows renders it for forwarding (`EvtRender`, what a
 * Splunk Universal Forwarder with `renderXml = true` sends as `XmlWinEventLog`): one line, the
 * event schema's namespace, attributes in single quotes, `<System>` in schema order, then
 * `<EventData>` with one `<Data Name='…'>` per field (MS-EVEN6 event.xsd). Built from the
 * normalised fields whatever the source was (EVTX, Event XML or JSON), so every event gets the
 * same shape. UserData fields (flattened one level by the model) are written as EventData.
 *
 * Every value is escaped: `& < >` in text, also `' "` in attributes, CR (and in attributes tab and
 * LF) as character references so they survive an XML parser's normalisation. Characters that
 * XML 1.0 cannot carry at all, not even as a reference (C0 controls other than tab/LF/CR,
 * U+FFFE/U+FFFF, lone surrogates), are written as the marker `⟨U+0001⟩` of shared/display-text.ts,
 * so the document stays well-formed and the code point is still visible.
 */
import { marker } from '../shared/display-text';
import type { NormalisedEvent } from '../model/event';
import type { FieldValue } from '../model/fields';

const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';

const NOT_XML = '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const TEXT_RE = new RegExp(`[&<>\\r]|${NOT_XML}`, 'g');
const ATTR_RE = new RegExp(`[&<>'"\\r\\n\\t]|${NOT_XML}`, 'g');

function escapeChar(ch: string): string {
  switch (ch) {
    case '&': return '&amp;';
    case '<': return '&lt;';
    case '>': return '&gt;';
    case "'": return '&apos;';
    case '"': return '&quot;';
    case '\r': return '&#xD;';
    case '\n': return '&#xA;';
    case '\t': return '&#x9;';
    default: return marker(ch.charCodeAt(0));
  }
}

export function xmlText(s: string): string {
  TEXT_RE.lastIndex = 0;
  return TEXT_RE.test(s) ? s.replace(TEXT_RE, escapeChar) : s;
}

export function xmlAttr(s: string): string {
  ATTR_RE.lastIndex = 0;
  return ATTR_RE.test(s) ? s.replace(ATTR_RE, escapeChar) : s;
}

function el(name: string, value: string | number | null): string {
  return value === null ? '' : `<${name}>${xmlText(String(value))}</${name}>`;
}

function attrs(pairs: [string, string | number | null][]): string {
  let out = '';
  for (const [k, v] of pairs) if (v !== null) out += ` ${k}='${xmlAttr(String(v))}'`;
  return out;
}

function dataText(v: FieldValue): string {
  return typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v);
}

function eventData(data: Record<string, FieldValue>): string {
  const keys = Object.keys(data);
  if (keys.length === 0) return '';
  let out = '<EventData>';
  for (const k of keys) {
    const v = data[k]!;
    // Unnamed <Data> elements are kept by the readers as a list under `Data`: written back unnamed.
    if (k === 'Data' && Array.isArray(v)) {
      for (const item of v) out += `<Data>${xmlText(dataText(item))}</Data>`;
    } else {
      out += `<Data Name='${xmlAttr(k)}'>${xmlText(dataText(v))}</Data>`;
    }
  }
  return out + '</EventData>';
}

export function eventXml(ev: NormalisedEvent): string {
  const s = ev.system;
  const eventId = ev.event_id === null ? '' : `<EventID${attrs([['Qualifiers', s.qualifiers]])}>${ev.event_id}</EventID>`;
  const correlation = `<Correlation${attrs([['ActivityID', s.activity_id], ['RelatedActivityID', s.related_activity_id]])}/>`;
  const execution = s.execution_process_id === null && s.execution_thread_id === null
    ? '' : `<Execution${attrs([['ProcessID', s.execution_process_id], ['ThreadID', s.execution_thread_id]])}/>`;
  return `<Event xmlns='${EVENT_NAMESPACE}'><System>`
    + `<Provider${attrs([['Name', s.provider_name], ['Guid', s.provider_guid]])}/>`
    + eventId
    + el('Version', s.version) + el('Level', s.level) + el('Task', s.task) + el('Opcode', s.opcode) + el('Keywords', s.keywords)
    + (ev.time_created === null ? '' : `<TimeCreated SystemTime='${xmlAttr(ev.time_created)}'/>`)
    + el('EventRecordID', ev.record_id)
    + correlation + execution
    + el('Channel', ev.channel) + el('Computer', ev.dest)
    + `<Security${attrs([['UserID', s.user_sid]])}/>`
    + `</System>${eventData(ev.data)}</Event>`;
}
