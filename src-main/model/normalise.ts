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
import { parseUtcMicroseconds } from './time';
import type { ViewContext } from './views/common';
import { processView } from './views/process';
import { registryView } from './views/registry';
import { filesystemView } from './views/filesystem';
import { imageLoadView } from './views/image-load';
import { networkView } from './views/network';

const SYSMON_PROVIDER = 'microsoft-windows-sysmon';
const SYSMON_CHANNEL = 'microsoft-windows-sysmon/operational';
const SECURITY_PROVIDER = 'microsoft-windows-security-auditing';

function sourceOfNames(providerName: string | null, channelName: string | null): ViewContext['source'] {
  const provider = (providerName ?? '').toLowerCase();
  const channel = (channelName ?? '').toLowerCase();
  if (provider === SYSMON_PROVIDER || channel === SYSMON_CHANNEL) return 'sysmon';
  if (provider === SECURITY_PROVIDER || channel === 'security') return 'security';
  return 'other';
}

/** The last provider and channel seen and their source (`other` for none): a file's events nearly all share them. */
let lastProvider: string | null = null;
let lastChannel: string | null = null;
let lastSource: ViewContext['source'] = 'other';

/** The event's source (`sysmon`, `security`, `other`), from its provider name and channel; only the first two have CIM views. */
export function sourceOf(raw: RawEvent): ViewContext['source'] {
  const provider = raw.Provider.Name;
  const channel = raw.Channel;
  if (provider === lastProvider && channel === lastChannel) return lastSource;
  const source = sourceOfNames(provider, channel);
  // over-long names (not real ones; evidence is attacker-controlled) are not kept alive
  if ((provider?.length ?? 0) <= 256 && (channel?.length ?? 0) <= 256) {
    lastProvider = provider;
    lastChannel = channel;
    lastSource = source;
  }
  return source;
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
export function userDataFields(u: RawEvent['UserData']): Fields {
  if (!u) return {};
  const keys = Object.keys(u);
  if (keys.length === 1) {
    const inner = u[keys[0]!];
    if (inner === null || inner === '') return {};
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) return fieldsOf(withoutAttributes(inner) as Record<string, EventValue>);
  }
  return fieldsOf(withoutAttributes(u) as Record<string, EventValue>);
}

/** The event's `dest`: the record's Computer, null when empty. */
export function destOf(raw: RawEvent): string | null {
  return raw.Computer === null || raw.Computer.trim() === '' ? null : raw.Computer;
}

/** The provider GUID as `{UPPER}`; kept as written when it is not a GUID. */
export function providerGuidOf(raw: RawEvent): string | null {
  return normaliseGuid(raw.Provider.Guid) ?? raw.Provider.Guid;
}

/** The user SID; an empty one is none. */
export function userSidOf(raw: RawEvent): string | null {
  return raw.Security.UserID === '' ? null : raw.Security.UserID;
}

function systemFields(raw: RawEvent): SystemFields {
  return {
    provider_name: raw.Provider.Name,
    provider_guid: providerGuidOf(raw),
    qualifiers: raw.Qualifiers,
    version: raw.Version,
    level: raw.Level,
    task: raw.Task,
    opcode: raw.Opcode,
    keywords: normaliseKeywords(raw.Keywords),
    user_sid: userSidOf(raw),
    execution_process_id: raw.Execution.ProcessID,
    execution_thread_id: raw.Execution.ThreadID,
    activity_id: normaliseGuid(raw.Correlation.ActivityID),
    related_activity_id: normaliseGuid(raw.Correlation.RelatedActivityID),
  };
}

/**
 * The Security EventIDs a view is built for (views/process.ts 4688 and 4689, views/registry.ts 4657,
 * views/filesystem.ts 4663). `viewOf` builds none for any other Security event, so a view for a new
 * one needs its ID here too.
 */
const SECURITY_VIEW_EVENT_IDS: ReadonlySet<number> = new Set([4657, 4663, 4688, 4689]);

/**
 * Whether an event of this source and EventID can have a CIM view at all (whatever its fields):
 * every Sysmon event may, a Security event only with one of `SECURITY_VIEW_EVENT_IDS`, no other.
 * The worker packs an event that cannot, and whose data is not sent, without its fields
 * (evidence-reading/packed-batch-encode.ts `addRaw`).
 */
export function mayHaveView(source: ViewContext['source'], eventId: number | null): boolean {
  return source === 'sysmon' || (source === 'security' && eventId !== null && SECURITY_VIEW_EVENT_IDS.has(eventId));
}

/** The event's CIM view; only Sysmon and Security events have one (every view builder checks the source first). */
function viewOf(f: Fields, dest: string | null, source: ViewContext['source'], eventId: number | null, time: string | null): CimView | null {
  if (!mayHaveView(source, eventId)) return null;
  const ctx: ViewContext = { dest, source, eventId, time };
  return processView(f, ctx) ?? registryView(f, ctx) ?? filesystemView(f, ctx) ?? imageLoadView(f, ctx) ?? networkView(f, ctx);
}

/**
 * Instants are kept to the microsecond (still written with 7 digits): the finest precision every
 * source of the same record carries (EVTX and Event XML have 100 ns, evtx_dump JSON writes 6
 * digits), so the same event from any of them gives the same model (time.ts `parseUtcMicroseconds`).
 */
export function normaliseEvent(raw: RawEvent, provenance: Provenance): NormalisedEvent {
  const data = raw.EventData ? fieldsOf(raw.EventData) : userDataFields(raw.UserData);
  const source = sourceOf(raw);
  const created = parseUtcMicroseconds(raw.TimeCreated);
  const utc = source === 'sysmon' ? parseUtcMicroseconds(str(data, 'UtcTime')) : null;
  const chosen = utc ?? created;
  const dest = destOf(raw);
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
    view: viewOf(data, dest, source, raw.EventID, chosen?.iso ?? null),
  };
  if (raw.recovered !== undefined) ev.recovered = raw.recovered;
  return ev;
}


