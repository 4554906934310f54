/**
 * RawEvent + provenance → NormalisedEvent. Pure and format-blind: the same event read from EVTX,
 * Event XML or JSON gives the same result (apart from `evidence`).
 */
import type { EventValue, RawEvent } from './raw-event';
import type { NormalisedEvent, Provenance, SystemFields } from './event';
import type { CimView } from './cim';
import type { Fields } from './fields';
import { fieldsOf, setOwn, str } from './fields';
import { normaliseGuid } from './guid';
import { parseUtcTime } from './time';
import type { UtcInstant } from './time';
import type { ViewContext } from './views/common';
import { processView } from './views/process';
import { registryView } from './views/registry';
import { filesystemView } from './views/filesystem';
import { imageLoadView } from './views/image-load';
import { networkView } from './views/network';

const SYSMON_PROVIDER = 'microsoft-windows-sysmon';
const SYSMON_CHANNEL = 'microsoft-windows-sysmon/operational';
const SECURITY_PROVIDER = 'microsoft-windows-security-auditing';

function sourceOf(raw: RawEvent): ViewContext['source'] {
  const provider = (raw.Provider.Name ?? '').toLowerCase();
  const channel = (raw.Channel ?? '').toLowerCase();
  if (provider === SYSMON_PROVIDER || channel === SYSMON_CHANNEL) return 'sysmon';
  if (provider === SECURITY_PROVIDER || channel === 'security') return 'security';
  return 'other';
}

/** Is `s` already `0x` + lower-case hex without leading zeros (what our EVTX reader writes)? */
function isCanonicalHex(s: string): boolean {
  const n = s.length;
  if (n < 3 || n > 18 || s.charCodeAt(0) !== 48 || s.charCodeAt(1) !== 120) return false;
  if (s.charCodeAt(2) === 48) return n === 3;
  for (let i = 2; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Keywords as lower-case hex; JSON sources may give the signed 64-bit decimal (`-9223372036854775808`). */
export function normaliseKeywords(k: string | null): string | null {
  if (k === null) return null;
  if (isCanonicalHex(k)) return k;
  const t = k.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return '0x' + BigInt(t).toString(16);
  if (/^-?\d+$/.test(t)) {
    const n = BigInt.asUintN(64, BigInt(t));
    return '0x' + n.toString(16);
  }
  return t;
}

/**
 * `#attributes` (the EVTX reader's, as evtx_dump writes them) holds an element's attributes, in
 * UserData the namespace declarations of its root: markup, not fields. The XML and JSON readers
 * drop them, so the model does too.
 */
function withoutAttributes(v: EventValue): EventValue {
  if (Array.isArray(v)) return v.map(withoutAttributes);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, EventValue> = {};
  for (const k of Object.keys(v)) if (k !== '#attributes') setOwn(out, k, withoutAttributes(v[k]!));
  return out;
}

/**
 * UserData is `{ <Root>: { field: … } }`: its single root's children become the fields; an empty
 * root (`<ServiceShutdown xmlns="…"/>`, read as `''`, `null` or an object of attributes only) has none.
 */
function userDataFields(u: RawEvent['UserData']): Fields {
  if (!u) return {};
  const keys = Object.keys(u);
  if (keys.length === 1) {
    const inner = u[keys[0]!];
    if (inner === null || inner === '') return {};
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) return fieldsOf(withoutAttributes(inner) as Record<string, EventValue>);
  }
  return fieldsOf(withoutAttributes(u) as Record<string, EventValue>);
}

function systemFields(raw: RawEvent): SystemFields {
  return {
    provider_name: raw.Provider.Name,
    provider_guid: normaliseGuid(raw.Provider.Guid) ?? raw.Provider.Guid,
    qualifiers: raw.Qualifiers,
    version: raw.Version,
    level: raw.Level,
    task: raw.Task,
    opcode: raw.Opcode,
    keywords: normaliseKeywords(raw.Keywords),
    user_sid: raw.Security.UserID === '' ? null : raw.Security.UserID,
    execution_process_id: raw.Execution.ProcessID,
    execution_thread_id: raw.Execution.ThreadID,
    activity_id: normaliseGuid(raw.Correlation.ActivityID),
    related_activity_id: normaliseGuid(raw.Correlation.RelatedActivityID),
  };
}

function viewOf(f: Fields, ctx: ViewContext): CimView | null {
  return processView(f, ctx) ?? registryView(f, ctx) ?? filesystemView(f, ctx) ?? imageLoadView(f, ctx) ?? networkView(f, ctx);
}

/**
 * Instants are kept to the microsecond (still written with 7 digits): the finest precision every
 * source of the same record carries (EVTX and Event XML have 100 ns, evtx_dump JSON writes 6
 * digits), so the same event from any of them gives the same model.
 */
function toMicroseconds(t: UtcInstant | null): UtcInstant | null {
  // `t` is parseUtcTime's own result: kept as it is when its 100 ns digit is already 0.
  return t === null || t.iso.charCodeAt(26) === 48 ? t : { iso: `${t.iso.slice(0, 26)}0Z`, ms: t.ms };
}

export function normaliseEvent(raw: RawEvent, provenance: Provenance): NormalisedEvent {
  const data = raw.EventData ? fieldsOf(raw.EventData) : userDataFields(raw.UserData);
  const source = sourceOf(raw);
  const created = toMicroseconds(parseUtcTime(raw.TimeCreated));
  const utc = source === 'sysmon' ? toMicroseconds(parseUtcTime(str(data, 'UtcTime'))) : null;
  const chosen = utc ?? created;
  const dest = raw.Computer === null || raw.Computer.trim() === '' ? null : raw.Computer;
  const ctx: ViewContext = { dest, source, eventId: raw.EventID, time: chosen?.iso ?? null };
  const ev: NormalisedEvent = {
    evidence: provenance.evidence,
    record_id: raw.EventRecordID,
    dest,
    event_id: raw.EventID,
    channel: raw.Channel,
    time: chosen?.iso ?? null,
    time_ms: chosen?.ms ?? null,
    time_source: utc ? 'UtcTime' : created ? 'TimeCreated' : 'none',
    time_created: created?.iso ?? null,
    utc_time: utc?.iso ?? null,
    system: systemFields(raw),
    data,
    view: viewOf(data, ctx),
  };
  if (raw.recovered !== undefined) ev.recovered = raw.recovered;
  return ev;
}


