/**
 * Turns the element tree of one `<Event>` into a RawEvent. Names are compared by local name
 * (namespace prefixes ignored). `<RenderingInfo>` is ignored (the Message is a rendering, not
 * data; the fields it renders are in EventData).
 */
import type { EventValue, RawEvent } from '../../model/raw-event';
import { emptyRawEvent } from '../../model/raw-event';
import { setOwn } from '../../model/fields';
import { parseUtcTime } from '../../model/time';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

export function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

function child(n: XmlNode | undefined, name: string): XmlNode | undefined {
  return n?.children.find((c) => c.name === name);
}

function text(n: XmlNode | undefined): string | null {
  return n ? n.text : null;
}

function attr(n: XmlNode | undefined, name: string): string | null {
  if (!n) return null;
  const v = n.attrs[name];
  return v === undefined || v === '' ? null : v;
}

export interface BuildResult {
  event: RawEvent;
  /** Problems as messages (bad number, bad time). */
  problems: string[];
}

function toInt(v: string | null, field: string, problems: string[]): number | null {
  if (v === null) return null;
  const t = v.trim();
  if (t === '') return null;
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : /^-?\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n)) {
    problems.push(`${field}: not an integer: ${JSON.stringify(t.slice(0, 40))}`);
    return null;
  }
  return n;
}

/** `SystemTime` is UTC by the Event schema; zone-less renderings (`2023-02-06 22:07:30.404066`) are taken as UTC. */
function systemTimeToIso(v: string | null, problems: string[]): string | null {
  if (v === null) return null;
  const t = parseUtcTime(v);
  if (!t) problems.push(`TimeCreated: not a timestamp: ${JSON.stringify(v.slice(0, 40))}`);
  return t?.iso ?? null;
}

/** Element → value for UserData: leaves become text, repeated names arrays. */
function treeValue(n: XmlNode): EventValue {
  if (n.children.length === 0) return n.text;
  const out: Record<string, EventValue> = {};
  for (const c of n.children) {
    const v = treeValue(c);
    const prev = Object.hasOwn(out, c.name) ? out[c.name] : undefined;
    if (prev === undefined) setOwn(out, c.name, v);
    else if (Array.isArray(prev)) prev.push(v); // treeValue never returns an array, so this is a repeat list
    else setOwn(out, c.name, [prev, v]);
  }
  return out;
}

export function buildRawEvent(ev: XmlNode): BuildResult {
  const problems: string[] = [];
  const r = emptyRawEvent();
  const sys = child(ev, 'System');
  const provider = child(sys, 'Provider');
  r.Provider = { Name: attr(provider, 'Name'), Guid: attr(provider, 'Guid'), EventSourceName: attr(provider, 'EventSourceName') };
  const eid = child(sys, 'EventID');
  r.EventID = toInt(text(eid), 'EventID', problems);
  r.Qualifiers = toInt(attr(eid, 'Qualifiers'), 'Qualifiers', problems);
  r.Version = toInt(text(child(sys, 'Version')), 'Version', problems);
  r.Level = toInt(text(child(sys, 'Level')), 'Level', problems);
  r.Task = toInt(text(child(sys, 'Task')), 'Task', problems);
  r.Opcode = toInt(text(child(sys, 'Opcode')), 'Opcode', problems);
  const kw = text(child(sys, 'Keywords'));
  r.Keywords = kw === null || kw.trim() === '' ? null : kw.trim();
  r.TimeCreated = systemTimeToIso(attr(child(sys, 'TimeCreated'), 'SystemTime'), problems);
  r.EventRecordID = toInt(text(child(sys, 'EventRecordID')), 'EventRecordID', problems);
  const corr = child(sys, 'Correlation');
  r.Correlation = { ActivityID: attr(corr, 'ActivityID'), RelatedActivityID: attr(corr, 'RelatedActivityID') };
  const exe = child(sys, 'Execution');
  r.Execution = { ProcessID: toInt(attr(exe, 'ProcessID'), 'ProcessID', problems), ThreadID: toInt(attr(exe, 'ThreadID'), 'ThreadID', problems) };
  const ch = text(child(sys, 'Channel'));
  r.Channel = ch === null || ch === '' ? null : ch;
  const comp = text(child(sys, 'Computer'));
  r.Computer = comp === null || comp === '' ? null : comp;
  r.Security = { UserID: attr(child(sys, 'Security'), 'UserID') };

  const ed = child(ev, 'EventData');
  if (ed) {
    const data: Record<string, EventValue> = {};
    const unnamed: EventValue[] = [];
    for (const c of ed.children) {
      if (c.name === 'Data') {
        const name = c.attrs['Name'];
        if (name !== undefined && name !== '') setOwn(data, name, c.text);
        else unnamed.push(c.text);
      } else {
        setOwn(data, c.name, treeValue(c)); // e.g. <Binary>
      }
    }
    if (unnamed.length) data['Data'] = unnamed;
    r.EventData = data;
  }
  const ud = child(ev, 'UserData');
  if (ud) {
    const out: Record<string, EventValue> = {};
    for (const c of ud.children) setOwn(out, c.name, treeValue(c));
    r.UserData = out;
  }
  return { event: r, problems };
}
