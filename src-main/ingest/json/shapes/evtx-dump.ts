/**
 * evtx_dump (Rust `evtx` crate) JSON: `{"Event": {"#attributes": …, "System": …, "EventData": …}}`.
 * Attributes live under `#attributes`; an element with both attributes and text has `#text`.
 */
import type { EventValue, RawEvent } from '../../../model/raw-event';
import { emptyRawEvent } from '../../../model/raw-event';
import { setOwn } from '../../../model/fields';
import type { Json, JsonObject } from './common';
import { eventValue, get, isObject, keywordsOf, toInt, toStr, utcIso } from './common';

export function isEvtxDump(o: JsonObject): boolean {
  return isObject(o['Event']) && isObject((o['Event'] as JsonObject)['System']);
}

/** The text of an element that may be written as a scalar or as `{ "#text": …, "#attributes": … }`. */
function textOf(v: Json | undefined): Json | undefined {
  return isObject(v) ? v['#text'] : v;
}

function attrs(v: Json | undefined): JsonObject {
  const a = isObject(v) ? v['#attributes'] : undefined;
  return isObject(a) ? a : {};
}

export function fromEvtxDump(o: JsonObject, problems: string[]): RawEvent {
  const ev = o['Event'] as JsonObject;
  const sys = ev['System'] as JsonObject;
  const r = emptyRawEvent();
  const prov = attrs(sys['Provider']);
  r.Provider = { Name: toStr(prov['Name']), Guid: toStr(prov['Guid']), EventSourceName: toStr(prov['EventSourceName']) };
  r.EventID = toInt(textOf(sys['EventID']), 'EventID', problems);
  r.Qualifiers = toInt(attrs(sys['EventID'])['Qualifiers'], 'Qualifiers', problems);
  r.Version = toInt(textOf(sys['Version']), 'Version', problems);
  r.Level = toInt(textOf(sys['Level']), 'Level', problems);
  r.Task = toInt(textOf(sys['Task']), 'Task', problems);
  r.Opcode = toInt(textOf(sys['Opcode']), 'Opcode', problems);
  r.Keywords = keywordsOf(textOf(sys['Keywords']));
  r.TimeCreated = utcIso(attrs(sys['TimeCreated'])['SystemTime'], true, 'TimeCreated', problems);
  r.EventRecordID = toInt(textOf(sys['EventRecordID']), 'EventRecordID', problems);
  const corr = attrs(sys['Correlation']);
  r.Correlation = { ActivityID: toStr(corr['ActivityID']), RelatedActivityID: toStr(corr['RelatedActivityID']) };
  const exe = attrs(sys['Execution']);
  r.Execution = { ProcessID: toInt(exe['ProcessID'], 'ProcessID', problems), ThreadID: toInt(exe['ThreadID'], 'ThreadID', problems) };
  r.Channel = toStr(textOf(sys['Channel']));
  r.Computer = toStr(textOf(sys['Computer']));
  r.Security = { UserID: toStr(attrs(sys['Security'])['UserID']) };

  const ed = ev['EventData'];
  if (isObject(ed)) {
    const data: Record<string, EventValue> = {};
    for (const [k, v] of Object.entries(ed)) {
      if (k === '#attributes') continue;
      if (k === 'Data' && Array.isArray(v) && v.every((x) => isObject(x) && toStr(get(x, '#attributes', 'Name')) !== null)) {
        // `Data: [{ "#attributes": { "Name": … }, "#text": … }]`
        for (const x of v) setOwn(data, toStr(get(x, '#attributes', 'Name'))!, eventValue(textOf(x) ?? null));
        continue;
      }
      const val = eventValue(v);
      // unnamed <Data> elements: `Data: { "#text": [..] }` or `Data: "x"` → array under `Data`
      setOwn(data, k, k === 'Data' && !Array.isArray(val) && (typeof val !== 'object' || val === null) ? [val] : val);
    }
    r.EventData = data;
  } else if (ed !== undefined && ed !== null) {
    r.EventData = { Data: [eventValue(ed)] };
  }
  const ud = ev['UserData'];
  if (isObject(ud)) {
    const v = eventValue(ud);
    r.UserData = isObject(v as Json) ? (v as Record<string, EventValue>) : null;
  }
  return r;
}
