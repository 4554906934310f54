/**
 * Expanded element tree → `RawEvent` (the Event schema's `<System>`, `<EventData>`,
 * `<UserData>`; libyal EVTX doc §5 "Event record XML"). Values keep the types decoded from the
 * substitutions (numbers, strings, booleans, arrays). Nested elements become objects the way the
 * Rust evtx_dump JSON does: attributes under `#attributes`, mixed text under `#text`, repeated
 * names suffixed `_1`, `_2`, ….
 */
import { emptyRawEvent } from '../../../model/raw-event';
import type { EventValue, RawEvent } from '../../../model/raw-event';
import type { Scalar } from '../binxml/nodes';
import { CData, EntityText, PInstr, isElem, scalarText } from './tree';
import type { Child, Elem } from './tree';

function leafValue(c: Child): EventValue | undefined {
  if (c instanceof CData) return c.text;
  if (c instanceof EntityText) return `&${c.name};`;
  if (c instanceof PInstr) return undefined;
  return c as Scalar | Scalar[];
}

/** Content of an element with no child elements: its single value, or its leaves as text. */
export function contentValue(el: Elem): EventValue {
  const ch = el.children;
  if (ch.length === 0) return null;
  for (const c of ch) if (isElem(c)) return toObject(el);
  if (ch.length === 1) return leafValue(ch[0]!) ?? null;
  let s = '';
  let any = false;
  for (const c of ch) {
    const v = leafValue(c);
    if (v === undefined || v === null) continue;
    s += Array.isArray(v) ? scalarText(v as Scalar[]) : String(v);
    any = true;
  }
  return any ? s : null;
}

function addKey(obj: Record<string, EventValue>, key: string, v: EventValue): void {
  if (!(key in obj)) { obj[key] = v; return; }
  for (let i = 1; ; i++) {
    const k = `${key}_${i}`;
    if (!(k in obj)) { obj[k] = v; return; }
  }
}

/** Element → value: plain content when it has neither attributes nor child elements. */
function elemValue(el: Elem): EventValue {
  if (el.attrs.length === 0) return contentValue(el);
  return toObject(el);
}

/** Element → object (name → content), Rust-evtx_dump style. */
export function toObject(el: Elem): Record<string, EventValue> {
  const obj: Record<string, EventValue> = {};
  if (el.attrs.length > 0) {
    const a: Record<string, EventValue> = {};
    for (const at of el.attrs) a[at.name] = at.value;
    obj['#attributes'] = a;
  }
  let text = '';
  let hasText = false;
  for (const c of el.children) {
    if (isElem(c)) addKey(obj, c.name, elemValue(c));
    else {
      const v = leafValue(c);
      if (v !== undefined && v !== null) {
        text += Array.isArray(v) ? scalarText(v as Scalar[]) : String(v);
        hasText = true;
      }
    }
  }
  if (hasText) obj['#text'] = text;
  return obj;
}

function attr(el: Elem, name: string): Scalar | Scalar[] | undefined {
  for (const a of el.attrs) if (a.name === name) return a.value;
  return undefined;
}
function str(v: EventValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return scalarText(v as Scalar[]);
  if (typeof v === 'object') return null;
  return String(v);
}
function num(v: EventValue | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') {
    if (/^\d+$/.test(v)) return Number(v);
    if (/^0x[0-9a-f]+$/i.test(v)) return Number.parseInt(v.slice(2), 16);
  }
  return null;
}

function fillSystem(sys: Elem, ev: RawEvent): void {
  for (const c of sys.children) {
    if (!isElem(c)) continue;
    switch (c.name) {
      case 'Provider':
        ev.Provider.Name = str(attr(c, 'Name'));
        ev.Provider.Guid = str(attr(c, 'Guid'));
        ev.Provider.EventSourceName = str(attr(c, 'EventSourceName'));
        break;
      case 'EventID':
        ev.EventID = num(contentValue(c));
        ev.Qualifiers = num(attr(c, 'Qualifiers'));
        break;
      case 'Version': ev.Version = num(contentValue(c)); break;
      case 'Level': ev.Level = num(contentValue(c)); break;
      case 'Task': ev.Task = num(contentValue(c)); break;
      case 'Opcode': ev.Opcode = num(contentValue(c)); break;
      case 'Keywords': {
        const v = contentValue(c);
        ev.Keywords = typeof v === 'number' ? '0x' + v.toString(16) : str(v);
        break;
      }
      case 'TimeCreated': ev.TimeCreated = str(attr(c, 'SystemTime')); break;
      case 'EventRecordID': ev.EventRecordID = num(contentValue(c)); break;
      case 'Correlation':
        ev.Correlation.ActivityID = str(attr(c, 'ActivityID'));
        ev.Correlation.RelatedActivityID = str(attr(c, 'RelatedActivityID'));
        break;
      case 'Execution':
        ev.Execution.ProcessID = num(attr(c, 'ProcessID'));
        ev.Execution.ThreadID = num(attr(c, 'ThreadID'));
        break;
      case 'Channel': ev.Channel = str(contentValue(c)); break;
      case 'Computer': ev.Computer = str(contentValue(c)); break;
      case 'Security': ev.Security.UserID = str(attr(c, 'UserID')); break;
      default: break;
    }
  }
}

/** `<EventData>`: `Data Name="X"` → X; unnamed `Data` in order under `Data`; other children by name. */
export function eventDataObject(ed: Elem): Record<string, EventValue> {
  const out: Record<string, EventValue> = {};
  let unnamed: EventValue[] | null = null;
  for (const c of ed.children) {
    if (!isElem(c)) continue;
    if (c.name === 'Data') {
      const n = attr(c, 'Name');
      const v = contentValue(c);
      if (n === undefined || n === null || n === '') {
        if (unnamed === null) { unnamed = []; }
        unnamed.push(v);
      } else addKey(out, scalarText(n), v);
    } else addKey(out, c.name, elemValue(c));
  }
  if (unnamed !== null) addKey(out, 'Data', unnamed);
  return out;
}

/**
 * Builds the RawEvent of one record from its expanded top-level children. `recordId` and
 * `writtenTime` (from the record header) fill EventRecordID/TimeCreated when `<System>` lacks them.
 */
export function toRawEvent(top: Child[], recordId: number, writtenTime: string): RawEvent {
  const ev = emptyRawEvent();
  let event: Elem | null = null;
  for (const c of top) if (isElem(c)) { event = c; break; }
  if (event !== null) {
    for (const c of event.children) {
      if (!isElem(c)) continue;
      switch (c.name) {
        case 'System': fillSystem(c, ev); break;
        case 'EventData': ev.EventData = eventDataObject(c); break;
        case 'UserData': ev.UserData = toObject(c); break;
        case 'RenderingInfo': break;
        default:
          // ProcessingErrorData, DebugData, BinaryEventData…: kept, under their own name.
          ev.EventData ??= {};
          addKey(ev.EventData, c.name, elemValue(c));
          break;
      }
    }
  }
  ev.EventRecordID ??= recordId;
  ev.TimeCreated ??= writtenTime;
  return ev;
}
